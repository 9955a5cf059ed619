/** The HTTP transport that carries callbacks to merchants. */
@NullMarked
package com.paynotify.http;

import org.jspecify.annotations.NullMarked;

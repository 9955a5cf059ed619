/** The Paynotify facade: create, deliver, query, retry and abandon payment notifications. */
@NullMarked
package com.paynotify;

import org.jspecify.annotations.NullMarked;

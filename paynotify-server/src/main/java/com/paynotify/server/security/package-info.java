/** Who may call the API. */
@NullMarked
package com.paynotify.server.security;

import org.jspecify.annotations.NullMarked;

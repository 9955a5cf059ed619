/** The Paynotify server: Spring wiring, HTTP API, security and metrics. */
@NullMarked
package com.paynotify.server;

import org.jspecify.annotations.NullMarked;

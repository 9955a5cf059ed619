/** The HTTP API, v1. */
@NullMarked
package com.paynotify.server.api;

import org.jspecify.annotations.NullMarked;

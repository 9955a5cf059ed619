/** Spring wiring of the core, mapped from properties. */
@NullMarked
package com.paynotify.server.config;

import org.jspecify.annotations.NullMarked;

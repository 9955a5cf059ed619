/** Retry policies: named schedules of intervals between attempts. */
@NullMarked
package com.paynotify.retry;

import org.jspecify.annotations.NullMarked;

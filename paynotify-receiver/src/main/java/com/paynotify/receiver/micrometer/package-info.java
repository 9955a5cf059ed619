/**
 * Receiver metrics in Micrometer; loaded only when Micrometer (an optional dependency) is present.
 */
@NullMarked
package com.paynotify.receiver.micrometer;

import org.jspecify.annotations.NullMarked;

/**
 * Operational alerts: final failures, failing merchants and a stale backlog, opened and resolved.
 */
@NullMarked
package com.paynotify.alert;

import org.jspecify.annotations.NullMarked;

/** Notifications, their attempts, and the store port that keeps them. */
@NullMarked
package com.paynotify.notification;

import org.jspecify.annotations.NullMarked;

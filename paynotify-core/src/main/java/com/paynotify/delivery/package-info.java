/** The dispatcher: claims due notifications, sends them, records the outcome. */
@NullMarked
package com.paynotify.delivery;

import org.jspecify.annotations.NullMarked;

/** The callback wire formats shared by the sender and the merchant-side receiver. */
@NullMarked
package com.paynotify.channel;

import org.jspecify.annotations.NullMarked;

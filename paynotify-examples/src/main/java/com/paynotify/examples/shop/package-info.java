/**
 * A sample shop that receives its payment callbacks with {@code paynotify-receiver}: one endpoint
 * per channel, an {@code orders} table marked paid in the same transaction as the receiver's DONE
 * mark. Start at {@link com.paynotify.examples.shop.SampleShop}.
 */
@NullMarked
package com.paynotify.examples.shop;

import org.jspecify.annotations.NullMarked;

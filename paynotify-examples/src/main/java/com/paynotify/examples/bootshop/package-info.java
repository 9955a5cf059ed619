/**
 * The sample shop as a Spring Boot application on {@code paynotify-receiver-spring-boot-starter}:
 * its receivers come from {@code paynotify.receiver.*}, its order update joins the receiver's
 * transaction. Start at {@link com.paynotify.examples.bootshop.BootShopApplication}.
 */
@NullMarked
package com.paynotify.examples.bootshop;

import org.jspecify.annotations.NullMarked;

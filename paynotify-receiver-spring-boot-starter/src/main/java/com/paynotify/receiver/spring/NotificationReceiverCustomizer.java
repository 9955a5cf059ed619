package com.paynotify.receiver.spring;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.NotificationReceiver;

/**
 * Changes one channel's receiver builder after the {@code paynotify.receiver.*} settings were
 * applied, for what properties cannot say (a check of that channel only, a clock). Declare it as a
 * bean; every customizer is called for every configured channel, in bean order.
 */
@FunctionalInterface
public interface NotificationReceiverCustomizer {

  void customize(Channel channel, NotificationReceiver.Builder builder);
}

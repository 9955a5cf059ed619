package com.paynotify;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.retry.RetryPolicies;
import java.util.Arrays;
import java.util.List;

/**
 * The vocabulary of the API, what the console and clients build their menus from: every payment
 * status, notification status, channel and error kind, each with the rule that goes with it. Read
 * from the enums and the configured channel defaults, so a menu cannot offer what the engine
 * refuses.
 *
 * @param paymentStatuses in declaration order, each with whether a notification may be sent for it
 * @param notificationStatuses in declaration order, each with whether an operator may retry it
 * @param channels each with its acknowledgement rule and the policy a notification naming none gets
 * @param errorKinds why an attempt may fail, by name
 */
public record Meta(
    List<PaymentStatusEntry> paymentStatuses,
    List<NotificationStatusEntry> notificationStatuses,
    List<ChannelEntry> channels,
    List<String> errorKinds) {

  public Meta {
    paymentStatuses = List.copyOf(paymentStatuses);
    notificationStatuses = List.copyOf(notificationStatuses);
    channels = List.copyOf(channels);
    errorKinds = List.copyOf(errorKinds);
  }

  /** What the enums say, with each channel's default policy as {@code policies} has it. */
  static Meta of(RetryPolicies policies) {
    return new Meta(
        Arrays.stream(PaymentStatus.values())
            .map(s -> new PaymentStatusEntry(s.name(), s.notifiable()))
            .toList(),
        Arrays.stream(NotificationStatus.values())
            .map(s -> new NotificationStatusEntry(s.name(), s.retryable()))
            .toList(),
        Arrays.stream(Channel.values())
            .map(c -> new ChannelEntry(c.name(), c.ackRule(), policies.defaultOf(c)))
            .toList(),
        Arrays.stream(ErrorKind.values()).map(ErrorKind::name).toList());
  }

  /**
   * A payment status.
   *
   * @param name as the API writes it
   * @param notified whether a notification may be created for it (a final state)
   */
  public record PaymentStatusEntry(String name, boolean notified) {}

  /**
   * A notification status.
   *
   * @param name as the API writes it
   * @param retryable whether an operator may retry a notification in it
   */
  public record NotificationStatusEntry(String name, boolean retryable) {}

  /**
   * A channel.
   *
   * @param name as the API writes it
   * @param ackRule what answer from the merchant counts as an acknowledgement, in a few words
   * @param defaultPolicy the retry policy a notification naming none is given
   */
  public record ChannelEntry(String name, String ackRule, String defaultPolicy) {}
}

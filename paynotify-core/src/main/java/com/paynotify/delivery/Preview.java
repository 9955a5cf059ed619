package com.paynotify.delivery;

import com.paynotify.NotFoundException;
import com.paynotify.channel.Callback;
import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentEvent;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationIds;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The callback a notification would send now, signed with its merchant's current keys by the code
 * an attempt uses, for a merchant's developers to replay. It differs from one sent earlier only by
 * its timestamp and nonce. The merchant's default headers are there with their values redacted, as
 * they are secrets. A {@linkplain #sample sample} is signed the same way for an event no
 * notification holds. Nothing is stored.
 */
public final class Preview {
  /** The sample's amount: the least a payment can be, so a handler that books it books nothing. */
  public static final BigDecimal SAMPLE_AMOUNT = new BigDecimal("0.01");

  private final DeliveryQueue queue;
  private final Signer signer;
  private final InstantSource clock;

  public Preview(DeliveryQueue queue, CredentialSource credentials, InstantSource clock) {
    this.queue = queue;
    this.signer = new Signer(credentials);
    this.clock = clock;
  }

  /** A signed callback and where it goes; a merchant default header's value is {@code redacted}. */
  public record Signed(String url, Callback callback) {}

  /**
   * A sample callback signed to be sent: {@code callback} as it goes, with the merchant's default
   * headers, and {@code shown} as it may be shown, their values {@code redacted}.
   */
  public record Sample(String url, Callback callback, Callback shown) {}

  /**
   * @throws NotFoundException if there is no such notification, or its merchant has no keys for the
   *     channel
   */
  public Signed of(String notificationId) {
    return of(
        queue
            .find(notificationId)
            .orElseThrow(() -> new NotFoundException("notification", notificationId)));
  }

  /**
   * A sample paid order of 0.01 CNY, order number {@code TEST-…}, in the merchant's {@code channel}
   * format, signed with its current keys as a real callback to {@code url} would be.
   *
   * @throws NotFoundException if the merchant has no keys for the channel
   */
  public Sample sample(String merchantId, Channel channel, String url) {
    var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var id = NotificationIds.next(now);
    var event =
        new PaymentEvent(
            id,
            merchantId,
            "TEST-" + id.substring(id.length() - 12),
            "TEST-" + id.substring(4),
            PaymentStatus.SUCCESS,
            SAMPLE_AMOUNT,
            null,
            "CNY",
            Map.of(),
            now);
    var signed =
        signer
            .sign(channel, event, Map.of(), now)
            .orElseThrow(
                () -> new NotFoundException(channel + " credentials of merchant", merchantId));
    return new Sample(url, signed.callback(), signed.shown());
  }

  /**
   * @throws NotFoundException if the notification's merchant has no keys for its channel
   */
  public Signed of(Notification n) {
    var signed =
        signer
            .sign(n, clock.instant())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        n.channel() + " credentials of merchant", n.merchantId()));
    return new Signed(n.notifyUrl(), signed.shown());
  }
}

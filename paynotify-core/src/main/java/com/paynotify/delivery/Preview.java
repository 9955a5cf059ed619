package com.paynotify.delivery;

import com.paynotify.NotFoundException;
import com.paynotify.channel.Callback;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStore;
import java.time.InstantSource;

/**
 * The callback a notification would send now, signed with its merchant's current keys by the code
 * an attempt uses, for a merchant's developers to replay. It differs from one sent earlier only by
 * its timestamp and nonce. The merchant's default headers are there with their values redacted, as
 * they are secrets. Nothing is sent or stored.
 */
public final class Preview {
  private final NotificationStore store;
  private final Signer signer;
  private final InstantSource clock;

  public Preview(NotificationStore store, CredentialSource credentials, InstantSource clock) {
    this.store = store;
    this.signer = new Signer(credentials);
    this.clock = clock;
  }

  /** A signed callback and where it goes; a merchant default header's value is {@code redacted}. */
  public record Signed(String url, Callback callback) {}

  /** @throws NotFoundException if there is no such notification, or its merchant has no keys for the channel */
  public Signed of(String notificationId) {
    return of(store.find(notificationId).orElseThrow(() -> new NotFoundException("notification", notificationId)));
  }

  /** @throws NotFoundException if the notification's merchant has no keys for its channel */
  public Signed of(Notification n) {
    var signed = signer.sign(n, clock.instant())
        .orElseThrow(() -> new NotFoundException(n.channel() + " credentials of merchant", n.merchantId()));
    return new Signed(n.notifyUrl(), signed.shown());
  }
}

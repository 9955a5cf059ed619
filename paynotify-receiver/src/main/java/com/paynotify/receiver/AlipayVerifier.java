package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import java.time.InstantSource;

/**
 * Verifies a {@link Channel#ALIPAY} asynchronous notification: the RSA2 (or, if the keys say so,
 * legacy RSA) {@code sign} over the form parameters by any of the configured public keys (several
 * during a rotation), as {@code AlipaySignature.rsaCheckV1} does. Alipay signs no timestamp meant
 * for a replay check, so there is no tolerance: replays are stopped by the {@code notify_id} dedup
 * key. Thread-safe.
 */
public final class AlipayVerifier implements CallbackVerifier {
  private final ChannelVerification verification;

  private AlipayVerifier(VerificationKeys.Alipay keys, InstantSource clock) {
    this.verification = ChannelVerification.untimed(keys, clock);
  }

  /**
   * A verifier of Alipay callbacks signed by any of {@code keys.publicKeys()}. The clock goes to
   * the format, which checks no time for this channel today.
   */
  public static AlipayVerifier of(VerificationKeys.Alipay keys, InstantSource clock) {
    return new AlipayVerifier(keys, clock);
  }

  @Override
  public Channel channel() {
    return Channel.ALIPAY;
  }

  /** Dedup key: {@code notify_id}, the same on every retry of one notification. */
  @Override
  public ReceivedNotification verify(ReceivedCallback callback) {
    var event = verification.verify(callback);
    return ReceivedNotification.of(event, DedupKeys.alipay(event.notifyId()));
  }

  @Override
  public String toString() {
    return "AlipayVerifier[" + verification + "]";
  }
}

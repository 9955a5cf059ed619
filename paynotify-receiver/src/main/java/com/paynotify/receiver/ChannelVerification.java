package com.paynotify.receiver;

import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.VerifiedEvent;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * One channel's keys, clock and tolerance bound to its {@link ChannelFormat}: the verifiers of this
 * package check signatures only through {@link ChannelFormat#verify}, so the signing and verifying
 * code exists once, in {@code paynotify-channel}.
 */
final class ChannelVerification {
  private final ChannelFormat format;
  private final VerificationKeys keys;
  private final InstantSource clock;
  private final @Nullable Duration tolerance;

  private ChannelVerification(
      VerificationKeys keys, InstantSource clock, @Nullable Duration tolerance) {
    this.format = ChannelFormat.of(keys.channel());
    this.keys = keys;
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /** For a format with a signed timestamp, checked against the clock ± {@code tolerance}. */
  static ChannelVerification timed(VerificationKeys keys, InstantSource clock, Duration tolerance) {
    if (!tolerance.isPositive()) {
      throw new IllegalArgumentException("tolerance: must be positive, got " + tolerance);
    }
    return new ChannelVerification(keys, clock, tolerance);
  }

  /** For a format without one (Alipay, WeChat Pay v2): the format ignores time and tolerance. */
  static ChannelVerification untimed(VerificationKeys keys, InstantSource clock) {
    return new ChannelVerification(keys, clock, null);
  }

  VerifiedEvent verify(ReceivedCallback callback) {
    return format.verify(
        callback, keys, clock.instant(), tolerance == null ? Duration.ZERO : tolerance);
  }

  @Override
  public String toString() {
    return tolerance == null ? keys.toString() : keys + ", tolerance " + tolerance;
  }
}

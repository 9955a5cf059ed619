package com.paynotify.receiver;

import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.VerifiedEvent;
import java.time.Duration;
import java.time.InstantSource;

/**
 * One channel's keys, clock and tolerance bound to its {@link ChannelFormat}: the verifiers of
 * this package check signatures only through {@link ChannelFormat#verify}, so the signing and
 * verifying code exists once, in {@code paynotify-channel}.
 */
final class ChannelVerification {
  private final ChannelFormat format;
  private final VerificationKeys keys;
  private final InstantSource clock;
  private final Duration tolerance;

  ChannelVerification(VerificationKeys keys, InstantSource clock, Duration tolerance) {
    if (!tolerance.isPositive()) {
      throw new IllegalArgumentException("tolerance: must be positive, got " + tolerance);
    }
    this.format = ChannelFormat.of(keys.channel());
    this.keys = keys;
    this.clock = clock;
    this.tolerance = tolerance;
  }

  VerifiedEvent verify(ReceivedCallback callback) {
    return format.verify(callback, keys, clock.instant(), tolerance);
  }

  @Override
  public String toString() {
    return keys + ", tolerance " + tolerance;
  }
}

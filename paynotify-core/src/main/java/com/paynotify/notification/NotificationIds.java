package com.paynotify.notification;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Makes notification ids: {@code ntf_} + 26 Crockford base32 characters, 48 bits of milliseconds
 * then 80 random bits, so ids sort by creation time and never collide across nodes.
 */
public final class NotificationIds {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private NotificationIds() {}

  public static String next(Instant now) {
    var chars = new char[26];
    long time = now.toEpochMilli();
    for (int i = 9; i >= 0; i--) {
      chars[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    var random = new byte[10];
    RANDOM.nextBytes(random);
    long high = 0;
    for (int i = 0; i < 5; i++) {
      high = (high << 8) | (random[i] & 0xFF);
    }
    long low = 0;
    for (int i = 5; i < 10; i++) {
      low = (low << 8) | (random[i] & 0xFF);
    }
    for (int i = 17; i >= 10; i--) {
      chars[i] = ALPHABET[(int) (high & 31)];
      high >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      chars[i] = ALPHABET[(int) (low & 31)];
      low >>>= 5;
    }
    return "ntf_" + new String(chars);
  }
}

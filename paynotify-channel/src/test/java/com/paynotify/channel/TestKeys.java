package com.paynotify.channel;

import java.security.KeyPair;

/** Key pairs shared by the tests: RSA-2048 generation is slow enough to do once. */
final class TestKeys {
  /** The key Paynotify signs with, standing in for the platform's. */
  static final KeyPair PLATFORM = RsaKeys.generate();

  /** Someone else's key: what a forger or a misconfigured merchant has. */
  static final KeyPair OTHER = RsaKeys.generate();

  /** The merchant's own API key pair, which the WeChat SDK config wants but never uses here. */
  static final KeyPair MERCHANT = RsaKeys.generate();

  static final String APIV3_KEY = "0123456789abcdefABCDEF0123456789";
  static final String OTHER_APIV3_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA987654";
  static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000";

  private TestKeys() {}
}

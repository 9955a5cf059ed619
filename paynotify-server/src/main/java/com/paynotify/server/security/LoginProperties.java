package com.paynotify.server.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything under {@code paynotify.login.*}: the console's login throttle. Unset values fall back
 * to {@link LoginThrottle}'s {@code DEFAULT_*} constants.
 *
 * @param maxFailures failed logins allowed per client address and per account within the window
 * @param window how far back failed logins count
 * @param accountLock how long an account guessed too often is locked at first
 * @param maxAccountLock the longest the account lock grows to, doubling while the guessing goes on
 * @param maxTracked addresses, accounts and known address-account pairs each kept in memory at most
 * @param maxAudited failed logins written to the audit log per window at most
 */
@ConfigurationProperties("paynotify.login")
public record LoginProperties(
    @Nullable Integer maxFailures,
    @Nullable Duration window,
    @Nullable Duration accountLock,
    @Nullable Duration maxAccountLock,
    @Nullable Integer maxTracked,
    @Nullable Integer maxAudited) {

  public LoginProperties {
    maxFailures = maxFailures != null ? maxFailures : LoginThrottle.DEFAULT_MAX_FAILURES;
    window = window != null ? window : LoginThrottle.DEFAULT_WINDOW;
    accountLock = accountLock != null ? accountLock : LoginThrottle.DEFAULT_ACCOUNT_LOCK;
    maxAccountLock =
        maxAccountLock != null ? maxAccountLock : LoginThrottle.DEFAULT_MAX_ACCOUNT_LOCK;
    maxTracked = maxTracked != null ? maxTracked : LoginThrottle.DEFAULT_MAX_TRACKED;
    maxAudited = maxAudited != null ? maxAudited : LoginThrottle.DEFAULT_MAX_AUDITED;
  }

  /** The throttle's settings; they check the values and name the property of a bad one. */
  LoginThrottle.Settings settings() {
    return new LoginThrottle.Settings(
        maxFailures, window, accountLock, maxAccountLock, maxTracked, maxAudited);
  }
}

package com.paynotify.server.api;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The largest request bodies the server reads: {@code paynotify.request.max-body-size} for the API
 * and {@code paynotify.request.max-login-body-size} for logging in, which anyone may call.
 *
 * @param maxBodySize the largest API request body read (default 1MB); a larger one gets 413 before
 *     it is read
 * @param maxLoginBodySize the largest body of POST /api/v1/session read (default 16KB); anyone may
 *     call it
 */
@ConfigurationProperties("paynotify.request")
public record RequestLimits(@Nullable DataSize maxBodySize, @Nullable DataSize maxLoginBodySize) {
  /** Room for a bulk call of 10,000 ids or a notification with 64 KiB of {@code extra}. */
  public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

  /** A login is a name and a password, or a token. */
  public static final DataSize DEFAULT_MAX_LOGIN_BODY_SIZE = DataSize.ofKilobytes(16);

  public RequestLimits {
    maxBodySize = maxBodySize != null ? maxBodySize : DEFAULT_MAX_BODY_SIZE;
    maxLoginBodySize = maxLoginBodySize != null ? maxLoginBodySize : DEFAULT_MAX_LOGIN_BODY_SIZE;
    if (maxBodySize.toBytes() < 1 || maxLoginBodySize.toBytes() < 1) {
      throw new IllegalArgumentException("paynotify.request: body size limits must be positive");
    }
  }
}

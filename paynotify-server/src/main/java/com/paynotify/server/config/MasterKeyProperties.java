package com.paynotify.server.config;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys of a master-key rotation: {@code paynotify.previous-master-keys} (env {@code
 * PAYNOTIFY_PREVIOUS_MASTER_KEYS}, comma-separated base64), accepted for opening values sealed
 * before {@code paynotify.master-key} replaced them, until {@code POST
 * /api/v1/admin/master-key/reseal} has sealed everything again under the new key.
 *
 * @param previousMasterKeys old master keys, accepted for reading what they sealed until a reseal
 */
@ConfigurationProperties("paynotify")
public record MasterKeyProperties(@Nullable List<String> previousMasterKeys) {

  public MasterKeyProperties {
    previousMasterKeys = previousMasterKeys != null ? List.copyOf(previousMasterKeys) : List.of();
  }

  @Override
  public String toString() {
    return "MasterKeyProperties[previousMasterKeys=" + previousMasterKeys.size() + " redacted]";
  }
}

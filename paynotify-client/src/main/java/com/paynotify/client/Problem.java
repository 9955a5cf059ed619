package com.paynotify.client;

import org.jspecify.annotations.Nullable;

/**
 * An error answer of the server, as RFC 9457 problem details: the RFC's members plus the {@code
 * error} code and the request {@code field} at fault, when one is.
 */
public record Problem(
    @Nullable String type,
    @Nullable String title,
    int status,
    @Nullable String detail,
    @Nullable String error,
    @Nullable String field) {

  /** A problem for an answer that carried no problem details (a proxy's page, say). */
  static Problem bare(int status) {
    return new Problem(null, null, status, "HTTP " + status, null, null);
  }
}

package com.paynotify.notification;

/** Why an attempt did not succeed. */
public enum ErrorKind {
  /** No complete answer within the policy's timeout. */
  TIMEOUT,
  /** The connection was refused or reset. */
  CONNECT,
  /** The host name did not resolve. */
  DNS,
  /** The TLS handshake failed. */
  TLS,
  /** The merchant answered with a status the channel does not accept (redirects included). */
  HTTP_STATUS,
  /** The status was fine but the body was not the channel's acknowledgement. */
  BAD_ACK,
  /** The host resolved to an address callbacks may not go to. */
  BLOCKED_ADDRESS,
  /** Any other I/O failure. */
  IO,
  /** The callback could not be built (for example, the merchant has no credentials). */
  INTERNAL
}

package com.paynotify.http;

import com.paynotify.notification.ErrorKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/** Sorts an I/O failure into the error kind an operator reads on the attempt. */
final class ErrorClassification {
  private ErrorClassification() {}

  static ErrorKind kindOf(IOException e) {
    // Checked before UnknownHostException, which it extends: the name resolved, to a refused
    // address.
    if (e instanceof PolicedDnsResolver.BlockedAddressException) return ErrorKind.BLOCKED_ADDRESS;
    if (e instanceof UnknownHostException) return ErrorKind.DNS;
    // Before SocketTimeoutException, its parent: the merchant never accepted the connection.
    if (e instanceof ConnectTimeoutException) return ErrorKind.TIMEOUT;
    if (e instanceof SocketTimeoutException) return ErrorKind.TIMEOUT;
    if (e instanceof SSLException) return ErrorKind.TLS;
    if (e instanceof ConnectException || e instanceof NoRouteToHostException)
      return ErrorKind.CONNECT;
    // A cancelled request surfaces as an interrupted read: the deadline passed.
    if (e instanceof InterruptedIOException) return ErrorKind.TIMEOUT;
    // Anything else broke mid-exchange: a reset, a malformed answer.
    return ErrorKind.IO;
  }

  /** A short description without stack or payload, safe to store and show. */
  static String describe(IOException e) {
    var message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

package com.paynotify.server.security;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The key a client address is throttled by. An IPv4 address is its own key, also when written as
 * IPv4-mapped IPv6 ({@code ::ffff:192.0.2.1}); an IPv6 address counts by its /64, since one host or
 * one customer line is routinely given a whole /64 and could otherwise take 2^64 fresh keys.
 */
final class ClientAddress {
  private static final int MAX_OTHER_CHARS = 100;

  private ClientAddress() {}

  /** The key of {@code remoteAddress}, as {@code request.getRemoteAddr()} gives it. */
  static String key(String remoteAddress) {
    var literal = remoteAddress.strip();
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(literal); // a literal only: never a DNS lookup
    } catch (IllegalArgumentException e) {
      // Not an address (a proxy passed on something else): kept short, as it is.
      return literal.length() > MAX_OTHER_CHARS ? literal.substring(0, MAX_OTHER_CHARS) : literal;
    }
    if (address instanceof Inet4Address) {
      return address.getHostAddress(); // ofLiteral already turns ::ffff:a.b.c.d into IPv4
    }
    var bytes = address.getAddress();
    var prefix = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      prefix
          .append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
          .append(':');
    }
    return prefix.append(":/64").toString();
  }
}

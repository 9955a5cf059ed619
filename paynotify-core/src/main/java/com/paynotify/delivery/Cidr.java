package com.paynotify.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** A block of IP addresses written {@code 10.0.0.0/8} or {@code fd00::/8}. */
public record Cidr(byte[] network, int prefixLength) {
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  /**
   * Parses a CIDR block; a bare address means just that address.
   *
   * @throws IllegalArgumentException naming the text when it is not a CIDR block
   */
  public static Cidr parse(String text) {
    var parts = text.trim().split("/", 2);
    if (!LITERAL.matcher(parts[0]).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR block like 10.0.0.0/8");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(parts[0]).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR block like 10.0.0.0/8");
    }
    int bits = address.length * 8;
    int prefix;
    try {
      prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
    }
    return new Cidr(address, prefix);
  }

  /** Whether the address lies in this block; an IPv4 block never contains an IPv6 address. */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

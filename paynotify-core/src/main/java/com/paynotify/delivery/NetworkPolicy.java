package com.paynotify.delivery;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses callbacks may be sent to: public unicast addresses only, unless an operator opens
 * a range. Checked when a notification is created and again on each address the transport dials,
 * so a host that later resolves elsewhere (DNS rebinding) is still caught.
 */
public final class NetworkPolicy {
  private static final List<Cidr> NON_PUBLIC =
      Arrays.stream(
              new String[] {
                "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
                "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
                "::/128", "::1/128", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7",
                "fe80::/10", "fec0::/10", "ff00::/8"
              })
          .map(Cidr::parse)
          .toList();

  private final List<Cidr> allowed;

  private NetworkPolicy(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** Public addresses only. */
  public static NetworkPolicy publicOnly() {
    return new NetworkPolicy(List.of());
  }

  /** Public addresses plus the given blocks, for local development and tests. */
  public static NetworkPolicy allowing(List<Cidr> blocks) {
    return new NetworkPolicy(blocks);
  }

  public List<Cidr> allowed() {
    return allowed;
  }

  /** Whether a callback may be sent to this address. */
  public boolean permits(InetAddress address) {
    var bytes = address.getAddress();
    if (allowed.stream().anyMatch(c -> c.contains(bytes))) {
      return true;
    }
    var embedded = embeddedIpv4(bytes);
    if (embedded != null) {
      return permits(embedded);
    }
    return NON_PUBLIC.stream().noneMatch(c -> c.contains(bytes));
  }

  /**
   * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible, NAT64
   * ({@code 64:ff9b::/96}) or 6to4 ({@code 2002::/16}) IPv6 address, which routes to that IPv4
   * address and so must be judged as it.
   */
  private static @Nullable InetAddress embeddedIpv4(byte[] bytes) {
    if (bytes.length != 16) {
      return null;
    }
    boolean zeroPrefix = allZero(bytes, 0, 10);
    boolean mapped = zeroPrefix && (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF;
    boolean compatible = zeroPrefix && bytes[10] == 0 && bytes[11] == 0 && !allZero(bytes, 12, 15);
    boolean nat64 =
        (bytes[0] & 0xFF) == 0x00 && (bytes[1] & 0xFF) == 0x64 && (bytes[2] & 0xFF) == 0xFF
            && (bytes[3] & 0xFF) == 0x9B && allZero(bytes, 4, 12);
    if (mapped || compatible || nat64) {
      return ipv4(bytes, 12);
    }
    if ((bytes[0] & 0xFF) == 0x20 && (bytes[1] & 0xFF) == 0x02) {
      return ipv4(bytes, 2);
    }
    return null;
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress ipv4(byte[] bytes, int offset) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}

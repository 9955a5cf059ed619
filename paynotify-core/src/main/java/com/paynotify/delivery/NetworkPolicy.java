package com.paynotify.delivery;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses callbacks may be sent to: public unicast addresses only, unless an operator opens
 * a range. Checked when a notification is created and again on each address the transport dials, so
 * a host that later resolves elsewhere (DNS rebinding) is still caught.
 */
public final class NetworkPolicy {
  private static final List<Cidr> NON_PUBLIC =
      Arrays.stream(
              new String[] {
                "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
                "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
                // Inside global unicast 2000::/3: Teredo, benchmarking, ORCHID, documentation.
                "2001::/32", "2001:2::/48", "2001:10::/28", "2001:20::/28", "2001:db8::/32",
                "3fff::/20"
              })
          .map(Cidr::parse)
          .toList();

  /**
   * Every IPv6 address callbacks may go to is global unicast; the rest (loopback, unique local,
   * link-local, multicast, the IETF-reserved {@code ::/8} with unread translation prefixes in it)
   * is refused.
   */
  private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

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

  /**
   * Whether a callback may be sent to this address. An IPv6 address that carries an IPv4 address
   * (see {@link #embeddedIpv4}) is judged as that IPv4 address.
   */
  public boolean permits(InetAddress address) {
    var bytes = address.getAddress();
    if (allowed.stream().anyMatch(c -> c.contains(bytes))) {
      return true;
    }
    var embedded = embeddedIpv4(bytes);
    if (embedded != null) {
      return permits(embedded);
    }
    if (bytes.length == 16 && !GLOBAL_UNICAST.contains(bytes)) {
      return false;
    }
    return NON_PUBLIC.stream().noneMatch(c -> c.contains(bytes));
  }

  /**
   * The IPv4 address an IPv6 address routes to, or null if it carries none:
   *
   * <ul>
   *   <li>IPv4-mapped {@code ::ffff:a.b.c.d} and IPv4-compatible {@code ::a.b.c.d} (all of {@code
   *       ::/96}, so {@code ::2} is 0.0.0.2), in the last 32 bits;
   *   <li>SIIT's IPv4-translated {@code ::ffff:0:a.b.c.d}, in the last 32 bits;
   *   <li>NAT64's well-known {@code 64:ff9b::/96}, in the last 32 bits;
   *   <li>local-use NAT64 {@code 64:ff9b:1::/48} (RFC 8215) read as its {@code /96} layout, {@code
   *       64:ff9b:1::a.b.c.d}; another layout inside the /48 cannot be read without the operator's
   *       prefix length, so it is left to {@code ::/8}, which refuses it;
   *   <li>6to4 {@code 2002::/16}, in bits 16 to 48.
   * </ul>
   */
  private static @Nullable InetAddress embeddedIpv4(byte[] bytes) {
    if (bytes.length != 16) {
      return null;
    }
    boolean mapped = allZero(bytes, 0, 10) && u8(bytes, 10) == 0xFF && u8(bytes, 11) == 0xFF;
    boolean compatible = allZero(bytes, 0, 12);
    boolean translated =
        allZero(bytes, 0, 8)
            && u8(bytes, 8) == 0xFF
            && u8(bytes, 9) == 0xFF
            && allZero(bytes, 10, 12);
    boolean nat64Prefix =
        u8(bytes, 0) == 0x00
            && u8(bytes, 1) == 0x64
            && u8(bytes, 2) == 0xFF
            && u8(bytes, 3) == 0x9B;
    boolean wellKnownNat64 = nat64Prefix && allZero(bytes, 4, 12);
    boolean localNat64 =
        nat64Prefix && u8(bytes, 4) == 0x00 && u8(bytes, 5) == 0x01 && allZero(bytes, 6, 12);
    if (mapped || compatible || translated || wellKnownNat64 || localNat64) {
      return ipv4(bytes, 12);
    }
    if (u8(bytes, 0) == 0x20 && u8(bytes, 1) == 0x02) {
      return ipv4(bytes, 2);
    }
    return null;
  }

  private static int u8(byte[] bytes, int index) {
    return bytes[index] & 0xFF;
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

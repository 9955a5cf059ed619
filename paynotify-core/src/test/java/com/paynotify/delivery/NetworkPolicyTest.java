package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPolicyTest {
  private final NetworkPolicy publicOnly = NetworkPolicy.publicOnly();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:c0a8:101::1",
        "::127.0.0.1"
      })
  void refusesNonPublicAddressesInEveryForm(String address) throws Exception {
    assertThat(publicOnly.permits(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "172.32.0.1",
        "2606:4700:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808"
      })
  void permitsPublicAddresses(String address) throws Exception {
    assertThat(publicOnly.permits(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest(name = "{0} ({2})")
  @CsvSource(
      delimiter = '|',
      value = {
        // NAT64, well-known prefix 64:ff9b::/96: the last 32 bits
        "64:ff9b::7f00:1             | false | NAT64 of 127.0.0.1",
        "64:ff9b::a9fe:a9fe          | false | NAT64 of 169.254.169.254",
        "64:ff9b::808:808            | true  | NAT64 of 8.8.8.8",
        // local-use NAT64 64:ff9b:1::/48, read as its /96 layout; any other layout is refused
        "64:ff9b:1::7f00:1           | false | local NAT64 of 127.0.0.1",
        "64:ff9b:1::a00:1            | false | local NAT64 of 10.0.0.1",
        "64:ff9b:1::808:808          | true  | local NAT64 of 8.8.8.8",
        "64:ff9b:1:ab::808:808       | false | local NAT64, a layout that cannot be read",
        "64:ff9b:1:ffff:ffff:ffff:ffff:ffff | false | local NAT64, a layout that cannot be read",
        "64:ff9b:2::808:808          | false | 64:ff9b::/32 outside both NAT64 prefixes",
        // SIIT IPv4-translated ::ffff:0:a.b.c.d
        "::ffff:0:7f00:1             | false | SIIT of 127.0.0.1",
        "::ffff:0:c0a8:101           | false | SIIT of 192.168.1.1",
        "::ffff:0:808:808            | true  | SIIT of 8.8.8.8",
        // IPv4-compatible ::a.b.c.d, byte 15 included
        "::2                         | false | IPv4-compatible 0.0.0.2",
        "::ff                        | false | IPv4-compatible 0.0.0.255",
        "::7f00:1                    | false | IPv4-compatible 127.0.0.1",
        "::a00:1                     | false | IPv4-compatible 10.0.0.1",
        "::808:808                   | true  | IPv4-compatible 8.8.8.8",
        // 6to4 2002::/16: bits 16-48
        "2002:7f00:1::1              | false | 6to4 of 127.0.0.1",
        "2002:a9fe:a9fe::1           | false | 6to4 of 169.254.169.254",
        "2002:808:808::1             | true  | 6to4 of 8.8.8.8",
        // outside global unicast, or special inside it
        "4000::1                     | false | not global unicast",
        "3fff::1                     | false | documentation",
        "2001:2::1                   | false | benchmarking",
        "2606:4700:4700::1111        | true  | public",
      })
  void judgesAnIpv6AddressAsTheIpv4AddressItEmbeds(String address, boolean permitted, String what)
      throws Exception {
    var parsed = InetAddress.getByName(address);

    var verdict = publicOnly.permits(parsed);

    assertThat(verdict).as(what).isEqualTo(permitted);
  }

  @ParameterizedTest(name = "::ffff:{0}")
  @CsvSource({"127.0.0.1, false", "10.0.0.1, false", "8.8.8.8, true"})
  void judgesAnIpv4MappedAddressKeptAsIpv6AsItsIpv4(String ipv4, boolean permitted)
      throws Exception {
    var bytes = new byte[16];
    bytes[10] = (byte) 0xFF;
    bytes[11] = (byte) 0xFF;
    System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, bytes, 12, 4);
    var mapped = java.net.Inet6Address.getByAddress(null, bytes, -1); // not folded to Inet4Address

    var verdict = publicOnly.permits(mapped);

    assertThat(verdict).isEqualTo(permitted);
  }

  @Test
  void opensOnlyTheRangesAnOperatorAllows() throws Exception {
    var policy =
        NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.20.0.0/16")));

    assertThat(policy.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(policy.permits(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
    assertThat(policy.permits(InetAddress.getByName("10.20.5.5"))).isTrue();
    assertThat(policy.permits(InetAddress.getByName("10.21.0.1"))).isFalse();
    assertThat(policy.permits(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void readsCidrBlocksAndRefusesMalformedOnes() {
    assertThat(Cidr.parse("192.168.0.0/16").toString()).isEqualTo("192.168.0.0/16");
    assertThat(Cidr.parse("fd00::/8").prefixLength()).isEqualTo(8);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessageContaining("prefix length outside 0-32");
    assertThatThrownBy(() -> Cidr.parse("example.com/8"))
        .hasMessageContaining("is not a CIDR block");
  }
}

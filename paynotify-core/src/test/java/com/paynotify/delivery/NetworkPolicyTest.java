package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPolicyTest {
  private final NetworkPolicy publicOnly = NetworkPolicy.publicOnly();

  @ParameterizedTest
  @ValueSource(strings = {
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fd00::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:c0a8:101::1", "::127.0.0.1"
  })
  void refusesNonPublicAddressesInEveryForm(String address) throws Exception {
    assertThat(publicOnly.permits(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"})
  void permitsPublicAddresses(String address) throws Exception {
    assertThat(publicOnly.permits(InetAddress.getByName(address))).isTrue();
  }

  @Test
  void opensOnlyTheRangesAnOperatorAllows() throws Exception {
    var policy = NetworkPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.20.0.0/16")));

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
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length outside 0-32");
    assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessageContaining("is not a CIDR block");
  }
}

package com.paynotify.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import com.paynotify.channel.Channel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy a notification naming none is given: the channel's built-in default unless one is set.
 */
class ChannelDefaultsTest {

  @Test
  void eachChannelHasItsBuiltInDefaultUntilOneIsSet() {
    var policies = new RetryPolicies();
    policies.define(
        new RetryPolicy("brisk", List.of(Duration.ofSeconds(10)), Duration.ofSeconds(5)));

    policies.useByDefault(Channel.WEBHOOK, "alipay");
    policies.useByDefault(Channel.WECHAT_V2, "brisk");

    assertThat(policies.defaultOf(Channel.WEBHOOK)).isEqualTo("alipay");
    assertThat(policies.defaultOf(Channel.WECHAT_V2)).isEqualTo("brisk");
    assertThat(policies.defaultOf(Channel.WECHAT_V3)).isEqualTo("wechat");
    assertThat(policies.defaultOf(Channel.ALIPAY)).isEqualTo("alipay");
  }

  @Test
  void refusesAnUnknownPolicyAndKeepsTheDefault() {
    var policies = new RetryPolicies();

    assertThatThrownBy(() -> policies.useByDefault(Channel.WEBHOOK, "nope"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("defaultPolicy: unknown retry policy 'nope'");
    assertThat(policies.defaultOf(Channel.WEBHOOK)).isEqualTo("standard");
  }
}

package com.paynotify.channel;

import static com.paynotify.channel.PaymentEvents.NOW;
import static com.paynotify.channel.PaymentEvents.aPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Extra entries never set, add or shadow a field a channel writes. */
class ReservedNamesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Every event the channel carries, in each shape that writes optional fields. */
  static List<PaymentEvent> everyEventCarriedBy(Channel channel) {
    var format = ChannelFormat.of(channel);
    return Stream.of(PaymentStatus.values())
        .filter(status -> format.refusal(status).isEmpty())
        .flatMap(
            status ->
                status == PaymentStatus.REFUNDED
                    ? Stream.of(
                        aPayment().refunded("100.00"),
                        aPayment().refunded("40.50").currency("USD"),
                        aPayment().refunded("40.50").transactionId(null))
                    : Stream.of(
                        aPayment().status(status),
                        aPayment().status(status).currency("USD"),
                        aPayment().status(status).transactionId(null)))
        .map(PaymentEvents::build)
        .toList();
  }

  /** The names a merchant's reader sees in a callback, nested ones dotted, objects included. */
  static Set<String> namesSent(Channel channel, PaymentEvent event) {
    var format = ChannelFormat.of(channel);
    var callback = format.build(event, ChannelFormatTest.credentials(channel), NOW);
    var names = new HashSet<String>();
    switch (channel) {
      case ALIPAY -> names.addAll(Forms.decode(callback.body()).keySet());
      case WECHAT_V2 -> names.addAll(SafeXml.read(callback.body()).keySet());
      case WECHAT_V3 -> {
        paths("", JSON.readTree(callback.body()), names);
        var resource =
            format
                .verify(
                    new ReceivedCallback(callback.headers(), callback.body()),
                    ChannelFormatTest.keys(channel),
                    NOW,
                    Duration.ofMinutes(5))
                .rawFields();
        for (var path : resource.keySet()) {
          for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            names.add(path.substring(0, dot));
          }
          names.add(path);
        }
      }
      case WEBHOOK -> {
        var body = JSON.readTree(callback.body());
        body.propertyNames().forEach(names::add);
        body.path("data").propertyNames().forEach(names::add);
      }
    }
    return names;
  }

  private static void paths(String prefix, JsonNode node, Set<String> into) {
    for (var entry : node.properties()) {
      var path = prefix + entry.getKey();
      into.add(path);
      if (entry.getValue().isObject()) {
        paths(path + ".", entry.getValue(), into);
      }
    }
  }

  static PaymentEvent withExtra(Channel channel, String key, Object value) {
    return aPayment()
        .status(channel == Channel.WECHAT_V2 ? PaymentStatus.FAILED : PaymentStatus.SUCCESS)
        .extra(key, value)
        .build();
  }

  @Nested
  class TheList {

    @ParameterizedTest
    @EnumSource(Channel.class)
    void namesExactlyTheFieldsTheBuilderWritesForEveryStatus(Channel channel) {
      var reserved = ChannelFormat.of(channel).reservedNames();
      var sent = new HashSet<String>();

      for (var event : everyEventCarriedBy(channel)) {
        sent.addAll(namesSent(channel, event));
      }

      var declared = new HashSet<>(reserved.names());
      declared.addAll(reserved.suppliable());
      assertThat(sent).containsExactlyInAnyOrderElementsOf(declared);
      assertThat(reserved.names()).allMatch(reserved::reserves);
      assertThat(reserved.suppliable()).noneMatch(reserved::reserves);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void belongsToItsChannel(Channel channel) {
      assertThat(ChannelFormat.of(channel).reservedNames().channel()).isEqualTo(channel);
    }

    @Test
    void keepsABuilderFromWritingAFieldItDoesNotDeclare() {
      var reserved = AlipayFormat.RESERVED;

      assertThatThrownBy(() -> reserved.requireDeclared("", Map.of("gmt_create", "x"), Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("ALIPAY writes gmt_create, which is missing from its reserved names");
    }
  }

  @Nested
  class Collisions {

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            ALIPAY    | refund_fee          | refund_fee
            ALIPAY    | gmt_refund          | gmt_refund
            ALIPAY    | sign                | sign
            ALIPAY    | notify_id           | notify_id
            ALIPAY    | Refund_Fee          | refund_fee
            ALIPAY    | refund.fee          | refund_fee
            ALIPAY    | ' trade_status'     | trade_status
            WEBHOOK   | refundAmount        | refundAmount
            WEBHOOK   | REFUNDAMOUNT        | refundAmount
            WEBHOOK   | id                  | id
            WEBHOOK   | data.amount         | data
            WECHAT_V3 | amount.total        | amount.total
            WECHAT_V3 | AMOUNT.TOTAL        | amount.total
            WECHAT_V3 | amount              | amount
            WECHAT_V3 | amount.settlement   | amount
            WECHAT_V3 | resource.ciphertext | resource.ciphertext
            WECHAT_V3 | refund_status       | refund_status
            WECHAT_V3 | Trade_Type          | trade_type
            WECHAT_V2 | sign                | sign
            WECHAT_V2 | err_code            | err_code
            WECHAT_V2 | Total_Fee           | total_fee
            """)
    void refusesAnExtraKeyThatUsesAReservedName(Channel channel, String key, String name) {
      var format = ChannelFormat.of(channel);
      var event = withExtra(channel, key, "10.00");

      var collision = format.reservedNames().collision(event.extra());

      assertThat(collision).hasValue(new ReservedNames.Collision(channel, key, name));
      assertThat(collision.get().field()).isEqualTo("extra." + key);
      assertThat(collision.get().reason())
          .contains("reserved " + channel + " field")
          .contains(key.equals(name) ? "is a reserved" : "collides with " + name);
      assertThatThrownBy(() -> format.build(event, ChannelFormatTest.credentials(channel), NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("extra." + key + ": ");
    }

    @Test
    void refusesAForgedRefundOnAnAlipaySuccessWithAClearMessage() {
      var event =
          aPayment()
              .extra("refund_fee", "10.00")
              .extra("gmt_refund", "2026-11-23 16:00:00.000")
              .build();

      assertThatThrownBy(() -> AlipayFormat.INSTANCE.build(event, AlipayFormatTest.RSA2, NOW))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "extra.gmt_refund: is a reserved ALIPAY field; extra may not set or shadow a field"
                  + " of the wire format");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            ALIPAY    | subject
            ALIPAY    | refund_fee_note
            ALIPAY    | fund_bill_list
            WEBHOOK   | buyer
            WEBHOOK   | amountNote
            WECHAT_V3 | attach
            WECHAT_V3 | payer
            WECHAT_V3 | trade_type
            WECHAT_V3 | out_refund_no
            WECHAT_V2 | attach
            WECHAT_V2 | err_code_des
            """)
    void sendsAnExtraKeyThatCollidesWithNothing(Channel channel, String key) {
      var event = withExtra(channel, key, "a value");

      var sent = namesSent(channel, event);

      assertThat(ChannelFormat.of(channel).reservedNames().reserves(key)).isFalse();
      assertThat(sent).contains(key);
    }

    @Test
    void namesTheSameCollisionWhateverTheMapOrder() {
      var forward = new LinkedHashMap<String, Object>();
      forward.put("amount.total", 1);
      forward.put("amount", Map.of("total", 1));
      var backward = new TreeMap<String, Object>(Comparator.reverseOrder());
      backward.putAll(forward);

      var names = WechatV3Format.RESERVED;

      assertThat(names.collision(forward)).isEqualTo(names.collision(backward));
      assertThat(names.collision(forward).orElseThrow().key()).isEqualTo("amount");
    }

    @Test
    void cutsALongKeyShortInTheFieldItNames() {
      var key = "amount." + "x".repeat(10_000);

      var collision = WechatV3Format.RESERVED.collision(Map.of(key, 1)).orElseThrow();

      assertThat(collision.field()).hasSize("extra.".length() + 64 + 1).endsWith("…");
    }

    @Test
    void showsNoControlCharacterOfAKey() {
      var collision = WebhookFormat.RESERVED.collision(Map.of("id\n", 1)).orElseThrow();

      assertThat(collision.field()).isEqualTo("extra.id?");
    }
  }
}

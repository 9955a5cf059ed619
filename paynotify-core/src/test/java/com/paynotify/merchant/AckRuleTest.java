package com.paynotify.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.InvalidRequestException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AckRuleTest {

  @Test
  void anyTwoXxAcceptsEveryBody() {
    assertThat(AckRule.DEFAULT.accepts("")).isTrue();
    assertThat(AckRule.DEFAULT.accepts("fail")).isTrue();
    assertThat(AckRule.DEFAULT.describe()).isEqualTo("any 2xx");
  }

  @Nested
  class BodyEquals {

    @Test
    void acceptsExactlyTheNamedTextWithoutSurroundingWhiteSpace() {
      var rule = new AckRule.BodyEquals("success");

      assertThat(rule.accepts("success")).isTrue();
      assertThat(rule.accepts("  success\r\n")).isTrue();
      assertThat(rule.accepts("SUCCESS")).as("case counts, as Alipay's does").isFalse();
      assertThat(rule.accepts("success!")).isFalse();
      assertThat(rule.accepts("")).isFalse();
      assertThat(rule.describe()).isEqualTo("a 2xx whose body is success");
    }

    @Test
    void refusesABlankALongOrAControlCharacterTextNamingTheField() {
      assertThatThrownBy(() -> new AckRule.BodyEquals("  "))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ackRule.text"));
      assertThatThrownBy(() -> new AckRule.BodyEquals("x".repeat(AckRule.MAX_VALUE_LENGTH + 1)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("ackRule.text: at most 100 characters, got 101");
      assertThatThrownBy(() -> new AckRule.BodyEquals("o\u0000k"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("control characters");
    }
  }

  @Nested
  class JsonField {

    @Test
    void acceptsAJsonObjectWhoseTopLevelFieldHasTheNamedValue() {
      var rule = new AckRule.JsonField("code", "SUCCESS");

      assertThat(rule.accepts("{\"code\":\"SUCCESS\",\"msg\":\"ok\"}")).isTrue();
      assertThat(rule.accepts(" {\"msg\":\"ok\", \"code\" : \"SUCCESS\"}\n")).isTrue();
      assertThat(rule.accepts("{\"code\":\"FAIL\"}")).isFalse();
      assertThat(rule.accepts("{\"data\":{\"code\":\"SUCCESS\"}}")).as("top level only").isFalse();
      assertThat(rule.accepts("{\"code\":{\"value\":\"SUCCESS\"}}")).isFalse();
      assertThat(rule.accepts("[\"SUCCESS\"]")).isFalse();
      assertThat(rule.accepts("SUCCESS")).isFalse();
      assertThat(rule.accepts("{\"code\":\"SUCC")).as("cut or broken JSON").isFalse();
      assertThat(rule.describe()).isEqualTo("a 2xx whose JSON field code is SUCCESS");
    }

    @Test
    void comparesANumberOrABooleanAsItIsWritten() {
      assertThat(new AckRule.JsonField("code", "0").accepts("{\"code\":0}")).isTrue();
      assertThat(new AckRule.JsonField("ok", "true").accepts("{\"ok\":true}")).isTrue();
      assertThat(new AckRule.JsonField("code", "null").accepts("{\"code\":null}")).isFalse();
    }

    @Test
    void refusesABlankFieldOrValueNamingWhichOne() {
      assertThatThrownBy(() -> new AckRule.JsonField("", "SUCCESS"))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ackRule.field"));
      assertThatThrownBy(() -> new AckRule.JsonField("f".repeat(65), "SUCCESS"))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ackRule.field"));
      assertThatThrownBy(() -> new AckRule.JsonField("code", " "))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ackRule.value"));
    }
  }
}

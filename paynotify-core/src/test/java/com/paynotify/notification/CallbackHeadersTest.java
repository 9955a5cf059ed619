package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.paynotify.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackHeadersTest {

  @Test
  void keepsTheHeadersInTheirOrderWithTheirValuesStripped() {
    var given = new LinkedHashMap<String, String>();
    given.put("X-Route", " eu-1 ");
    given.put("Authorization", "Bearer a.b.c");

    var checked = CallbackHeaders.check("headers", given);

    assertThat(List.copyOf(checked.keySet())).containsExactly("X-Route", "Authorization");
    assertThat(checked).containsEntry("X-Route", "eu-1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Host",
        "HOST",
        "Content-Type",
        "content-md5",
        "Transfer-Encoding",
        "Connection",
        "TE",
        "User-Agent",
        "Webhook-Id",
        "wechatpay-signature",
        "Proxy-Authorization",
        "Accept-Encoding"
      })
  void refusesANameHttpOrAWireFormatOwnsInAnyCase(String name) {
    var thrown =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> CallbackHeaders.check("headers", Map.of(name, "x")));

    assertThat(thrown.field()).isEqualTo("headers");
    assertThat(thrown.getMessage()).contains("'" + name + "'", "cannot be given");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nX-Injected: 1", "a\nb", "a\rb", "bell\u0007", "中文"})
  void refusesAValueThatIsNotPrintableAsciiWithoutRepeatingIt(String value) {
    var thrown =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> CallbackHeaders.check("defaultHeaders", Map.of("Authorization", value)));

    assertThat(thrown.field()).isEqualTo("defaultHeaders");
    assertThat(thrown.getMessage()).contains("'Authorization'").doesNotContain(value.strip());
  }

  @Test
  void refusesTheSameNameTwiceInAnotherCaseAndANameThatIsNotAToken() {
    var twice = new LinkedHashMap<String, String>();
    twice.put("X-Route", "a");
    twice.put("x-route", "b");

    var repeated =
        catchThrowableOfType(
            InvalidRequestException.class, () -> CallbackHeaders.check("headers", twice));
    var spaced =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> CallbackHeaders.check("headers", Map.of("X Route", "a")));
    var tooLong =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                CallbackHeaders.check(
                    "headers", Map.of("X-Long", "v".repeat(CallbackHeaders.MAX_VALUE_LENGTH + 1))));

    assertThat(repeated.getMessage()).contains("given twice");
    assertThat(spaced.getMessage()).contains("not a header name");
    assertThat(tooLong.getMessage()).contains("at most 2048");
  }

  @Test
  void aNotificationsHeaderReplacesTheMerchantDefaultOfTheSameNameAndOnlyDefaultsAreRedacted() {
    var defaults = Map.of("Authorization", "Bearer secret", "X-Tenant", "default");
    var own = Map.of("x-tenant", "shop-42");

    var merged = CallbackHeaders.merged(defaults, own);
    var shown = CallbackHeaders.shown(defaults, own);

    assertThat(merged).isEqualTo(Map.of("Authorization", "Bearer secret", "x-tenant", "shop-42"));
    assertThat(shown).isEqualTo(Map.of("Authorization", "redacted", "x-tenant", "shop-42"));
  }
}

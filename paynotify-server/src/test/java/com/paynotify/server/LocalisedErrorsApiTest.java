package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The same bad request in English and in Chinese: the {@code error} code, the {@code field} and the
 * status never change with {@code Accept-Language}; the server's own {@code message} does.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.users[0].username=lin",
      "paynotify.users[0].password={noop}lin-password",
      "paynotify.users[0].role=viewer",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:localised;DB_CLOSE_DELAY=-1"
    })
class LocalisedErrorsApiTest {
  @LocalServerPort int port;
  private Api api;

  @BeforeEach
  void client() {
    api = new Api(port);
  }

  @Test
  void aMissingFieldIsTheSameCodeAndFieldWithAnEnglishMessageByDefaultAndAChineseOneWhenAsked() {
    var request = "{\"id\":\"shop-lang\"}";

    var plain = api.send(api.request("/api/v1/merchants", "POST", request));
    var chinese =
        api.send(
            api.request("/api/v1/merchants", "POST", request).header("Accept-Language", "zh-CN"));

    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.text("error")).isEqualTo("MISSING_FIELD");
    assertThat(plain.text("field")).isEqualTo("name");
    assertThat(plain.text("message")).isEqualTo("name: is required");
    assertThat(chinese.status()).isEqualTo(400);
    assertThat(chinese.text("error")).isEqualTo("MISSING_FIELD");
    assertThat(chinese.text("field")).isEqualTo("name");
    assertThat(chinese.text("message")).isEqualTo("name：必填");
  }

  @Test
  void theCommonRefusalsAreWordedInChineseAndKeepTheirCodes() {
    var zh = "zh-CN,zh;q=0.9,en;q=0.8";

    var notJson =
        api.send(
            api.request("/api/v1/merchants", "POST", "{not json").header("Accept-Language", zh));
    var notFound = api.send(get("/api/v1/notifications/ntf_none").header("Accept-Language", zh));
    var noEndpoint = api.send(get("/api/v1/nothing-here").header("Accept-Language", zh));
    var anonymous =
        api.send(api.unauthenticated("/api/v1/merchants").header("Accept-Language", zh));
    var wrongToken =
        api.send(
            api.unauthenticated("/api/v1/merchants")
                .header("Authorization", "Bearer wrong")
                .header("Accept-Language", zh));
    var wrongLogin =
        api.send(
            api.unauthenticated("/api/v1/session")
                .header("Content-Type", "application/json")
                .header("Accept-Language", zh)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"lin\",\"password\":\"wrong\"}")));

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.text("error")).isEqualTo("MALFORMED_REQUEST");
    assertThat(notJson.text("message")).isEqualTo("请求体不是有效的 JSON");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.text("error")).isEqualTo("NOT_FOUND");
    assertThat(notFound.text("message")).isEqualTo("找不到通知 'ntf_none'");
    assertThat(noEndpoint.text("error")).isEqualTo("NOT_FOUND");
    assertThat(noEndpoint.text("message")).isEqualTo("没有这个接口：/api/v1/nothing-here");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.text("error")).isEqualTo("UNAUTHORIZED");
    assertThat(anonymous.text("message")).isEqualTo("需要 Authorization: Bearer <token> 或控制台会话");
    assertThat(wrongToken.text("error")).isEqualTo("UNAUTHORIZED");
    assertThat(wrongToken.text("message")).isEqualTo("Bearer 令牌无效");
    assertThat(wrongLogin.status()).isEqualTo(401);
    assertThat(wrongLogin.text("error")).isEqualTo("UNAUTHORIZED");
    assertThat(wrongLogin.text("message")).isEqualTo("令牌错误，或用户名或密码错误");
  }

  @Test
  void aRoleWithoutTheRightIsRefusedInChineseNamingTheRoleMethodAndPath() {
    var issued = api.post("/api/v1/tokens", "{\"name\":\"reader\",\"role\":\"viewer\"}");
    var viewer = issued.text("token");

    var refused =
        api.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/merchants"))
                .header("Authorization", "Bearer " + viewer)
                .header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"shop-x\",\"name\":\"X\"}")));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("error")).isEqualTo("FORBIDDEN");
    assertThat(refused.text("message")).isEqualTo("角色 viewer 无权执行 POST /api/v1/merchants");
  }

  @Test
  void aValueTheCoreRefusesKeepsItsEnglishReasonInEitherLanguage() {
    api.post("/api/v1/merchants", "{\"id\":\"shop-amount\",\"name\":\"Amount Shop\"}");
    var request =
        """
        {"merchantId":"shop-amount","channel":"WEBHOOK","orderNo":"O-1","paymentStatus":"SUCCESS","amount":"-1.00",
         "currency":"CNY","notifyUrl":"https://shop.example.com/notify"}""";

    var plain = api.send(api.request("/api/v1/notifications", "POST", request));
    var chinese =
        api.send(
            api.request("/api/v1/notifications", "POST", request)
                .header("Accept-Language", "zh-CN"));

    assertThat(plain.status()).isEqualTo(422);
    assertThat(chinese.status()).isEqualTo(422);
    assertThat(chinese.text("error")).isEqualTo(plain.text("error")).isEqualTo("INVALID_VALUE");
    assertThat(chinese.text("field")).isEqualTo(plain.text("field")).isEqualTo("amount");
    assertThat(chinese.text("message"))
        .isEqualTo(plain.text("message"))
        .startsWith("amount: must be greater than 0");
  }

  @Test
  void theRequestScreensRefusalsAreWordedInChineseAndKeepTheirCodes() {
    var tooLargeLogin = "{\"token\":\"" + "x".repeat(20_000) + "\"}";

    var tooLarge =
        api.send(
            api.unauthenticated("/api/v1/session")
                .header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString(tooLargeLogin)));
    var badQuery =
        api.send(
            get("/api/v1/notifications?orderNo=%25zz&channel=%ff%fe")
                .header("Accept-Language", "zh-CN"));
    var badQueryEnglish = api.send(get("/api/v1/notifications?channel=%ff%fe"));

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.text("error")).isEqualTo("BODY_TOO_LARGE");
    assertThat(tooLarge.text("message")).isEqualTo("请求体超过了此接口 16384 字节的上限");
    assertThat(badQuery.status()).isEqualTo(400);
    assertThat(badQuery.text("error")).isEqualTo("INVALID_PARAMETER");
    assertThat(badQuery.text("field")).isEqualTo("channel");
    assertThat(badQuery.text("message")).isEqualTo("channel：'%ff%fe' 不是百分号编码的 UTF-8（% 请写作 %25）");
    assertThat(badQueryEnglish.text("message"))
        .isEqualTo("channel: '%ff%fe' is not percent-encoded UTF-8 (write % as %25)");
  }

  @Test
  void aSessionsChangeWithoutItsCsrfTokenAndAnotherSchemeAreRefusedInChinese() throws Exception {
    var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    var base = "http://127.0.0.1:" + port;
    browser.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\":\"lin\",\"password\":\"lin-password\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    var withoutCsrf =
        browser.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/notifications/retry"))
                .header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"none\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var basic =
        api.send(
            api.unauthenticated("/api/v1/merchants")
                .header("Authorization", "Basic bGluOng=")
                .header("Accept-Language", "zh"));

    assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    assertThat(withoutCsrf.body())
        .contains("\"error\":\"CSRF\"")
        .contains("使用会话 Cookie 进行的修改需要携带该会话的 X-CSRF-Token 请求头");
    assertThat(basic.status()).isEqualTo(401);
    assertThat(basic.text("message")).isEqualTo("请使用 Authorization: Bearer <token>");
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + Api.TOKEN)
        .GET();
  }
}

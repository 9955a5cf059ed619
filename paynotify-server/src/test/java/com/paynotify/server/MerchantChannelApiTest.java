package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.RsaKeys;
import com.paynotify.merchant.MasterKey;
import java.security.KeyPairGenerator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /api/v1/merchants/{id}/channels}: what it accepts, what it refuses, and that no private or
 * shared key ever leaves it or lies in the database in plaintext.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:api;DB_CLOSE_DELAY=-1"
    })
class MerchantChannelApiTest {
  static final String API_V3_KEY = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
  static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";

  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  Api api;
  String merchantId;
  String webhookSecret;

  @BeforeEach
  void registerMerchant() {
    api = new Api(port);
    merchantId = "m-" + UUID.randomUUID().toString().substring(0, 8);
    webhookSecret =
        api.post("/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Shop\"}")
            .text("webhookSecret");
  }

  Api.Answer put(String channel, String json) {
    return api.put("/api/v1/merchants/" + merchantId + "/channels/" + channel, json);
  }

  String path(String channel) {
    return "/api/v1/merchants/"
        + merchantId
        + "/channels"
        + (channel.isEmpty() ? "" : "/" + channel);
  }

  static String pem(java.security.PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\\n"
        + RsaKeys.privateKeyBase64(key)
        + "\\n-----END PRIVATE KEY-----\\n";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ALIPAY", "WECHAT_V3", "WECHAT_V2"})
  void refusesANotificationOnAChannelWithoutCredentials(String channel) {
    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"%s","orderNo":"N-1","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"http://127.0.0.1:9/notify"}"""
                .formatted(merchantId, channel));

    assertThat(created.status()).isEqualTo(422);
    assertThat(created.text("field")).isEqualTo("channel");
    assertThat(created.text("message")).contains("no " + channel + " credentials");
  }

  @Test
  void neverAnswersAPrivateOrSharedKey() {
    var alipayKey = RsaKeys.generate().getPrivate();
    var wechatKey = RsaKeys.generate().getPrivate();
    var answers = new ArrayList<Api.Answer>();

    answers.add(
        put(
            "ALIPAY",
            "{\"appId\":\"2021000000000001\",\"privateKey\":\"" + pem(alipayKey) + "\"}"));
    answers.add(
        put(
            "WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\""
                + API_V3_KEY
                + "\",\"privateKey\":\""
                + RsaKeys.privateKeyBase64(wechatKey)
                + "\"}"));
    answers.add(
        put(
            "WECHAT_V2",
            "{\"appId\":\"wx1\",\"mchId\":\"10000100\",\"apiKey\":\"" + V2_API_KEY + "\"}"));
    for (var channel : List.of("ALIPAY", "WECHAT_V3", "WECHAT_V2", "WEBHOOK", "")) {
      answers.add(api.get(path(channel)));
    }

    assertThat(answers)
        .extracting(Api.Answer::status)
        .containsExactly(201, 201, 201, 200, 200, 200, 200, 200);
    for (var answer : answers) {
      assertThat(answer.body())
          .doesNotContain(RsaKeys.privateKeyBase64(alipayKey).substring(100, 160))
          .doesNotContain(RsaKeys.privateKeyBase64(wechatKey).substring(100, 160))
          .doesNotContain(API_V3_KEY)
          .doesNotContain(V2_API_KEY)
          .doesNotContain(webhookSecret.substring(6))
          .doesNotContain("PRIVATE KEY");
    }
    var list = api.get(path(""));
    var channels = new ArrayList<String>();
    list.json().forEach(view -> channels.add(view.get("channel").asString()));
    assertThat(channels).containsExactly("WEBHOOK", "ALIPAY", "WECHAT_V3", "WECHAT_V2");
    var v3 = api.get(path("WECHAT_V3"));
    assertThat(v3.json().get("keysSet").toString()).isEqualTo("[\"privateKey\",\"apiV3Key\"]");
    assertThat(v3.text("publicKeyPem")).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(v3.text("rotation")).isEqualTo("IMMEDIATE");
    assertThat(api.get(path("WEBHOOK")).text("rotation")).isEqualTo("GRACE_24H");
  }

  @Test
  void storesNoKeyInPlaintext() throws SQLException {
    var alipayKey = RsaKeys.generate().getPrivate();
    put("ALIPAY", "{\"appId\":\"2021000000000001\",\"privateKey\":\"" + pem(alipayKey) + "\"}");
    put(
        "WECHAT_V3",
        "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"" + API_V3_KEY + "\"}");
    put(
        "WECHAT_V2",
        "{\"appId\":\"wx1\",\"mchId\":\"10000100\",\"apiKey\":\"" + V2_API_KEY + "\"}");

    var credentialRows =
        rows("SELECT private_key, shared_key FROM merchant_credential WHERE merchant_id = ?");
    var merchantRow = rows("SELECT webhook_secret FROM merchant WHERE id = ?");

    assertThat(credentialRows).hasSize(3);
    var stored = String.join("\n", credentialRows) + "\n" + String.join("\n", merchantRow);
    assertThat(stored)
        .doesNotContain(RsaKeys.privateKeyBase64(alipayKey).substring(100, 160))
        .doesNotContain(API_V3_KEY)
        .doesNotContain(V2_API_KEY)
        .doesNotContain(webhookSecret.substring(6));
    assertThat(merchantRow.getFirst()).startsWith(MasterKey.SEALED_PREFIX);
    assertThat(credentialRows).allSatisfy(row -> assertThat(row).contains(MasterKey.SEALED_PREFIX));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "APIv3 key too short     | WECHAT_V3 | {\"mchId\":\"1\",\"appId\":\"wx\",\"apiV3Key\":\"short-secret-key-abc\"}      | apiV3Key   | short-secret-key-abc",
        "v2 key too long         | WECHAT_V2 | {\"mchId\":\"1\",\"appId\":\"wx\",\"apiKey\":\"0123456789abcdef0123456789abcdefXY\"} | apiKey | 0123456789abcdef0123456789abcdefXY",
        "v2 key with spaces      | WECHAT_V2 | {\"mchId\":\"1\",\"appId\":\"wx\",\"apiKey\":\"0123456789abcdef 123456789abcdef\"}  | apiKey | 0123456789abcdef 123456789abcdef",
        "v2 unknown sign type    | WECHAT_V2 | {\"mchId\":\"1\",\"appId\":\"wx\",\"apiKey\":\"0123456789abcdef0123456789abcdef\",\"signType\":\"SHA1\"} | signType | 0123456789abcdef0123456789abcdef",
        "alipay unknown sign     | ALIPAY    | {\"appId\":\"2021\",\"signType\":\"RSA3\"}                                 | signType   | -",
        "private key not base64  | ALIPAY    | {\"appId\":\"2021\",\"privateKey\":\"-----BEGIN PRIVATE KEY-----\\nnot*base64*secret\\n-----END PRIVATE KEY-----\"} | privateKey | not*base64*secret",
        "private key not RSA     | ALIPAY    | {\"appId\":\"2021\",\"privateKey\":\"c2VjcmV0LWJ1dC1ub3QtYS1rZXk=\"}    | privateKey | c2VjcmV0LWJ1dC1ub3QtYS1rZXk=",
        "both key and rotate     | ALIPAY    | {\"appId\":\"2021\",\"rotateKey\":true,\"privateKey\":\"x\"}             | rotateKey  | -",
        "misspelt field          | WECHAT_V3 | {\"mchId\":\"1\",\"appId\":\"wx\",\"api_v3_key\":\"0123456789abcdef0123456789abcdef\"} | api_v3_key | 0123456789abcdef0123456789abcdef",
        "bad app id              | ALIPAY    | {\"appId\":\"20 21\"}                                                   | appId      | -",
        "webhook is rotated      | WEBHOOK   | {}                                                                      | channel    | -",
        "unknown channel         | PIGEON    | {}                                                                      | channel    | -",
      })
  void refusesBadCredentialsNamingTheFieldWithoutEchoingTheKey(
      String name, String channel, String json, String field, String secret) {
    var answer = put(channel, json);

    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
    assertThat(answer.text("error")).isEqualTo("INVALID_VALUE");
    assertThat(answer.text("field")).isEqualTo(field);
    if (!secret.equals("-")) {
      assertThat(answer.body()).doesNotContain(secret);
    }
    assertThat(api.get(path("")).json().size()).isEqualTo(1);
  }

  @Test
  void refusesAShortRsaKeyAndAMissingSharedKey() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    var weak = generator.generateKeyPair().getPrivate();

    var shortKey = put("ALIPAY", "{\"appId\":\"2021\",\"privateKey\":\"" + pem(weak) + "\"}");
    var noApiV3Key = put("WECHAT_V3", "{\"mchId\":\"1900000109\",\"appId\":\"wx1\"}");

    assertThat(shortKey.status()).isEqualTo(422);
    assertThat(shortKey.text("message"))
        .isEqualTo("privateKey: must be an RSA key of 2048 to 4096 bits, got 1024 bits");
    assertThat(noApiV3Key.status()).isEqualTo(400);
    assertThat(noApiV3Key.text("field")).isEqualTo("apiV3Key");
  }

  @Test
  void answersNotFoundForAnUnknownMerchantOrAChannelNeverSet() {
    var unknownMerchant =
        api.put("/api/v1/merchants/nobody/channels/ALIPAY", "{\"appId\":\"2021\"}");
    var neverSet = api.get(path("WECHAT_V2"));

    assertThat(unknownMerchant.status()).isEqualTo(404);
    assertThat(neverSet.status()).isEqualTo(404);
  }

  private List<String> rows(String sql) throws SQLException {
    var out = new ArrayList<String>();
    try (var connection = dataSource.getConnection();
        var statement = connection.prepareStatement(sql)) {
      statement.setString(1, merchantId);
      try (var row = statement.executeQuery()) {
        while (row.next()) {
          var values = new ArrayList<String>();
          for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
            values.add(String.valueOf(row.getString(i)));
          }
          out.add(String.join(" ", values));
        }
      }
    }
    return out;
  }
}

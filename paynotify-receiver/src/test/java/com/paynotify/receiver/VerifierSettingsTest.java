package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.VerificationKeys;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WechatV2Credentials.SignType;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A key anyone could sign with, or no key at all, is refused when the verifier is built, with an
 * {@link IllegalArgumentException} naming the setting and never quoting the value.
 */
class VerifierSettingsTest {
  private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");

  @ParameterizedTest(name = "WeChat Pay v2 key ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                  | apiKeys[0]: must not be blank",
        "'                                '  | apiKeys[0]: must not be blank",
        "short-key                           | apiKeys[0]: must be 32 characters, got 9",
        "192006250b4c09247ec02edce69f6a2    | apiKeys[0]: must be 32 characters, got 31",
        "'192006250b4c0924 ec02edce69f6a2d'  | apiKeys[0]: must be printable ASCII without spaces",
      })
  void aBlankOrShortWechatV2KeyIsRefusedWithoutQuotingIt(String apiKey, String message) {
    assertThatThrownBy(
            () ->
                WechatV2Verifier.of(
                    new VerificationKeys.WechatV2(List.of(apiKey), SignType.MD5), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aBlankSecondWechatV2KeyOfARotationIsRefusedByItsPlace() {
    assertThatThrownBy(
            () -> new VerificationKeys.WechatV2(List.of(OfficialSdk.V2_API_KEY, " "), SignType.MD5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKeys[1]: must not be blank");
  }

  @ParameterizedTest(name = "webhook secret ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                   | webhook secret: must decode to 24 to 64 bytes, got 0",
        "whsec_               | webhook secret: must decode to 24 to 64 bytes, got 0",
        "whsec_c2hvcnQ=       | webhook secret: must decode to 24 to 64 bytes, got 5",
        "'whsec_not base64!'  | webhook secret: not valid base64 after the whsec_ prefix",
      })
  void aBlankOrShortWebhookSecretIsRefusedWithoutQuotingIt(String secret, String message) {
    assertThatThrownBy(() -> WebhookSecret.parse(secret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aWebhookVerifierWithoutASecretIsRefused() {
    assertThatThrownBy(() -> WebhookVerifier.of(List.of(), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secrets: at least one webhook secret is required");
  }

  @ParameterizedTest(name = "Alipay public key ''{0}''")
  @CsvSource({"''", "'   '", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"})
  void aBlankOrTruncatedAlipayPublicKeyIsRefusedWithoutQuotingIt(String text) {
    assertThatThrownBy(() -> RsaKeys.parsePublicKey(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("public key: not an RSA X.509 public key");
  }

  @Test
  void anAlipayPublicKeyShorterThan1024BitsIsRefused() throws Exception {
    var weak = rsaPublicKey(512);

    assertThatThrownBy(
            () ->
                AlipayVerifier.of(
                    new VerificationKeys.Alipay(List.of(weak), AlipayCredentials.SignType.RSA2),
                    clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("publicKeys: must be an RSA key of at least 1024 bits, got 512");
  }

  @Test
  void aWechatPlatformKeyShorterThan2048BitsIsRefused() throws Exception {
    var weak = rsaPublicKey(1024);

    assertThatThrownBy(
            () ->
                new VerificationKeys.WechatV3(
                    Map.of(OfficialSdk.PUBLIC_KEY_ID, weak), List.of(OfficialSdk.APIV3_KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("publicKeysById: must be an RSA key of at least 2048 bits, got 1024");
  }

  @Test
  void aBlankWechatPublicKeyIdIsRefused() {
    var keys = Map.of(" ", OfficialSdk.PLATFORM.getPublic());

    assertThatThrownBy(() -> new VerificationKeys.WechatV3(keys, List.of(OfficialSdk.APIV3_KEY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("publicKeysById: a public key id must not be blank");
  }

  @Test
  void aBlankApiV3KeyIsRefusedWithoutQuotingIt() {
    var keys = Map.of(OfficialSdk.PUBLIC_KEY_ID, OfficialSdk.PLATFORM.getPublic());

    assertThatThrownBy(() -> new VerificationKeys.WechatV3(keys, List.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiV3Key: must be 32 bytes (AES-256), got 0 bytes");
  }

  @Test
  void aToleranceThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> WebhookVerifier.of(List.of(Deliveries.SECRET), clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tolerance: must be positive, got PT0S");
  }

  private static PublicKey rsaPublicKey(int bits) throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair().getPublic();
  }
}

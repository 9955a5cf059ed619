package com.paynotify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class RsaKeysTest {

  @Test
  void handsOutThePublicKeyAsBareBase64AndAsPem() {
    var publicKey = TestKeys.PLATFORM.getPublic();

    var bare = RsaKeys.publicKeyBase64(publicKey);
    var pem = RsaKeys.publicKeyPem(publicKey);

    assertThat(bare).startsWith("MIIBIjAN").doesNotContain("\n");
    assertThat(pem)
        .startsWith("-----BEGIN PUBLIC KEY-----\nMIIBIjAN")
        .endsWith("-----END PUBLIC KEY-----\n");
    assertThat(pem.lines().skip(1).limit(1).findFirst()).get().asString().hasSize(64);
    assertThat(RsaKeys.parsePublicKey(bare)).isEqualTo(publicKey);
    assertThat(RsaKeys.parsePublicKey(pem)).isEqualTo(publicKey);
  }

  @Test
  void readsBackAPkcs8PrivateKey() {
    var privateKey = TestKeys.PLATFORM.getPrivate();

    var text = RsaKeys.privateKeyBase64(privateKey);

    assertThat(RsaKeys.parsePrivateKey(text)).isEqualTo(privateKey);
    assertThat(
            RsaKeys.parsePrivateKey(
                "-----BEGIN PRIVATE KEY-----\n" + text + "\n-----END PRIVATE KEY-----\n"))
        .isEqualTo(privateKey);
  }

  @Test
  void generatesRsa2048() {
    var pair = RsaKeys.generate();

    assertThat(((java.security.interfaces.RSAKey) pair.getPublic()).getModulus().bitLength())
        .isEqualTo(2048);
  }

  @Test
  void refusesBadKeyTextWithoutEchoingIt() {
    var secretLooking = "c2VjcmV0LWtleS1tYXRlcmlhbA==";

    assertThatThrownBy(() -> RsaKeys.parsePrivateKey(secretLooking))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private key: not an RSA PKCS#8 private key");
    assertThatThrownBy(() -> RsaKeys.parsePublicKey("not base64 !"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("public key: not base64 or PEM");
  }

  @Test
  void refusesSigningCredentialsWithAKeyThatIsNotRsa() throws Exception {
    var ec = KeyPairGenerator.getInstance("EC").generateKeyPair();

    assertThatThrownBy(
            () -> new AlipayCredentials("app", ec.getPrivate(), AlipayCredentials.SignType.RSA2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signingKey: must be an RSA key, got EC");
  }
}

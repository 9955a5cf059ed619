package com.paynotify.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private final MasterKey key = MasterKey.generate();

  @Test
  void opensWhatItSealedForTheSameContext() {
    var sealed = key.seal("whsec_c2VjcmV0", "merchant/m1/webhook_secret");

    var opened = key.open(sealed, "merchant/m1/webhook_secret");

    assertThat(sealed).startsWith(MasterKey.SEALED_PREFIX).doesNotContain("whsec_");
    assertThat(opened).isEqualTo("whsec_c2VjcmV0");
  }

  @Test
  void sealsTheSameTextDifferentlyEachTime() {
    var once = key.seal("same", "ctx");

    var twice = key.seal("same", "ctx");

    assertThat(once).isNotEqualTo(twice);
  }

  @Test
  void refusesToOpenUnderAnotherContextOrKeyOrAfterTampering() {
    var sealed = key.seal("secret", "merchant/m1/webhook_secret");
    var bytes = Base64.getDecoder().decode(sealed.substring(MasterKey.SEALED_PREFIX.length()));
    bytes[bytes.length - 1] ^= 1;
    var tampered = MasterKey.SEALED_PREFIX + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> key.open(sealed, "merchant/m2/webhook_secret"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot decrypt the stored value of merchant/m2/webhook_secret: it was encrypted under another "
            + "master key, or altered");
    assertThatThrownBy(() -> MasterKey.generate().open(sealed, "merchant/m1/webhook_secret"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> key.open(tampered, "merchant/m1/webhook_secret"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> key.open(MasterKey.SEALED_PREFIX + "AAAA", "ctx"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readsBackTheKeyItRevealsAndRefusesAnythingButThirtyTwoBytes() {
    var again = MasterKey.parse(key.reveal());
    var sealed = key.seal("secret", "ctx");

    assertThat(again.open(sealed, "ctx")).isEqualTo("secret");
    assertThatThrownBy(() -> MasterKey.parse(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessage("master key: must be the base64 of 32 bytes (AES-256), got 16 bytes");
    assertThatThrownBy(() -> MasterKey.parse("not base64 at all!"))
        .hasMessage("master key: not base64 (expected the base64 of 32 random bytes)");
  }

  @Test
  void neverShowsTheKey() {
    assertThat(key.toString()).isEqualTo("MasterKey[redacted]").doesNotContain(key.reveal());
  }
}

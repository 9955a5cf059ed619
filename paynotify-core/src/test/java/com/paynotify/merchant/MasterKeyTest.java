package com.paynotify.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
    var header = MasterKey.SEALED_PREFIX + key.id() + ":";
    var bytes = Base64.getDecoder().decode(sealed.substring(header.length()));
    bytes[bytes.length - 1] ^= 1;
    var tampered = header + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> key.open(sealed, "merchant/m2/webhook_secret"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "cannot decrypt the stored value of merchant/m2/webhook_secret: it was encrypted under another "
                + "master key, or altered");
    assertThatThrownBy(() -> MasterKey.generate().open(sealed, "merchant/m1/webhook_secret"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another master key (id " + key.id() + ")");
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
  void namesTheKeyThatSealedAValueByAnIdThatIsNotTheKey() {
    var sealed = key.seal("secret", "ctx");

    var again = MasterKey.parse(key.reveal());

    assertThat(key.id())
        .matches("[0-9a-f]{16}")
        .isEqualTo(again.id())
        .isNotEqualTo(MasterKey.generate().id());
    assertThat(sealed).startsWith(MasterKey.SEALED_PREFIX + key.id() + ":");
    assertThat(MasterKey.keyIdOf(sealed)).isEqualTo(key.id());
    var keyHex = HexFormat.of().formatHex(Base64.getDecoder().decode(key.reveal()));
    assertThat(keyHex).doesNotContain(key.id());
    assertThat(key.reveal()).doesNotContain(key.id());
  }

  @Test
  void opensWithAPreviousKeyButSealsOnlyUnderTheCurrentOne() {
    var old = MasterKey.generate();
    var sealedBefore = old.seal("secret", "ctx");
    var current = MasterKey.generate();

    var rotating = current.withPrevious(List.of(old));
    var sealedNow = rotating.seal("secret", "ctx");

    assertThat(rotating.open(sealedBefore, "ctx")).isEqualTo("secret");
    assertThat(rotating.id()).isEqualTo(current.id());
    assertThat(rotating.ids()).containsExactly(current.id(), old.id());
    assertThat(rotating.isCurrent(sealedBefore)).isFalse();
    assertThat(rotating.isCurrent(sealedNow)).isTrue();
    assertThat(current.open(sealedNow, "ctx")).isEqualTo("secret");
    assertThatThrownBy(() -> current.open(sealedBefore, "ctx"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "cannot decrypt the stored value of ctx: it was encrypted under another master key (id "
                + old.id()
                + "), not under this one (id "
                + current.id()
                + ")");
  }

  @Test
  void opensValuesOfTheFirstFormatWhichNameNoKeyWithWhicheverKeyFits() {
    var old = MasterKey.generate();
    var named = old.seal("secret", "ctx");
    var unnamed = MasterKey.UNNAMED_PREFIX + named.substring(named.lastIndexOf(':') + 1);

    var rotating = MasterKey.generate().withPrevious(List.of(old));

    assertThat(MasterKey.isSealed(unnamed)).isTrue();
    assertThat(MasterKey.keyIdOf(unnamed)).isNull();
    assertThat(rotating.open(unnamed, "ctx")).isEqualTo("secret");
    assertThat(rotating.isCurrent(unnamed)).isFalse();
    assertThatThrownBy(() -> MasterKey.generate().open(unnamed, "ctx"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void neverShowsTheKey() {
    assertThat(key.toString()).isEqualTo("MasterKey[redacted]").doesNotContain(key.reveal());
  }
}

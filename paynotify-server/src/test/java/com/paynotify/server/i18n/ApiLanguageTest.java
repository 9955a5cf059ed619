package com.paynotify.server.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ApiLanguageTest {

  @Test
  void anyChineseFirstIsAnsweredInSimplifiedChinese() {
    var headers =
        new String[] {"zh-CN", "zh", "zh-Hans-CN", "zh-TW,en;q=0.5", "zh-CN,zh;q=0.9,en;q=0.8"};

    var languages = java.util.Arrays.stream(headers).map(ApiLanguage::of).toList();

    assertThat(languages).containsOnly(Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void englishFirstNoHeaderOrAnUnreadableOneIsAnsweredInEnglish() {
    var headers =
        new String[] {"en-US,en;q=0.9,zh-CN;q=0.8", "en", "*", "", "   ", "%%%;q=x", "fr-FR,de"};

    var languages = java.util.Arrays.stream(headers).map(ApiLanguage::of).toList();

    assertThat(languages).containsOnly(Locale.ENGLISH);
    assertThat(ApiLanguage.of((String) null)).isEqualTo(Locale.ENGLISH);
  }

  @Test
  void weightsDecideAndARefusedLanguageIsPassedOver() {
    var weighted = "en;q=0.4, zh;q=0.8";
    var refused = "zh;q=0, en";
    var unspoken = "fr-FR, ja;q=0.9, zh;q=0.5";

    assertThat(ApiLanguage.of(weighted)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    assertThat(ApiLanguage.of(refused)).isEqualTo(Locale.ENGLISH);
    assertThat(ApiLanguage.of(unspoken)).isEqualTo(Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void aHugeHeaderIsReadOnlyUpToItsFirstEntriesWhole() {
    var huge = "fr;q=0.9, ".repeat(10_000) + "zh";
    var cutInsideAnEntry = "zh-" + "x".repeat(1_000);

    assertThat(ApiLanguage.of(huge)).as("zh lies past the part read").isEqualTo(Locale.ENGLISH);
    assertThat(ApiLanguage.of(cutInsideAnEntry)).isEqualTo(Locale.ENGLISH);
  }
}

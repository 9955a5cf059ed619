package com.paynotify.server.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * messages.properties and messages_zh_CN.properties agree, and hold every key the server asks for.
 */
class MessageBundlesTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
  private static final Pattern KEY_IN_CODE = Pattern.compile("\"((?:error|thing)\\.[a-z-]+)\"");

  @Test
  void bothBundlesHoldTheSameKeysWithTheSamePlaceholdersAndTheChineseIsTranslated()
      throws IOException {
    var english = bundle("messages.properties");

    var chinese = bundle("messages_zh_CN.properties");

    assertThat(chinese.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
    for (var key : english.stringPropertyNames()) {
      assertThat(placeholders(chinese.getProperty(key)))
          .as(key)
          .isEqualTo(placeholders(english.getProperty(key)));
      assertThat(chinese.getProperty(key)).as(key).isNotEqualTo(english.getProperty(key));
    }
  }

  /**
   * MessageFormat drops a lone ' and everything up to the next one, but only in a message with
   * arguments.
   */
  @Test
  void aMessageWithArgumentsDoublesItsQuotesAndOneWithoutDoesNot() throws IOException {
    for (var name : new String[] {"messages.properties", "messages_zh_CN.properties"}) {
      var messages = bundle(name);

      for (var key : messages.stringPropertyNames()) {
        var text = messages.getProperty(key);
        var withoutPairs = text.replace("''", "");
        if (PLACEHOLDER.matcher(text).find()) {
          assertThat(withoutPairs).as(name + " " + key + ": a lone '").doesNotContain("'");
        } else {
          assertThat(text).as(name + " " + key + ": '' shown twice").doesNotContain("''");
        }
      }
    }
  }

  @Test
  void everyKeyTheServerAsksForIsInTheBundles() throws IOException {
    var english = bundle("messages.properties");

    Set<String> asked;
    try (var sources = Files.walk(Path.of("src/main/java"))) {
      asked =
          sources
              .filter(p -> p.toString().endsWith(".java"))
              .flatMap(
                  p -> {
                    try {
                      return KEY_IN_CODE
                          .matcher(Files.readString(p))
                          .results()
                          .map(m -> m.group(1));
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(asked).hasSizeGreaterThan(15);
    assertThat(english.stringPropertyNames()).containsAll(asked);
  }

  private static Properties bundle(String name) throws IOException {
    var properties = new Properties();
    try (var in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  private static Set<String> placeholders(String text) {
    return PLACEHOLDER
        .matcher(text)
        .results()
        .map(m -> m.group())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}

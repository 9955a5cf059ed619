package com.paynotify.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.access.Role;
import com.paynotify.alert.AlertKind;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.notification.NotificationStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's message catalogue (js/i18n.js) read as the source it is, without a JavaScript
 * engine: both dictionaries hold the same keys with the same {placeholders}, and every key a page
 * or index.html asks for is in them.
 */
class ConsoleMessagesTest {
  private static final Path STATIC = Path.of("src/main/resources/static");

  /**
   * The dictionaries are object literals of quoted strings, which lenient JSON reads as they are.
   */
  private static final JsonMapper LENIENT =
      JsonMapper.builder()
          .enable(
              JsonReadFeature.ALLOW_SINGLE_QUOTES,
              JsonReadFeature.ALLOW_TRAILING_COMMA,
              JsonReadFeature.ALLOW_JAVA_COMMENTS,
              JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Pattern LITERAL_KEY = Pattern.compile("\\bt\\(\\s*'([^']+)'\\s*[,)]");
  private static final Pattern DYNAMIC_KEY = Pattern.compile("\\bt\\(\\s*'([^']+)'\\s*\\+");
  private static final Pattern MARKUP_KEY = Pattern.compile("data-i18n=\"([^\"]+)\"");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  /**
   * Keys built at run time from a code, by prefix: each code the server can send needs its entry.
   */
  private static final Map<String, List<String>> FAMILIES =
      Map.of(
          "status.",
              Stream.of(
                      Arrays.stream(NotificationStatus.values()).map(Enum::name),
                      Arrays.stream(MerchantStatus.values()).map(Enum::name),
                      Stream.of("revoked"))
                  .flatMap(s -> s)
                  .toList(),
          "role.", Arrays.stream(Role.values()).map(Role::label).toList(),
          "alert.", Arrays.stream(AlertKind.values()).map(Enum::name).toList());

  @Test
  void bothDictionariesHoldTheSameKeysWithTheSamePlaceholders() throws IOException {
    var english = dictionary("en");

    var chinese = dictionary("zhCN");

    assertThat(chinese.keySet())
        .as("keys of zh-CN")
        .containsExactlyInAnyOrderElementsOf(english.keySet());
    for (var key : english.keySet()) {
      assertThat(placeholders(chinese.get(key)))
          .as("placeholders of " + key)
          .isEqualTo(placeholders(english.get(key)));
    }
    assertThat(english)
        .as("keys whose Chinese is still English")
        .allSatisfy(
            (key, text) -> {
              if (!key.startsWith("status.")
                  && !key.startsWith("alert.")
                  && !key.startsWith("role.")) {
                assertThat(chinese.get(key)).as(key).isNotEqualTo(text);
              }
            });
  }

  @Test
  void everyKeyThePagesAskForIsInTheDictionariesAndEveryEntryIsAskedFor() throws IOException {
    var english = dictionary("en");
    var used = new TreeSet<String>();
    var prefixes = new TreeSet<String>();

    for (var file : sources()) {
      var text = Files.readString(file);
      LITERAL_KEY.matcher(text).results().forEach(m -> used.add(m.group(1)));
      MARKUP_KEY.matcher(text).results().forEach(m -> used.add(m.group(1)));
      DYNAMIC_KEY.matcher(text).results().forEach(m -> prefixes.add(m.group(1)));
    }
    FAMILIES.forEach((prefix, codes) -> codes.forEach(code -> used.add(prefix + code)));

    assertThat(used).as("literal keys found").hasSizeGreaterThan(200);
    assertThat(prefixes)
        .as("keys built from a code need a family here")
        .isSubsetOf(FAMILIES.keySet());
    assertThat(english.keySet()).as("keys asked for but missing").containsAll(used);
    assertThat(used).as("entries no page asks for").containsAll(english.keySet());
  }

  private static List<Path> sources() throws IOException {
    try (var js = Files.list(STATIC.resolve("js"))) {
      var files =
          new java.util.ArrayList<>(js.filter(p -> p.toString().endsWith(".js")).sorted().toList());
      files.add(STATIC.resolve("index.html"));
      assertThat(files).hasSizeGreaterThan(8);
      return files;
    }
  }

  /** {@code const <name> = { ... };} of js/i18n.js, as a map. */
  private static Map<String, String> dictionary(String name) throws IOException {
    var source = Files.readString(STATIC.resolve("js/i18n.js"));
    var literal = Pattern.compile("(?ms)^const " + name + " = (\\{.*?^});$").matcher(source);
    assertThat(literal.find()).as("const " + name + " in js/i18n.js").isTrue();
    return LENIENT.readValue(
        literal.group(1), new TypeReference<LinkedHashMap<String, String>>() {});
  }

  private static Set<String> placeholders(String text) {
    var names = new TreeSet<String>();
    PLACEHOLDER.matcher(text).results().forEach(m -> names.add(m.group(1)));
    return names;
  }
}

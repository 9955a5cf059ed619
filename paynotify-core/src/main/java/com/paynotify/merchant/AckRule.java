package com.paynotify.merchant;

import com.paynotify.InvalidRequestException;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What answer to a WEBHOOK callback acknowledges it for one merchant: any 2xx, or a 2xx whose body
 * is a text the merchant names, or whose JSON has a field with a value it names, as merchants used
 * to Alipay-style acknowledgements answer. A rule judges only a 2xx answer's body, which the
 * transport has already cut to {@link com.paynotify.notification.Attempt#MAX_RESPONSE_CHARS}; the
 * other channels' answers are fixed by their wire formats.
 */
public sealed interface AckRule {
  /** The longest text or value a rule may name; an acknowledgement is a word, not a document. */
  int MAX_VALUE_LENGTH = 100;

  /** The longest JSON field name a rule may name. */
  int MAX_FIELD_LENGTH = 64;

  /**
   * Any 2xx acknowledges: the Standard Webhooks rule, and every merchant's until it names another.
   */
  AckRule DEFAULT = new AnyTwoXx();

  /** Whether the body of a 2xx answer acknowledges the callback. */
  boolean accepts(String body);

  /** The rule in a few words, for attempt reasons and the console. */
  String describe();

  /** Any 2xx answer acknowledges, whatever its body. */
  record AnyTwoXx() implements AckRule {
    @Override
    public boolean accepts(String body) {
      return true;
    }

    @Override
    public String describe() {
      return "any 2xx";
    }
  }

  /**
   * A 2xx whose body, without surrounding white space, is exactly {@code text} (case counts, as
   * Alipay's {@code success} does).
   */
  record BodyEquals(String text) implements AckRule {
    public BodyEquals {
      text = checked("ackRule.text", text);
    }

    @Override
    public boolean accepts(String body) {
      return body.strip().equals(text);
    }

    @Override
    public String describe() {
      return "a 2xx whose body is " + text;
    }
  }

  /**
   * A 2xx whose body is a JSON object with the top-level field {@code field} equal to {@code value}
   * (a string, or a number or boolean written as {@code value}), e.g. {@code {"code":"SUCCESS"}}.
   */
  record JsonField(String field, String value) implements AckRule {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public JsonField {
      Objects.requireNonNull(field, "field");
      if (field.isBlank()) {
        throw InvalidRequestException.missing("ackRule.field");
      }
      if (field.length() > MAX_FIELD_LENGTH) {
        throw InvalidRequestException.invalid(
            "ackRule.field", "at most " + MAX_FIELD_LENGTH + " characters, got " + field.length());
      }
      if (field.chars().anyMatch(Character::isISOControl)) {
        throw InvalidRequestException.invalid(
            "ackRule.field", "must not contain control characters");
      }
      value = checked("ackRule.value", value);
    }

    @Override
    public boolean accepts(String body) {
      try {
        var answer = JSON.readTree(body);
        var found = answer.isObject() ? answer.get(field) : null;
        return found != null
            && found.isValueNode()
            && !found.isNull()
            && found.asString().equals(value);
      } catch (JacksonException e) {
        return false; // not JSON: not the acknowledgement this merchant named
      }
    }

    @Override
    public String describe() {
      return "a 2xx whose JSON field " + field + " is " + value;
    }
  }

  private static String checked(String name, String value) {
    Objects.requireNonNull(value, name);
    var stripped = value.strip();
    if (stripped.isEmpty()) {
      throw InvalidRequestException.missing(name);
    }
    if (stripped.length() > MAX_VALUE_LENGTH) {
      throw InvalidRequestException.invalid(
          name, "at most " + MAX_VALUE_LENGTH + " characters, got " + stripped.length());
    }
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(name, "must not contain control characters");
    }
    return stripped;
  }
}

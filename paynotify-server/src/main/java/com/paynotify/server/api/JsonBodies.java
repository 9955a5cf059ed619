package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds a request body into its record with Jackson and turns what Jackson refuses into the API's
 * answers: a field the record does not have is a 400 {@code UNKNOWN_FIELD} naming it, a value of
 * the wrong JSON type a 422 naming its field, a body that is not a JSON object a 400. What a value
 * must be beyond its JSON type (required, an enum constant, a bounded decimal) is checked when the
 * record is turned into the core's request, with the helpers here, in the same words as ever.
 */
final class JsonBodies {
  /**
   * The longest decimal read, as written; no amount needs more, and parsing a longer one is slow.
   */
  static final int MAX_DECIMAL_TEXT = 40;

  /** The largest exponent either way a decimal may have before anything expands it. */
  static final int MAX_DECIMAL_SCALE = 32;

  /**
   * Strict where Jackson is lenient by default: no unknown fields, no number or boolean taken as a
   * string, nothing after the object, and decimals inside {@code extra} kept exact.
   */
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(DeserializationFeature.WRAP_EXCEPTIONS)
          .withCoercionConfig(
              LogicalType.Textual,
              text ->
                  text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private JsonBodies() {}

  /**
   * The body bound into {@code type}, a record.
   *
   * @throws MalformedRequestException when the body is empty, not JSON or not a JSON object
   * @throws UnknownFieldException when it has a field the record does not
   * @throws InvalidRequestException when a field's value has the wrong JSON type
   */
  static <T extends Record> T read(@Nullable String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw MalformedRequestException.notAnObject();
    }
    return bind(() -> MAPPER.readValue(body, type), type);
  }

  /**
   * The items of a body that is a JSON array, each left unbound for {@link #readItem}, so one bad
   * item is answered on its own.
   *
   * @throws MalformedRequestException when the body is empty, not JSON or not a JSON array
   */
  static List<JsonNode> items(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw MalformedRequestException.notAnArray();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw MalformedRequestException.notJson();
    }
    if (!node.isArray()) {
      throw MalformedRequestException.notAnArray();
    }
    var items = new ArrayList<JsonNode>(node.size());
    node.forEach(items::add);
    return items;
  }

  /**
   * One item of {@link #items} bound into {@code type}, refused as {@link #read} refuses a body.
   */
  static <T extends Record> T readItem(JsonNode item, Class<T> type) {
    if (!item.isObject()) {
      throw MalformedRequestException.itemNotAnObject();
    }
    return bind(() -> MAPPER.treeToValue(item, type), type);
  }

  private static <T extends Record> T bind(Supplier<T> binding, Class<T> type) {
    T bound;
    try {
      bound = binding.get();
    } catch (UnrecognizedPropertyException e) {
      var name = e.getPropertyName();
      var shown =
          name.length() <= InvalidRequestException.MAX_ECHO
              ? name
              : InvalidRequestException.echo(name);
      var known = new TreeSet<String>();
      e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      throw new UnknownFieldException(shown, known.toString());
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty() || e.getPath().getFirst().getPropertyName() == null) {
        throw MalformedRequestException.notAnObject();
      }
      var field = e.getPath().getFirst().getPropertyName();
      throw InvalidRequestException.invalid(field, expected(type, field));
    } catch (JacksonException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof InvalidRequestException invalid) {
          throw invalid;
        }
      }
      throw MalformedRequestException.notJson();
    }
    if (bound == null) {
      throw MalformedRequestException.notAnObject();
    }
    return bound;
  }

  /** What a field's JSON must be, from the type of the record component that holds it. */
  private static String expected(Class<? extends Record> type, String field) {
    var component =
        Arrays.stream(type.getRecordComponents())
            .filter(c -> c.getName().equals(field))
            .findFirst();
    var held = component.isPresent() ? component.get().getType() : Object.class;
    if (held == String.class) {
      return "must be a string";
    }
    if (List.class.isAssignableFrom(held)) {
      return "must be an array of strings";
    }
    if (held == Boolean.class || held == boolean.class) {
      return "must be true or false";
    }
    return "has the wrong JSON type";
  }

  /** A required text field: absent, null or blank is missing. */
  static String required(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.missing(field);
    }
    return withoutNul(field, value);
  }

  static @Nullable String optional(String field, @Nullable String value) {
    return value == null ? null : withoutNul(field, value);
  }

  /** No column takes a NUL (PostgreSQL refuses it in any text), and no field has a use for one. */
  static String withoutNul(String field, String value) {
    if (value.indexOf(0) >= 0) {
      throw InvalidRequestException.invalid(field, "must not contain the NUL character");
    }
    return value;
  }

  /** A required enum constant, spelt exactly as the enum does. */
  static <E extends Enum<E>> E requiredEnum(String field, @Nullable String value, Class<E> type) {
    var text = required(field, value);
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " is not one of "
              + Arrays.toString(type.getEnumConstants()));
    }
  }

  static BigDecimal requiredDecimal(String field, @Nullable BigDecimal value) {
    if (value == null) {
      throw InvalidRequestException.missing(field);
    }
    return value;
  }

  /** Longer than any ISO-8601 time with an offset and nanoseconds. */
  static final int MAX_TIME_TEXT = 40;

  /**
   * An instant written in ISO-8601 with an offset ({@code 2026-12-01T10:15:30+08:00} or {@code
   * ...Z}); null when absent. A time without an offset is refused: which zone it meant is a guess.
   */
  static @Nullable Instant instant(String field, @Nullable String text) {
    if (text == null) {
      return null;
    }
    var stripped = text.strip();
    if (stripped.length() > MAX_TIME_TEXT) {
      throw InvalidRequestException.invalid(
          field, InvalidRequestException.echo(text) + " is not an ISO-8601 time");
    }
    try {
      return OffsetDateTime.parse(stripped, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(stripped, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      } catch (DateTimeParseException notLocal) {
        throw InvalidRequestException.invalid(
            field,
            InvalidRequestException.echo(text)
                + " is not an ISO-8601 time with an offset like 2026-12-01T10:15:30+08:00");
      }
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " has no offset; add one, like 2026-12-01T10:15:30+08:00 or 2026-12-01T02:15:30Z");
    }
  }

  /** An array of strings, none of them null; empty when absent. */
  static List<String> strings(String field, @Nullable List<String> values) {
    if (values == null) {
      return List.of();
    }
    for (var value : values) {
      if (value == null) {
        throw InvalidRequestException.invalid(field, "must be an array of strings");
      }
      withoutNul(field, value);
    }
    return values;
  }

  /**
   * A decimal as written, read exactly. Its length and exponent are bounded before it is parsed or
   * expanded: {@code 1E-900000000} is twelve characters that write out as 900 million.
   */
  static BigDecimal decimal(String field, String text) {
    if (text.length() > MAX_DECIMAL_TEXT) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " is longer than "
              + MAX_DECIMAL_TEXT
              + " characters; write a plain decimal like 100.00");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw InvalidRequestException.invalid(
          field, InvalidRequestException.echo(text) + " is not a decimal number");
    }
    if (Math.abs((long) value.scale()) > MAX_DECIMAL_SCALE) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " has an exponent out of range; write a plain decimal like 100.00");
    }
    return value;
  }

  /**
   * A JSON object of at most {@code maxBytes} serialized, as a map with exact decimals; empty when
   * absent.
   */
  static Map<String, Object> object(String field, @Nullable JsonNode node, int maxBytes) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw InvalidRequestException.invalid(field, "must be a JSON object");
    }
    int size = MAPPER.writeValueAsBytes(node).length;
    if (size > maxBytes) {
      throw InvalidRequestException.invalid(
          field, "is " + size + " bytes, at most " + maxBytes + " allowed");
    }
    for (var entry : node.properties()) {
      if (entry.getValue().isNull()) {
        throw InvalidRequestException.invalid(
            field,
            "the value of "
                + InvalidRequestException.echo(entry.getKey())
                + " is null; leave the key out instead");
      }
    }
    boundedDecimals(field, node);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = MAPPER.convertValue(node, Map.class);
    return map;
  }

  /** A decimal anywhere in the object is written out when signed and sent: bound its exponent. */
  private static void boundedDecimals(String field, JsonNode node) {
    if (node.isNumber() && Math.abs((long) node.decimalValue().scale()) > MAX_DECIMAL_SCALE) {
      throw InvalidRequestException.invalid(
          field,
          "holds the number "
              + InvalidRequestException.echo(node.toString())
              + ", whose exponent is out of range");
    }
    for (var child : node) {
      boundedDecimals(field, child);
    }
  }

  /**
   * A decimal field given as a string ({@code "100.00"}, preferred) or a JSON number, read from its
   * text, so it never passes through a double: {@code 12.345678901234567890} stays exact.
   */
  static final class ExactDecimal extends ValueDeserializer<BigDecimal> {
    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
      var field = String.valueOf(p.currentName());
      var token = p.currentToken();
      if (token == JsonToken.VALUE_STRING) {
        return decimal(field, p.getString().strip());
      }
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        return decimal(field, p.getString());
      }
      throw InvalidRequestException.invalid(field, "must be a decimal string like \"100.00\"");
    }
  }
}

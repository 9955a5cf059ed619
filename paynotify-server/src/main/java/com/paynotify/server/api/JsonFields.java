package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads typed fields out of a JSON request body, failing with the field's name and what is wrong,
 * so every bad input becomes a clear 4xx instead of a generic parse error.
 */
final class JsonFields {
  /** The longest decimal read, as written; no amount needs more, and parsing a longer one is slow. */
  static final int MAX_DECIMAL_TEXT = 40;
  /** The largest exponent either way a decimal may have before anything expands it. */
  static final int MAX_DECIMAL_SCALE = 32;
  static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final JsonNode body;

  private JsonFields(JsonNode body) {
    this.body = body;
  }

  /**
   * Parses a request body. It is read here rather than by the web layer so that decimals in it
   * stay exact: {@code 12.345678901234567890} must not pass through a double.
   */
  static JsonFields of(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw MalformedRequestException.notAnObject();
    }
    JsonNode node;
    try {
      node = EXACT.readTree(body);
    } catch (JacksonException e) {
      throw MalformedRequestException.notJson();
    }
    if (!node.isObject()) {
      throw MalformedRequestException.notAnObject();
    }
    return new JsonFields(node);
  }

  /** Parses a request body that is a JSON array, as {@link #of} does an object; its items unread. */
  static List<JsonNode> arrayOf(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw MalformedRequestException.notAnArray();
    }
    JsonNode node;
    try {
      node = EXACT.readTree(body);
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

  /** The fields of one item of an array {@link #arrayOf} read. */
  static JsonFields ofItem(JsonNode item) {
    if (!item.isObject()) {
      throw MalformedRequestException.itemNotAnObject();
    }
    return new JsonFields(item);
  }

  String requiredString(String field) {
    var value = optionalString(field);
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.missing(field);
    }
    return value;
  }

  @Nullable String optionalString(String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw InvalidRequestException.invalid(field, "must be a string");
    }
    return withoutNul(field, node.stringValue());
  }

  /** No column takes a NUL (PostgreSQL refuses it in any text), and no field has a use for one. */
  private static String withoutNul(String field, String value) {
    if (value.indexOf(0) >= 0) {
      throw InvalidRequestException.invalid(field, "must not contain the NUL character");
    }
    return value;
  }

  <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    var text = requiredString(field);
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          field, InvalidRequestException.echo(text) + " is not one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  /**
   * A decimal given as a string ("100.00", preferred) or a JSON number, read exactly. Its length and
   * exponent are bounded before it is parsed or expanded: {@code 1E-900000000} is twelve characters
   * that write out as 900 million.
   */
  @Nullable BigDecimal optionalDecimal(String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    String text;
    if (node.isString()) {
      text = node.stringValue().strip();
    } else if (node.isNumber()) {
      text = node.toString();
    } else {
      throw InvalidRequestException.invalid(field, "must be a decimal string like \"100.00\"");
    }
    if (text.length() > MAX_DECIMAL_TEXT) {
      throw InvalidRequestException.invalid(
          field, InvalidRequestException.echo(text) + " is longer than " + MAX_DECIMAL_TEXT + " characters; write a plain decimal like 100.00");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw InvalidRequestException.invalid(field, InvalidRequestException.echo(text) + " is not a decimal number");
    }
    if (Math.abs((long) value.scale()) > MAX_DECIMAL_SCALE) {
      throw InvalidRequestException.invalid(
          field, InvalidRequestException.echo(text) + " has an exponent out of range; write a plain decimal like 100.00");
    }
    return value;
  }

  BigDecimal requiredDecimal(String field) {
    var value = optionalDecimal(field);
    if (value == null) {
      throw InvalidRequestException.missing(field);
    }
    return value;
  }

  /** A JSON object of at most {@code maxBytes} serialized, as a map with exact decimals. */
  Map<String, Object> optionalObject(String field, int maxBytes) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw InvalidRequestException.invalid(field, "must be a JSON object");
    }
    int size = EXACT.writeValueAsBytes(node).length;
    if (size > maxBytes) {
      throw InvalidRequestException.invalid(field, "is " + size + " bytes, at most " + maxBytes + " allowed");
    }
    for (var entry : node.properties()) {
      if (entry.getValue().isNull()) {
        throw InvalidRequestException.invalid(
            field, "the value of " + InvalidRequestException.echo(entry.getKey()) + " is null; leave the key out instead");
      }
    }
    boundedDecimals(field, node);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = EXACT.convertValue(node, Map.class);
    return map;
  }

  /** A decimal anywhere in the object is written out when signed and sent: bound its exponent. */
  private static void boundedDecimals(String field, JsonNode node) {
    if (node.isNumber() && Math.abs((long) node.decimalValue().scale()) > MAX_DECIMAL_SCALE) {
      throw InvalidRequestException.invalid(
          field, "holds the number " + InvalidRequestException.echo(node.toString()) + ", whose exponent is out of range");
    }
    for (var child : node) {
      boundedDecimals(field, child);
    }
  }

  List<String> optionalStrings(String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw InvalidRequestException.invalid(field, "must be an array of strings");
    }
    var out = new ArrayList<String>();
    for (var item : node) {
      if (!item.isString()) {
        throw InvalidRequestException.invalid(field, "must be an array of strings");
      }
      out.add(withoutNul(field, item.stringValue()));
    }
    return out;
  }

  boolean has(String field) {
    var node = body.get(field);
    return node != null && !node.isNull();
  }

  /** A boolean field; false when absent. */
  boolean optionalBoolean(String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw InvalidRequestException.invalid(field, "must be true or false");
    }
    return node.booleanValue();
  }

  /** Refuses a field not in {@code known}, so a misspelt optional field is not silently ignored. */
  void allowOnly(java.util.Set<String> known) {
    for (var name : body.propertyNames()) {
      if (!known.contains(name)) {
        var shown = name.length() <= InvalidRequestException.MAX_ECHO ? name : InvalidRequestException.echo(name);
        throw InvalidRequestException.invalid(shown, "unknown field; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }
}

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
    return node.stringValue();
  }

  <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    var text = requiredString(field);
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          field, "'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  /** A decimal given as a string ("100.00", preferred) or a JSON number, read exactly. */
  @Nullable BigDecimal optionalDecimal(String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      if (node.isString()) {
        return new BigDecimal(node.stringValue().strip());
      }
      if (node.isNumber()) {
        return new BigDecimal(node.toString());
      }
    } catch (NumberFormatException e) {
      throw InvalidRequestException.invalid(field, "'" + node.asString() + "' is not a decimal number");
    }
    throw InvalidRequestException.invalid(field, "must be a decimal string like \"100.00\"");
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
    @SuppressWarnings("unchecked")
    Map<String, Object> map = EXACT.convertValue(node, Map.class);
    return map;
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
      out.add(item.stringValue());
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
        throw InvalidRequestException.invalid(name, "unknown field; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }
}

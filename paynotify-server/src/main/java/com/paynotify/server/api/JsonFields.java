package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed fields out of a JSON request body whose fields depend on a path variable: a channel's
 * credentials ({@link com.paynotify.merchant.ChannelKeys.Settings}), where each channel takes its
 * own set. Every other body is bound into a record ({@link JsonBodies}).
 */
final class JsonFields {
  private final JsonNode body;

  private JsonFields(JsonNode body) {
    this.body = body;
  }

  static JsonFields of(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw MalformedRequestException.notAnObject();
    }
    JsonNode node;
    try {
      node = JsonBodies.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw MalformedRequestException.notJson();
    }
    if (!node.isObject()) {
      throw MalformedRequestException.notAnObject();
    }
    return new JsonFields(node);
  }

  @Nullable String optionalString(String field) {
    var node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw InvalidRequestException.invalid(field, "must be a string");
    }
    return JsonBodies.withoutNul(field, node.stringValue());
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

  /**
   * Refuses a field not in {@code known}, so a misspelt optional field is not silently ignored. A
   * 422 naming it, as the channel settings have always answered (a bound body answers 400).
   */
  void allowOnly(Set<String> known) {
    for (var name : body.propertyNames()) {
      if (!known.contains(name)) {
        var shown =
            name.length() <= InvalidRequestException.MAX_ECHO
                ? name
                : InvalidRequestException.echo(name);
        throw InvalidRequestException.invalid(
            shown, "unknown field; expected one of " + new TreeSet<>(known));
      }
    }
  }
}

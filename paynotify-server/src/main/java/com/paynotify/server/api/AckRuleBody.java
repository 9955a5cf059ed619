package com.paynotify.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.paynotify.InvalidRequestException;
import com.paynotify.merchant.AckRule;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A merchant's acknowledgement rule for WEBHOOK callbacks as the API reads and writes it: {@code
 * {"type":"ANY_2XX"}}, {@code {"type":"BODY_EQUALS","text":"success"}} or {@code
 * {"type":"JSON_FIELD","field":"code","value":"SUCCESS"}}.
 */
@Schema(
    name = "AckRule",
    description =
        "What answer to a WEBHOOK callback acknowledges it; the answer must be a 2xx in every case")
@JsonInclude(JsonInclude.Include.NON_NULL)
record AckRuleBody(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"ANY_2XX", "BODY_EQUALS", "JSON_FIELD"})
        @Nullable String type,
    @Schema(
            description = "BODY_EQUALS: the body, without surrounding white space; case counts",
            maxLength = AckRule.MAX_VALUE_LENGTH)
        @Nullable String text,
    @Schema(
            description = "JSON_FIELD: a top-level field of the JSON body",
            maxLength = AckRule.MAX_FIELD_LENGTH)
        @Nullable String field,
    @Schema(
            description = "JSON_FIELD: the field's value; a number or boolean as written",
            maxLength = AckRule.MAX_VALUE_LENGTH)
        @Nullable String value) {

  static AckRuleBody of(AckRule rule) {
    return switch (rule) {
      case AckRule.AnyTwoXx any -> new AckRuleBody("ANY_2XX", null, null, null);
      case AckRule.BodyEquals body -> new AckRuleBody("BODY_EQUALS", body.text(), null, null);
      case AckRule.JsonField json ->
          new AckRuleBody("JSON_FIELD", null, json.field(), json.value());
    };
  }

  /** The core's rule; a setting the type does not take is refused, so nothing given is ignored. */
  AckRule toRule() {
    var kind = JsonBodies.required("ackRule.type", type);
    return switch (kind) {
      case "ANY_2XX" -> {
        unused("text", text);
        unused("field", field);
        unused("value", value);
        yield AckRule.DEFAULT;
      }
      case "BODY_EQUALS" -> {
        unused("field", field);
        unused("value", value);
        yield new AckRule.BodyEquals(given("text", text));
      }
      case "JSON_FIELD" -> {
        unused("text", text);
        yield new AckRule.JsonField(given("field", field), given("value", value));
      }
      default ->
          throw InvalidRequestException.invalid(
              "ackRule.type",
              InvalidRequestException.echo(kind)
                  + " is not one of [ANY_2XX, BODY_EQUALS, JSON_FIELD]");
    };
  }

  private static String given(String name, @Nullable String setting) {
    if (setting == null) {
      throw InvalidRequestException.missing("ackRule." + name);
    }
    return JsonBodies.withoutNul("ackRule." + name, setting);
  }

  private void unused(String name, @Nullable String setting) {
    if (setting != null) {
      throw InvalidRequestException.invalid(
          "ackRule." + name, "a " + type + " rule takes no " + name);
    }
  }
}

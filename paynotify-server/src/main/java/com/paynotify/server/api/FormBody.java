package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A form-encoded body, for the payment writes alone: payment systems post their status updates as
 * forms. {@link RequestScreen} reads and decodes it within the body limit before anything else can
 * (the container would parse a form by itself, outside any limit), and leaves its fields here; the
 * controller binds them into the same record a JSON body binds into, so both are refused for the
 * same reasons in the same words.
 */
final class FormBody {
  /** The request attribute holding the decoded fields, in order. */
  static final String ATTRIBUTE = FormBody.class.getName();

  /** Fields a form carries as JSON text, as they are objects in a JSON body. */
  private static final Set<String> JSON_FIELDS = Set.of("extra", "headers");

  private FormBody() {}

  /** Whether a form is read for this request: the payment writes only. */
  static boolean accepted(HttpServletRequest request) {
    var path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    return switch (request.getMethod()) {
      case "POST" -> path.equals("/api/v1/payments");
      case "PUT" -> path.matches("/api/v1/payments/[^/]+/status");
      default -> false;
    };
  }

  /**
   * The form's fields as a JSON object of strings (and {@code extra}, {@code headers} parsed), to
   * bind as a JSON body is bound.
   *
   * @throws InvalidRequestException when a field is given twice, or a JSON field is not JSON
   */
  static ObjectNode json(HttpServletRequest request) {
    @SuppressWarnings("unchecked")
    var fields = (List<Map.Entry<String, String>>) request.getAttribute(ATTRIBUTE);
    var node = JsonBodies.MAPPER.createObjectNode();
    if (fields == null) {
      return node;
    }
    for (var field : fields) {
      var name = field.getKey();
      if (node.has(name)) {
        throw InvalidRequestException.invalid(name, "given more than once");
      }
      var value =
          JSON_FIELDS.contains(name)
              ? parsed(name, field.getValue())
              : node.stringNode(field.getValue());
      if (value == null) {
        node.putNull(name);
      } else {
        node.set(name, value);
      }
    }
    return node;
  }

  private static @Nullable JsonNode parsed(String name, String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      return JsonBodies.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw InvalidRequestException.invalid(name, "must be a JSON object, as text in a form");
    }
  }
}

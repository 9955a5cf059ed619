package com.paynotify.server.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error answer, as RFC 9457 problem details ({@code application/problem+json}). {@code type},
 * {@code title}, {@code status} and {@code detail} are the RFC's members; {@code error}, {@code
 * message} (the same text as {@code detail}) and {@code field} are extension members that carry the
 * answer as it was before problem details, so a client reading {@code error} and {@code message}
 * keeps working. {@code type} names the code and points at its documentation; the title is the
 * code's fixed English summary, the detail is in the request's language.
 *
 * @param field the request field at fault, when one is
 */
@Schema(
    name = "ApiError",
    description = "RFC 9457 problem details; error, message and field are extension members")
public record Problem(
    @Schema(example = TYPES + "missing-field") String type,
    @Schema(example = "A required field is missing") String title,
    @Schema(example = "400") int status,
    @Schema(example = "merchantId: is required") String detail,
    @Schema(example = "MISSING_FIELD") String error,
    @Schema(description = "The same as detail, for clients older than problem details")
        String message,
    @Nullable String field) {

  /** The media type of every error answer. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Where each code is documented; a code's type is this plus its name in kebab case. */
  static final String TYPES = "https://github.com/paynotify/paynotify/blob/main/docs/errors.md#";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, String> TITLES =
      Map.ofEntries(
          Map.entry("MALFORMED_REQUEST", "The request body cannot be read"),
          Map.entry("MISSING_FIELD", "A required field is missing"),
          Map.entry("UNKNOWN_FIELD", "The body has a field the endpoint does not take"),
          Map.entry("INVALID_PARAMETER", "A query parameter cannot be read"),
          Map.entry("INVALID_PATH", "The path cannot be read"),
          Map.entry("INVALID_VALUE", "A value is not acceptable"),
          Map.entry("UNAUTHORIZED", "Credentials are missing or wrong"),
          Map.entry("FORBIDDEN", "The caller may not do this"),
          Map.entry("CSRF", "The CSRF token is missing or wrong"),
          Map.entry("NOT_FOUND", "No such resource"),
          Map.entry("METHOD_NOT_ALLOWED", "The resource does not take this method"),
          Map.entry("CONFLICT", "Conflict with the current state"),
          Map.entry("IDEMPOTENCY_KEY_REUSED", "The Idempotency-Key was used for another request"),
          Map.entry("BODY_TOO_LARGE", "The request body is over the limit"),
          Map.entry("UNSUPPORTED_MEDIA_TYPE", "The body is not JSON"),
          Map.entry("TOO_MANY_ATTEMPTS", "Too many failed log-ins"),
          Map.entry("STORE_UNAVAILABLE", "The store is unavailable"),
          Map.entry("INTERNAL", "Unexpected failure"));

  /** The problem for an error answered with {@code status}. */
  public static Problem of(int status, ApiError error) {
    var title = TITLES.get(error.error());
    if (title == null) {
      var known = HttpStatus.resolve(status);
      title = known == null ? "Error" : known.getReasonPhrase();
    }
    return new Problem(
        type(error.error()),
        title,
        status,
        error.message(),
        error.error(),
        error.message(),
        error.field());
  }

  /** The type URI of a code: {@code MISSING_FIELD} is documented under {@code #missing-field}. */
  static String type(String code) {
    return TYPES + code.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Writes the problem as a filter answers, before or outside Spring MVC. */
  public static void write(HttpServletResponse response, int status, ApiError error)
      throws IOException {
    var body = JSON.writeValueAsBytes(of(status, error));
    response.setStatus(status);
    response.setContentType(MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}

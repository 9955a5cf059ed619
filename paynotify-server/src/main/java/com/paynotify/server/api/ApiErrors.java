package com.paynotify.server.api;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.RefusedValueException;
import com.paynotify.StoreException;
import com.paynotify.server.i18n.ErrorMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns exceptions into problem details ({@link Problem}: {@code type, title, status, detail} and
 * the extension members {@code error, message, field}) with a fitting status. The server's own
 * phrases follow the request's {@code Accept-Language}; a core's reason for refusing a value stays
 * in English, since it carries the value.
 */
@RestControllerAdvice
class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final int MAX_MESSAGE = 1_000;
  private final ErrorMessages messages;

  ApiErrors(ErrorMessages messages) {
    this.messages = messages;
  }

  @ExceptionHandler
  ResponseEntity<Problem> invalid(InvalidRequestException e) {
    return switch (e.problem()) {
      case MISSING ->
          answer(
              HttpStatus.BAD_REQUEST, "MISSING_FIELD", text("error.missing", e.field()), e.field());
      case INVALID ->
          answer(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_VALUE", e.getMessage(), e.field());
    };
  }

  @ExceptionHandler
  ResponseEntity<Problem> unknownField(UnknownFieldException e) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "UNKNOWN_FIELD",
        text("error.unknown-field", e.field(), e.known()),
        e.field());
  }

  /** The Idempotency-Key header's draft answers a reused key with 422; the body field keeps 409. */
  @ExceptionHandler
  ResponseEntity<Problem> reusedKey(IdempotencyKeys.ReusedException e) {
    return answer(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "IDEMPOTENCY_KEY_REUSED",
        e.getMessage(),
        IdempotencyKeys.HEADER);
  }

  @ExceptionHandler
  ResponseEntity<Problem> malformed(MalformedRequestException e) {
    return answer(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", text(e.key()), null);
  }

  @ExceptionHandler
  ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestScreen.BodyTooLargeException tooLarge) {
        return answer(
            HttpStatus.CONTENT_TOO_LARGE,
            "BODY_TOO_LARGE",
            text("error.body-too-large", Long.toString(tooLarge.limit())),
            null);
      }
    }
    return answer(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", text("error.not-json"), null);
  }

  @ExceptionHandler
  ResponseEntity<Problem> parameterType(MethodArgumentTypeMismatchException e) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "INVALID_PARAMETER",
        text("error.invalid-parameter", e.getName(), InvalidRequestException.echo(e.getValue())),
        e.getName());
  }

  @ExceptionHandler
  ResponseEntity<Problem> parameterMissing(MissingServletRequestParameterException e) {
    return answer(
        HttpStatus.BAD_REQUEST,
        "MISSING_FIELD",
        text("error.missing", e.getParameterName()),
        e.getParameterName());
  }

  @ExceptionHandler
  ResponseEntity<Problem> notFound(NotFoundException e) {
    var locale = LocaleContextHolder.getLocale();
    return answer(
        HttpStatus.NOT_FOUND,
        "NOT_FOUND",
        messages.get(
            locale,
            "error.not-found",
            messages.thing(locale, e.what()),
            InvalidRequestException.echo(e.id())),
        null);
  }

  @ExceptionHandler
  ResponseEntity<Problem> noRoute(NoResourceFoundException e) {
    return answer(
        HttpStatus.NOT_FOUND, "NOT_FOUND", text("error.no-endpoint", e.getResourcePath()), null);
  }

  @ExceptionHandler
  ResponseEntity<Problem> method(HttpRequestMethodNotSupportedException e) {
    return answer(
        HttpStatus.METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        text("error.method-not-allowed", InvalidRequestException.echo(e.getMethod())),
        null);
  }

  @ExceptionHandler
  ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e) {
    return answer(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        text("error.media-type"),
        null);
  }

  @ExceptionHandler
  ResponseEntity<Problem> outOfScope(OutOfScopeException e) {
    return answer(
        HttpStatus.FORBIDDEN,
        "FORBIDDEN",
        text("error.out-of-scope", e.field(), InvalidRequestException.echo(e.merchantId())),
        e.field());
  }

  @ExceptionHandler
  ResponseEntity<Problem> conflict(ConflictException e) {
    return answer(HttpStatus.CONFLICT, "CONFLICT", e.getMessage(), null);
  }

  /** A value the checks let through and the database refused: the request's fault, no outage. */
  @ExceptionHandler
  ResponseEntity<Problem> refused(RefusedValueException e) {
    log.warn("The database refused a value of a request: {}", e.getMessage());
    return answer(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_VALUE", e.getMessage(), e.field());
  }

  @ExceptionHandler
  ResponseEntity<Problem> store(StoreException e) {
    log.error("Store unavailable", e);
    return answer(
        HttpStatus.SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE", text("error.store-unavailable"), null);
  }

  /**
   * Anything else is a bug, an {@link IllegalArgumentException} from inside the code included: bad
   * input is refused by an {@link InvalidRequestException} naming its field, never by guessing one
   * from a message.
   */
  @ExceptionHandler
  ResponseEntity<Problem> bug(RuntimeException e) {
    log.error("Unexpected failure", e);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", text("error.internal"), null);
  }

  /**
   * The answer this advice gives for {@code e}, for an endpoint that answers each item of a batch
   * on its own.
   */
  ResponseEntity<Problem> answerFor(RuntimeException e) {
    return switch (e) {
      case UnknownFieldException unknown -> unknownField(unknown);
      case IdempotencyKeys.ReusedException reused -> reusedKey(reused);
      case InvalidRequestException invalid -> invalid(invalid);
      case MalformedRequestException malformed -> malformed(malformed);
      case OutOfScopeException outOfScope -> outOfScope(outOfScope);
      case NotFoundException notFound -> notFound(notFound);
      case ConflictException conflict -> conflict(conflict);
      case RefusedValueException refused -> refused(refused);
      case StoreException store -> store(store);
      default -> bug(e);
    };
  }

  /** A fixed phrase in the language Spring MVC resolved for this request (see ApiLanguage). */
  private String text(String key, Object... args) {
    return messages.get(LocaleContextHolder.getLocale(), key, args);
  }

  private static ResponseEntity<Problem> answer(
      HttpStatus status,
      String code,
      String message,
      @org.jspecify.annotations.Nullable String field) {
    // Messages echo only cut copies of the input; this bounds one that was missed.
    var bounded =
        message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    return problem(status, new ApiError(code, bounded, field));
  }

  /**
   * An error answer as problem details. The content type is set here, so Spring MVC writes it
   * whatever the request's {@code Accept} asks for (the console asks for {@code application/json}).
   */
  static ResponseEntity<Problem> problem(HttpStatus status, ApiError error) {
    return ResponseEntity.status(status)
        .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
        .body(Problem.of(status.value(), error));
  }
}

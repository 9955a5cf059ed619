package com.paynotify.server.api;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.RefusedValueException;
import com.paynotify.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns exceptions into {@code {"error", "message", "field"}} answers with a fitting status. */
@RestControllerAdvice
class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final int MAX_MESSAGE = 1_000;

  @ExceptionHandler
  ResponseEntity<ApiError> invalid(InvalidRequestException e) {
    return switch (e.problem()) {
      case MISSING -> answer(HttpStatus.BAD_REQUEST, "MISSING_FIELD", e.getMessage(), e.field());
      case INVALID -> answer(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_VALUE", e.getMessage(), e.field());
    };
  }

  @ExceptionHandler
  ResponseEntity<ApiError> malformed(MalformedRequestException e) {
    return answer(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", e.getMessage(), null);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestScreen.BodyTooLargeException tooLarge) {
        return answer(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", tooLarge.getMessage(), null);
      }
    }
    return answer(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "the request body is not valid JSON", null);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> parameterType(MethodArgumentTypeMismatchException e) {
    return answer(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
        e.getName() + ": " + InvalidRequestException.echo(e.getValue()) + " is not a valid value", e.getName());
  }

  @ExceptionHandler
  ResponseEntity<ApiError> parameterMissing(MissingServletRequestParameterException e) {
    return answer(HttpStatus.BAD_REQUEST, "MISSING_FIELD", e.getParameterName() + ": is required", e.getParameterName());
  }

  @ExceptionHandler
  ResponseEntity<ApiError> notFound(NotFoundException e) {
    return answer(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage(), null);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> noRoute(NoResourceFoundException e) {
    return answer(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint: /" + e.getResourcePath(), null);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
    return answer(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", e.getMessage(), null);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", "send Content-Type: application/json", null);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> outOfScope(OutOfScopeException e) {
    return answer(HttpStatus.FORBIDDEN, "FORBIDDEN", e.getMessage(), e.field());
  }

  @ExceptionHandler
  ResponseEntity<ApiError> conflict(ConflictException e) {
    return answer(HttpStatus.CONFLICT, "CONFLICT", e.getMessage(), null);
  }

  /** A value the checks let through and the database refused: the request's fault, no outage. */
  @ExceptionHandler
  ResponseEntity<ApiError> refused(RefusedValueException e) {
    log.warn("The database refused a value of a request: {}", e.getMessage());
    return answer(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_VALUE", e.getMessage(), e.field());
  }

  @ExceptionHandler
  ResponseEntity<ApiError> store(StoreException e) {
    log.error("Store unavailable", e);
    return answer(HttpStatus.SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE", "the database is unavailable; try again", null);
  }

  /** Core preconditions throw these with the field first: "size: 900 must be between 1 and 500". */
  @ExceptionHandler
  ResponseEntity<ApiError> precondition(IllegalArgumentException e) {
    var message = String.valueOf(e.getMessage());
    int colon = message.indexOf(':');
    var field = colon > 0 && message.substring(0, colon).matches("[a-zA-Z.]+") ? message.substring(0, colon) : null;
    return answer(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_VALUE", message, field);
  }

  @ExceptionHandler
  ResponseEntity<ApiError> bug(RuntimeException e) {
    log.error("Unexpected failure", e);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL", "an unexpected error occurred", null);
  }

  private static ResponseEntity<ApiError> answer(HttpStatus status, String code, String message, @org.jspecify.annotations.Nullable String field) {
    // Messages echo only cut copies of the input; this bounds one that was missed.
    var bounded = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    return ResponseEntity.status(status).body(new ApiError(code, bounded, field));
  }
}

package com.paynotify.delivery;

import com.paynotify.notification.ErrorKind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The result of one HTTP exchange: an answer from the merchant, or a failure to get one. */
public sealed interface Exchange {

  /** Time from the start of the request to the answer or the failure. */
  Duration duration();

  /**
   * The merchant answered.
   *
   * @param body the start of the response body, at most {@link
   *     com.paynotify.notification.Attempt#MAX_RESPONSE_CHARS}
   * @param retryAfter the {@code Retry-After} the merchant asked for, if any
   */
  record Answered(int status, String body, @Nullable Duration retryAfter, Duration duration)
      implements Exchange {}

  /** No answer: the error kind says why. */
  record Failed(ErrorKind kind, String message, Duration duration) implements Exchange {}
}

package com.paynotify.client;

/**
 * Why a call of {@link PaynotifyClient} failed: the server answered with an error ({@link
 * ErrorAnswer}, one subclass per kind, each holding the problem details), or it could not be
 * reached within the retries ({@link Unreachable}). Sealed, so a {@code switch} can name every
 * case. No message carries the bearer token.
 */
public abstract sealed class PaynotifyClientException extends RuntimeException
    permits PaynotifyClientException.ErrorAnswer, PaynotifyClientException.Unreachable {

  private PaynotifyClientException(String message, Throwable cause) {
    super(message, cause);
  }

  private PaynotifyClientException(String message) {
    super(message);
  }

  /** The exception for an error answer, by its status. */
  static ErrorAnswer of(String call, Problem problem) {
    return switch (problem.status()) {
      case 400, 422 -> new InvalidRequest(call, problem);
      case 401 -> new Unauthorized(call, problem);
      case 403 -> new Forbidden(call, problem);
      case 404 -> new NotFound(call, problem);
      case 409 -> new Conflict(call, problem);
      case 503 -> new Unavailable(call, problem);
      default -> new ServerError(call, problem);
    };
  }

  /** The server answered with an error status and, usually, RFC 9457 problem details. */
  public abstract static sealed class ErrorAnswer extends PaynotifyClientException
      permits InvalidRequest,
          Unauthorized,
          Forbidden,
          NotFound,
          Conflict,
          Unavailable,
          ServerError {
    private final Problem problem;

    private ErrorAnswer(String call, Problem problem) {
      super(
          call
              + ": "
              + problem.status()
              + (problem.error() == null ? "" : " " + problem.error())
              + (problem.detail() == null ? "" : " " + problem.detail()));
      this.problem = problem;
    }

    /** The problem details of the answer. */
    public Problem problem() {
      return problem;
    }

    /** The HTTP status of the answer. */
    public int status() {
      return problem.status();
    }
  }

  /**
   * 400 or 422: a value is missing, malformed or not acceptable; {@code problem().field()} names
   * it.
   */
  public static final class InvalidRequest extends ErrorAnswer {
    InvalidRequest(String call, Problem problem) {
      super(call, problem);
    }
  }

  /** 401: the token is missing, wrong or revoked. */
  public static final class Unauthorized extends ErrorAnswer {
    Unauthorized(String call, Problem problem) {
      super(call, problem);
    }
  }

  /** 403: the token's role or merchant scope does not allow the call. */
  public static final class Forbidden extends ErrorAnswer {
    Forbidden(String call, Problem problem) {
      super(call, problem);
    }
  }

  /** 404: no such notification (or one outside the token's merchants). */
  public static final class NotFound extends ErrorAnswer {
    NotFound(String call, Problem problem) {
      super(call, problem);
    }
  }

  /**
   * 409: the call conflicts with the current state, such as abandoning a succeeded notification.
   */
  public static final class Conflict extends ErrorAnswer {
    Conflict(String call, Problem problem) {
      super(call, problem);
    }
  }

  /** 503: the server's store was down on every try. */
  public static final class Unavailable extends ErrorAnswer {
    Unavailable(String call, Problem problem) {
      super(call, problem);
    }
  }

  /** Any other error status, 500 included. */
  public static final class ServerError extends ErrorAnswer {
    ServerError(String call, Problem problem) {
      super(call, problem);
    }
  }

  /** No answer on any try: the connection failed or the request timed out. */
  public static final class Unreachable extends PaynotifyClientException {
    Unreachable(String call, int tries, Throwable cause) {
      super(
          call + ": no answer in " + tries + (tries == 1 ? " try" : " tries") + " (" + cause + ")",
          cause);
    }
  }
}

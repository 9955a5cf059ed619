package com.paynotify.delivery;

import com.paynotify.channel.ChannelFormat;
import com.paynotify.merchant.AckRule;
import com.paynotify.notification.ErrorKind;
import org.jspecify.annotations.Nullable;

/** What one exchange means for the notification: acknowledged, or to be tried again. */
public sealed interface Outcome {

  /** The merchant acknowledged the callback. */
  record Acknowledged() implements Outcome {}

  /** Not acknowledged; the schedule decides whether another attempt follows. */
  record Rejected(ErrorKind kind, String reason) implements Outcome {}

  /**
   * Judges an exchange by the channel's success rule, then an answer the channel accepts by the
   * merchant's own {@code rule} too.
   */
  static Outcome of(Exchange exchange, ChannelFormat format, AckRule rule) {
    if (exchange instanceof Exchange.Failed failed) {
      return new Rejected(failed.kind(), failed.message());
    }
    var answered = (Exchange.Answered) exchange;
    int status = answered.status();
    // A redirect could point anywhere, an internal address included: it is a failed attempt, never
    // followed.
    if (status >= 300 && status < 400) {
      return new Rejected(ErrorKind.HTTP_STATUS, "HTTP " + status + ": redirects are not followed");
    }
    return switch (format.judge(status, answered.body())) {
      case ACCEPTED ->
          rule.accepts(answered.body())
              ? new Acknowledged()
              : new Rejected(
                  ErrorKind.BAD_ACK,
                  "HTTP " + status + " but the merchant's rule is " + rule.describe());
      case REJECTED_STATUS -> new Rejected(ErrorKind.HTTP_STATUS, "HTTP " + status);
      case REJECTED_BODY ->
          new Rejected(
              ErrorKind.BAD_ACK,
              "HTTP "
                  + status
                  + " but the body is not the "
                  + format.channel()
                  + " acknowledgement");
    };
  }

  /** The HTTP status of an answered exchange, or null. */
  static @Nullable Integer statusOf(Exchange exchange) {
    return exchange instanceof Exchange.Answered a ? a.status() : null;
  }
}

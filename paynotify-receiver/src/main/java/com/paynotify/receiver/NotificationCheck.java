package com.paynotify.receiver;

import java.util.Optional;

/**
 * The merchant's own check of a verified event before its handler runs, as Alipay and WeChat ask:
 * does the amount match my order, is the app id / mchid mine. A refusal is answered with the
 * channel's rejection and the handler does not run.
 */
@FunctionalInterface
public interface NotificationCheck {

  /** Accepts every event. */
  NotificationCheck ACCEPT_ALL = notification -> Optional.empty();

  /** Why the event is refused, or empty to accept it. */
  Optional<String> refusal(ReceivedNotification notification);
}

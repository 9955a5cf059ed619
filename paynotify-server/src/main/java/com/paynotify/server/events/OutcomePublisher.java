package com.paynotify.server.events;

import com.paynotify.store.jdbc.OutcomeEvent;
import java.util.List;

/** Hands outcomes to a broker and returns only once the broker has taken them all. */
interface OutcomePublisher {
  /**
   * @throws RuntimeException when the broker did not confirm them all; the relay keeps them and
   *     tries again, so a broker may receive one twice
   */
  void publish(List<OutcomeEvent> events);
}

package com.paynotify.server.ingest;

import com.paynotify.Paynotify;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.server.api.NotificationRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One broker message turned into a notification, by the HTTP API's own reading of a create and
 * {@link Paynotify#create}. Idempotent as the API is: a redelivered message finds the notification
 * its first delivery created.
 *
 * <p>Counts {@code paynotify.ingest.messages{source, outcome}} with outcome {@code created}, {@code
 * existing}, {@code dead-lettered} or {@code unavailable} (one per failed try while the database is
 * down).
 */
final class Ingestion {
  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
  static final String METER = "paynotify.ingest.messages";

  /** What became of a message; a failure that may pass on a later try is thrown instead. */
  sealed interface Verdict {
    /** Committed (now or by an earlier delivery): acknowledge the message. */
    record Accepted(CreateOutcome outcome) implements Verdict {}

    /** Can never succeed: dead-letter it with the reason, then acknowledge it. */
    record Rejected(Rejection rejection) implements Verdict {}
  }

  private final Paynotify paynotify;
  private final String source;
  private final Counter created;
  private final Counter existing;
  private final Counter deadLettered;
  private final Counter unavailable;
  private final long maxBytes;

  /** @param maxBytes the largest message read, the API's own body limit ({@code paynotify.request.max-body-size}) */
  Ingestion(Paynotify paynotify, String source, MeterRegistry registry, long maxBytes) {
    this.paynotify = paynotify;
    this.source = source;
    this.maxBytes = maxBytes;
    this.created = counter(registry, source, "created");
    this.existing = counter(registry, source, "existing");
    this.deadLettered = counter(registry, source, "dead-lettered");
    this.unavailable = counter(registry, source, "unavailable");
  }

  private static Counter counter(MeterRegistry registry, String source, String outcome) {
    return Counter.builder(METER)
        .description("Broker messages by source and what became of them")
        .tag("source", source)
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Creates the message's notification.
   *
   * @throws RuntimeException when the message may succeed later: the database is down
   *     ({@link com.paynotify.StoreException}) or an unexpected fault; the caller holds the message
   *     and tries again after a pause
   */
  Verdict accept(byte[] body) {
    if (body.length > maxBytes) {
      // Refused unread, as the API refuses such a body with 413: a broker may carry far larger messages.
      var tooLarge = new Rejection("BODY_TOO_LARGE", null,
          "the message is " + body.length + " bytes, at most " + maxBytes + " are read");
      log.warn("Dead-lettering a {} message: {} ({})", source, tooLarge.message(), tooLarge.code());
      return new Verdict.Rejected(tooLarge);
    }
    Optional<Rejection> rejection;
    try {
      var outcome = paynotify.create(NotificationRequests.parse(new String(body, StandardCharsets.UTF_8)));
      (outcome instanceof CreateOutcome.Created ? created : existing).increment();
      log(outcome);
      return new Verdict.Accepted(outcome);
    } catch (RuntimeException e) {
      rejection = Rejection.of(e);
      if (rejection.isEmpty()) {
        unavailable.increment();
        throw e;
      }
    }
    log.warn("Dead-lettering a {} message: {} ({})", source, rejection.get().message(), rejection.get().code());
    return new Verdict.Rejected(rejection.get());
  }

  /** The outcome was dead-lettered; counted only once the copy is safely out. */
  void deadLettered() {
    deadLettered.increment();
  }

  private void log(CreateOutcome outcome) {
    var n = outcome.notification();
    try (var id = MDC.putCloseable("notificationId", n.id());
        var merchant = MDC.putCloseable("merchantId", n.merchantId());
        var order = MDC.putCloseable("orderNo", n.orderNo())) {
      if (outcome instanceof CreateOutcome.Created) {
        log.info("Created notification {} from {} (merchant {}, order {})", n.id(), source, n.merchantId(), n.orderNo());
      } else {
        log.debug("A {} message repeats notification {}", source, n.id());
      }
    }
  }
}

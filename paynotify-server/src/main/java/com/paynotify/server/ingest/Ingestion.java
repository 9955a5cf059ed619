package com.paynotify.server.ingest;

import com.paynotify.Paynotify;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.server.api.NotificationRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Broker messages turned into notifications, by the HTTP API's own reading of a create and, for a
 * whole batch at once, {@link Paynotify#createAll}: one transaction and one commit for the batch
 * (shared with concurrent creates). Idempotent as the API is: a redelivered message finds the
 * notification its first delivery created.
 *
 * <p>Counts {@code paynotify.ingest.messages{source, outcome}} with outcome {@code created}, {@code
 * existing}, {@code dead-lettered} or {@code unavailable} (one per failed try of a batch while the
 * database is down).
 */
final class Ingestion {
  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
  static final String METER = "paynotify.ingest.messages";

  /** What became of a message; a failure that may pass on a later try holds it instead. */
  sealed interface Verdict {
    /** Committed (now or by an earlier delivery): acknowledge the message. */
    record Accepted(CreateOutcome outcome) implements Verdict {}

    /** Can never succeed: dead-letter it with the reason, then acknowledge it. */
    record Rejected(Rejection rejection) implements Verdict {}
  }

  /**
   * What became of a batch: a verdict for each of its first messages, in order, and, when the rest
   * must be held and tried again (the database is down), why.
   *
   * @param verdicts the taken messages, the batch's first {@code verdicts.size()}
   * @param held why the message after them, and all after it, may only be tried again later; null
   *     when the whole batch was taken
   */
  record Taken(List<Verdict> verdicts, @Nullable RuntimeException held) {
    Taken {
      verdicts = List.copyOf(verdicts);
    }
  }

  private final Paynotify paynotify;
  private final String source;
  private final Counter created;
  private final Counter existing;
  private final Counter deadLettered;
  private final Counter unavailable;
  private final long maxBytes;

  /**
   * @param maxBytes the largest message read, the API's own body limit ({@code
   *     paynotify.request.max-body-size})
   */
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
   * Creates one message's notification.
   *
   * @throws RuntimeException when the message may succeed later: the database is down ({@link
   *     com.paynotify.StoreException}) or an unexpected fault; the caller holds the message and
   *     tries again after a pause
   */
  Verdict accept(byte[] body) {
    var taken = acceptAll(List.of(body));
    if (taken.held() != null) {
      throw taken.held();
    }
    return taken.verdicts().getFirst();
  }

  /**
   * Creates the notifications of a batch of messages, in the batch's order, in one call of the
   * core. The taken part is the batch up to the first message that may succeed later: the caller
   * acknowledges (or dead-letters) that part and holds the rest, which the core did not write ahead
   * of the held one (see {@link Paynotify#createAll}), so one order's events keep their order.
   */
  Taken acceptAll(List<byte[]> bodies) {
    var verdicts = new ArrayList<@Nullable Verdict>(bodies.size());
    var requests = new ArrayList<NotificationRequest>(bodies.size());
    var requestAt = new ArrayList<Integer>(bodies.size());
    RuntimeException held = null;
    for (var body : bodies) {
      if (body.length > maxBytes) {
        // Refused unread, as the API refuses such a body with 413: a broker may carry far larger
        // messages.
        verdicts.add(
            new Verdict.Rejected(
                new Rejection(
                    "BODY_TOO_LARGE",
                    null,
                    "the message is "
                        + body.length
                        + " bytes, at most "
                        + maxBytes
                        + " are read")));
        continue;
      }
      try {
        requests.add(NotificationRequests.parse(new String(body, StandardCharsets.UTF_8)));
        requestAt.add(verdicts.size());
        verdicts.add(null);
      } catch (RuntimeException e) {
        var rejection = Rejection.of(e);
        if (rejection.isEmpty()) {
          held = e;
          break;
        }
        verdicts.add(new Verdict.Rejected(rejection.get()));
      }
    }
    int taken = verdicts.size();
    var results = requests.isEmpty() ? List.<CreateResult>of() : paynotify.createAll(requests);
    for (int j = 0; j < results.size() && requestAt.get(j) < taken; j++) {
      switch (results.get(j)) {
        case CreateResult.Done done ->
            verdicts.set(requestAt.get(j), new Verdict.Accepted(done.outcome()));
        case CreateResult.Failed failed -> {
          var rejection = Rejection.of(failed.error());
          if (rejection.isPresent()) {
            verdicts.set(requestAt.get(j), new Verdict.Rejected(rejection.get()));
          } else {
            // Held from here: those after it are tried again with it, not acknowledged ahead of it.
            held = failed.error();
            taken = requestAt.get(j);
          }
        }
      }
    }
    var result = new ArrayList<Verdict>(taken);
    for (var verdict : verdicts.subList(0, taken)) {
      var v = Objects.requireNonNull(verdict);
      result.add(v);
      switch (v) {
        case Verdict.Accepted accepted -> {
          (accepted.outcome() instanceof CreateOutcome.Created ? created : existing).increment();
          log(accepted.outcome());
        }
        case Verdict.Rejected rejected ->
            log.warn(
                "Dead-lettering a {} message: {} ({})",
                source,
                rejected.rejection().message(),
                rejected.rejection().code());
      }
    }
    if (held != null) {
      unavailable.increment();
    }
    return new Taken(result, held);
  }

  /** An outcome was dead-lettered; counted only once the copy is safely out. */
  void deadLettered() {
    deadLettered.increment();
  }

  private void log(CreateOutcome outcome) {
    var n = outcome.notification();
    try (var id = MDC.putCloseable("notificationId", n.id());
        var merchant = MDC.putCloseable("merchantId", n.merchantId());
        var order = MDC.putCloseable("orderNo", n.orderNo())) {
      if (outcome instanceof CreateOutcome.Created) {
        log.info(
            "Created notification {} from {} (merchant {}, order {})",
            n.id(),
            source,
            n.merchantId(),
            n.orderNo());
      } else {
        log.debug("A {} message repeats notification {}", source, n.id());
      }
    }
  }
}

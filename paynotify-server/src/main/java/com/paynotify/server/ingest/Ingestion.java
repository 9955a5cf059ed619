package com.paynotify.server.ingest;

import com.paynotify.IdempotencyKey;
import com.paynotify.InvalidRequestException;
import com.paynotify.Paynotify;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.Fingerprint;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.payment.MoveOutcome;
import com.paynotify.payment.Notice;
import com.paynotify.payment.PaymentRequest;
import com.paynotify.payment.Recorded;
import com.paynotify.server.api.NotificationRequests;
import com.paynotify.server.api.PaymentMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Broker messages turned into notifications, payments and payment moves, by the HTTP API's own
 * reading of a create, a payment record and a status update ({@link Kind}). Consecutive creates go
 * to {@link Paynotify#createAll} at once: one transaction and one commit for them (shared with
 * concurrent creates). Idempotent as the API is: a redelivered message finds the notification or
 * payment its first delivery created, or the move it made ({@link
 * com.paynotify.payment.Payments#move}), a status update told by its key ({@link Incoming#moveKey})
 * when it has one.
 *
 * <p>Counts {@code paynotify.ingest.messages{source, outcome}} with outcome {@code created} (also a
 * payment recorded or moved), {@code existing} (also a payment or move repeated), {@code
 * dead-lettered} or {@code unavailable} (one per failed try of a batch while the database is down).
 */
final class Ingestion {
  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
  static final String METER = "paynotify.ingest.messages";

  /** What became of a message; a failure that may pass on a later try holds it instead. */
  sealed interface Verdict {
    /**
     * Committed, now ({@code fresh}: a notification created, a payment recorded or moved) or by an
     * earlier delivery (the same again, found): acknowledge the message.
     */
    record Accepted(boolean fresh) implements Verdict {}

    /** Can never succeed: dead-letter it with the reason, then acknowledge it. */
    record Rejected(Rejection rejection) implements Verdict {}
  }

  /**
   * A message as the broker delivered it.
   *
   * @param type its {@value Kind#HEADER} header, null when it has none
   * @param idempotencyKey its {@code Idempotency-Key} header, null when it has none
   * @param deliveryKey what tells this message from any other when it has no such header and the
   *     broker knows (Kafka: its topic, partition and offset; RabbitMQ: its {@code message-id}),
   *     the same when it is delivered again; null when nothing does
   */
  record Incoming(
      @Nullable String type,
      byte[] body,
      @Nullable String idempotencyKey,
      @Nullable String deliveryKey) {

    Incoming(@Nullable String type, byte[] body) {
      this(type, body, null, null);
    }

    /**
     * The key of a status update: the message's header, else its delivery's, made to fit a key (a
     * longer one or one with control characters becomes its digest); null when neither.
     */
    @Nullable String moveKey() {
      if (idempotencyKey != null) {
        return PaymentMessages.idempotencyKey(idempotencyKey);
      }
      if (deliveryKey == null || deliveryKey.isBlank()) {
        return null;
      }
      if (deliveryKey.length() <= IdempotencyKey.MAX_LENGTH
          && deliveryKey.chars().noneMatch(Character::isISOControl)) {
        return deliveryKey;
      }
      return "sha256:" + Fingerprint.sha256Hex(deliveryKey);
    }
  }

  /**
   * What a message is, told by its {@value #HEADER} header: a notification create when it has none,
   * so producers written before payments keep working.
   */
  enum Kind {
    NOTIFICATION("notification"),
    PAYMENT("payment"),
    PAYMENT_STATUS("payment-status");

    static final String HEADER = "paynotify-type";

    private final String value;

    Kind(String value) {
      this.value = value;
    }

    static Optional<Kind> of(@Nullable String header) {
      if (header == null || header.isBlank()) {
        return Optional.of(NOTIFICATION);
      }
      return Arrays.stream(values()).filter(k -> k.value.equals(header.strip())).findFirst();
    }

    static Rejection unknown(String header) {
      return new Rejection(
          "INVALID_VALUE",
          HEADER,
          HEADER
              + ": "
              + InvalidRequestException.echo(header)
              + " is not one of "
              + Arrays.stream(values()).map(k -> k.value).toList());
    }
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
   * Takes one message, a notification create.
   *
   * @throws RuntimeException when the message may succeed later: the database is down ({@link
   *     com.paynotify.StoreException}) or an unexpected fault; the caller holds the message and
   *     tries again after a pause
   */
  Verdict accept(byte[] body) {
    var taken = acceptAll(List.of(new Incoming(null, body)));
    if (taken.held() != null) {
      throw taken.held();
    }
    return taken.verdicts().getFirst();
  }

  /**
   * Takes a batch of messages in the batch's order. Consecutive notification creates go to the core
   * together, in one call of {@link Paynotify#createAll}; a payment message is applied in its turn,
   * after the creates before it are written and before anything after it, each in its own
   * transaction. The taken part is the batch up to the first message that may succeed later: the
   * caller acknowledges (or dead-letters) that part and holds the rest, none of which was written
   * ahead of the held one, so one order's or payment's events keep their order.
   */
  Taken acceptAll(List<Incoming> messages) {
    var verdicts = new ArrayList<@Nullable Verdict>(messages.size());
    var pending = new Pending();
    RuntimeException held = null;
    for (var message : messages) {
      var body = message.body();
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
      var kind = Kind.of(message.type());
      if (kind.isEmpty()) {
        verdicts.add(new Verdict.Rejected(Kind.unknown(String.valueOf(message.type()))));
        continue;
      }
      var text = new String(body, StandardCharsets.UTF_8);
      if (kind.get() != Kind.NOTIFICATION) {
        // In its turn: the creates before it are written first.
        held = pending.write(verdicts);
        if (held != null) {
          break;
        }
      }
      try {
        switch (kind.get()) {
          case NOTIFICATION -> {
            pending.add(NotificationRequests.parse(text), verdicts.size());
            verdicts.add(null);
          }
          case PAYMENT -> verdicts.add(record(PaymentMessages.parseRecord(text)));
          case PAYMENT_STATUS -> {
            var move = PaymentMessages.parseMove(text);
            verdicts.add(
                move(
                    new PaymentMessages.Move(
                        move.paymentId(), move.update().withIdempotencyKey(message.moveKey()))));
          }
        }
      } catch (RuntimeException e) {
        var rejection = Rejection.of(e);
        if (rejection.isEmpty()) {
          held = e;
          break;
        }
        verdicts.add(new Verdict.Rejected(rejection.get()));
      }
    }
    var writing = pending.write(verdicts);
    if (writing != null) {
      // Earlier in the batch than a message that could not be read.
      held = writing;
    }
    var result = new ArrayList<Verdict>(verdicts.size());
    for (var verdict : verdicts) {
      var v = Objects.requireNonNull(verdict);
      result.add(v);
      switch (v) {
        case Verdict.Accepted accepted -> (accepted.fresh() ? created : existing).increment();
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

  /** The notification creates read but not yet written, and where their verdicts go. */
  private final class Pending {
    private final List<NotificationRequest> requests = new ArrayList<>();
    private final List<Integer> at = new ArrayList<>();

    void add(NotificationRequest request, int index) {
      requests.add(request);
      at.add(index);
    }

    /**
     * Creates them in one call of the core and sets their verdicts; when one may succeed later,
     * cuts {@code verdicts} before it and returns why.
     */
    @Nullable RuntimeException write(List<@Nullable Verdict> verdicts) {
      if (requests.isEmpty()) {
        return null;
      }
      var results = paynotify.createAll(requests);
      RuntimeException held = null;
      for (int j = 0; j < results.size(); j++) {
        switch (results.get(j)) {
          case CreateResult.Done done -> {
            verdicts.set(
                at.get(j), new Verdict.Accepted(done.outcome() instanceof CreateOutcome.Created));
            log(done.outcome());
          }
          case CreateResult.Failed failed -> {
            var rejection = Rejection.of(failed.error());
            if (rejection.isPresent()) {
              verdicts.set(at.get(j), new Verdict.Rejected(rejection.get()));
            } else {
              // Held from here: those after it are tried again with it, not acknowledged ahead of
              // it.
              held = failed.error();
            }
          }
        }
        if (held != null) {
          verdicts.subList(at.get(j), verdicts.size()).clear();
          break;
        }
      }
      requests.clear();
      at.clear();
      return held;
    }
  }

  private Verdict record(PaymentRequest request) {
    var recorded = paynotify.payments().create(request);
    var p = recorded.payment();
    if (recorded instanceof Recorded.Created) {
      log.info(
          "Recorded payment {} from {} (merchant {}, order {}) as {}",
          p.paymentId(),
          source,
          p.merchantId(),
          p.orderNo(),
          p.status());
    } else {
      log.debug("A {} message repeats payment {}", source, p.paymentId());
    }
    return new Verdict.Accepted(recorded instanceof Recorded.Created);
  }

  private Verdict move(PaymentMessages.Move move) {
    var outcome = paynotify.payments().move(move.paymentId(), move.update());
    var p = outcome.payment();
    if (outcome instanceof MoveOutcome.Moved moved) {
      log.info(
          "Moved payment {} from {} (merchant {}) to {}{}",
          p.paymentId(),
          source,
          p.merchantId(),
          p.status(),
          moved.notice() instanceof Notice.Refused(var reason)
              ? "; its notification was refused: " + reason
              : "");
    } else {
      log.debug(
          "A {} message repeats a move of payment {}, now {}", source, p.paymentId(), p.status());
    }
    return new Verdict.Accepted(outcome instanceof MoveOutcome.Moved);
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

package com.paynotify.delivery;

import com.paynotify.channel.ChannelFormat;
import com.paynotify.merchant.AckRule;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.ErrorKind;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Transition;
import com.paynotify.retry.Lease;
import com.paynotify.retry.RetryPolicies;
import com.paynotify.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One attempt of one claimed notification: build and sign the callback, pass the host gate, send
 * it, judge the answer and decide the next state. An attempt is sent only while its lease still
 * covers its whole timeout; otherwise it is put back uncounted. Stateless apart from its
 * collaborators; thread-safe.
 */
final class Delivery {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  /** When an attempt put back uncounted is due again. */
  static final Duration PUT_BACK_DELAY = Duration.ofSeconds(1);

  /** The longest an attempt queues for a slot at a busy host before it is put back. */
  private static final Duration MAX_PERMIT_WAIT = Duration.ofSeconds(30);

  private final Transport transport;
  private final Signer signer;
  private final CredentialSource credentials;
  private final RetryPolicies policies;
  private final HostGate gate;
  private final InstantSource clock;

  Delivery(
      Transport transport,
      CredentialSource credentials,
      RetryPolicies policies,
      HostGate gate,
      InstantSource clock) {
    this.transport = transport;
    this.signer = new Signer(credentials);
    this.credentials = credentials;
    this.policies = policies;
    this.gate = gate;
    this.clock = clock;
  }

  /**
   * Makes one attempt and returns the transition to write; never throws. Logs made meanwhile carry
   * the MDC keys {@code notificationId}, {@code merchantId} and {@code orderNo}.
   */
  Transition attempt(Notification claimed) {
    try (var id = MDC.putCloseable("notificationId", claimed.id());
        var merchant = MDC.putCloseable("merchantId", claimed.merchantId());
        var order = MDC.putCloseable("orderNo", claimed.orderNo())) {
      var transition = attemptNow(claimed);
      // DEBUG, not INFO: one line per attempt is the hot path's cost; paynotify.attempts counts
      // them.
      if (transition instanceof Transition.Attempted(var next, var attempt)
          && log.isDebugEnabled()) {
        log.debug(
            "Attempt {} of notification {} (merchant {}, order {}): {} in {} ms, HTTP {}, {} -> {}",
            attempt.number(),
            claimed.id(),
            claimed.merchantId(),
            claimed.orderNo(),
            attempt.succeeded() ? "acknowledged" : "rejected",
            attempt.duration().toMillis(),
            attempt.httpStatus() == null ? "-" : attempt.httpStatus(),
            attempt.errorKind() == null ? "ok" : attempt.errorKind(),
            next.status());
      }
      return transition;
    }
  }

  private Transition attemptNow(Notification claimed) {
    RetryPolicy policy;
    try {
      policy = policyOf(claimed);
    } catch (RuntimeException e) {
      // Guessing a policy could mean a timeout the lease does not cover: wait for the store
      // instead.
      log.warn(
          "Could not look up retry policy '{}' of notification {}; put back uncounted",
          claimed.retryPolicy(),
          claimed.id(),
          e);
      return Transition.deferred(putBack(claimed));
    }
    var url = URI.create(claimed.notifyUrl());
    var admission = gate.admit(hostKey(url), permitWait(claimed, policy));
    return switch (admission) {
      case HostGate.Admission.Deferred deferred ->
          Transition.deferred(defer(claimed, deferred.until()));
      case HostGate.Admission.Admitted admitted -> {
        var startedAt = now();
        var sent = send(claimed, url, policy, startedAt);
        if (sent.isEmpty()) {
          admitted.permit().abandon();
          yield Transition.deferred(putBack(claimed));
        }
        var exchange = sent.get().exchange();
        var outcome = judge(claimed, exchange);
        admitted.permit().release(outcome instanceof Outcome.Acknowledged);
        yield record(claimed, policy, startedAt, sent.get(), outcome);
      }
    };
  }

  /**
   * Builds, signs and sends the callback; empty, and nothing sent, when the lease ran short on the
   * way (the credential lookup can wait out a pool timeout), since another node may claim it soon.
   */
  private Optional<Sent> send(Notification n, URI url, RetryPolicy policy, Instant startedAt) {
    Signer.Signed signed;
    try {
      var found = signer.sign(n, startedAt);
      if (found.isEmpty()) {
        return Optional.of(
            Sent.unsent(
                new Exchange.Failed(
                    ErrorKind.INTERNAL,
                    "merchant has no " + n.channel() + " credentials",
                    Duration.ZERO)));
      }
      signed = found.get();
    } catch (RuntimeException e) {
      // A bug or a bad key must cost one attempt, not the dispatcher: the schedule still applies.
      log.error("Could not build notification {}; counted as a failed attempt", n.id(), e);
      return Optional.of(
          Sent.unsent(
              new Exchange.Failed(
                  ErrorKind.INTERNAL, e.getClass().getSimpleName(), Duration.ZERO)));
    }
    if (!leaseCovers(n, policy)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Sent(transport.send(url, signed.callback(), policy.timeout()), signed.added()));
    } catch (RuntimeException e) {
      log.error("Could not send notification {}; counted as a failed attempt", n.id(), e);
      return Optional.of(
          new Sent(
              new Exchange.Failed(ErrorKind.INTERNAL, e.getClass().getSimpleName(), Duration.ZERO),
              signed.added()));
    }
  }

  /** What one attempt exchanged, and the headers it added, as recorded. */
  private record Sent(Exchange exchange, Map<String, String> headers) {
    static Sent unsent(Exchange failed) {
      return new Sent(failed, Map.of());
    }
  }

  /**
   * The merchant's answer judged by its channel and its own rule; a failed rule lookup is a failed
   * attempt.
   */
  private Outcome judge(Notification n, Exchange exchange) {
    AckRule rule;
    try {
      rule = credentials.ackRule(n.merchantId(), n.channel());
    } catch (RuntimeException e) {
      // Accepting on a guess could end the notification when the merchant's rule says otherwise.
      log.error(
          "Could not look up the acknowledgement rule of merchant {}; counted as a failed attempt",
          n.merchantId(),
          e);
      return new Outcome.Rejected(
          ErrorKind.INTERNAL, "acknowledgement rule unavailable: " + e.getClass().getSimpleName());
    }
    return Outcome.of(exchange, ChannelFormat.of(n.channel()), rule);
  }

  /** Whether the lease still holds for the whole attempt and the margin to write its result. */
  private boolean leaseCovers(Notification n, RetryPolicy policy) {
    var leaseUntil = n.leaseUntil();
    if (leaseUntil == null) {
      return true;
    }
    var left = Duration.between(clock.instant(), leaseUntil);
    var needed = policy.timeout().plus(Lease.MARGIN);
    if (left.compareTo(needed) >= 0) {
      return true;
    }
    log.warn(
        "Lease of notification {} has {} ms left, less than its {} ms timeout and margin; put back uncounted, not sent",
        n.id(),
        left.toMillis(),
        needed.toMillis());
    return false;
  }

  private Transition record(
      Notification n, RetryPolicy policy, Instant startedAt, Sent sent, Outcome outcome) {
    var exchange = sent.exchange();
    var now = now();
    int number = n.attempts() + 1;
    var response = exchange instanceof Exchange.Answered a ? Attempt.truncate(a.body()) : null;
    var next =
        n.toBuilder()
            .attempts(number)
            .leaseUntil(null)
            .lastHttpStatus(Outcome.statusOf(exchange))
            .lastResponse(response)
            .updatedAt(now);
    Attempt attempt;
    switch (outcome) {
      case Outcome.Acknowledged ack -> {
        next.status(NotificationStatus.SUCCEEDED)
            .nextAttemptAt(null)
            .completedAt(now)
            .lastError(null);
        attempt =
            new Attempt(
                n.id(),
                number,
                startedAt,
                exchange.duration(),
                Outcome.statusOf(exchange),
                response,
                null,
                null,
                sent.headers());
      }
      case Outcome.Rejected rejected -> {
        var retryAt = nextAttemptAt(policy, number, now, exchange);
        next.lastError(rejected.kind() + ": " + rejected.reason());
        if (retryAt == null) {
          next.status(NotificationStatus.FAILED).nextAttemptAt(null).completedAt(now);
        } else {
          next.status(NotificationStatus.PENDING).nextAttemptAt(retryAt);
        }
        attempt =
            new Attempt(
                n.id(),
                number,
                startedAt,
                exchange.duration(),
                Outcome.statusOf(exchange),
                response,
                rejected.kind(),
                rejected.reason(),
                sent.headers());
      }
    }
    return Transition.attempted(next.build(), attempt);
  }

  /**
   * The schedule's next time; a {@code Retry-After} on 429 or 503 can push it later, but never past
   * the policy's longest interval, so a merchant cannot park a task for days.
   */
  private static @Nullable Instant nextAttemptAt(
      RetryPolicy policy, int attemptsMade, Instant now, Exchange exchange) {
    var scheduled = policy.nextAttemptAt(attemptsMade, now).orElse(null);
    if (scheduled == null || !(exchange instanceof Exchange.Answered a) || a.retryAfter() == null) {
      return scheduled;
    }
    if (a.status() != 429 && a.status() != 503) {
      return scheduled;
    }
    var capped =
        a.retryAfter().compareTo(policy.longestInterval()) > 0
            ? policy.longestInterval()
            : a.retryAfter();
    var asked = now.plus(capped);
    return asked.isAfter(scheduled) ? asked : scheduled;
  }

  /** Queueing for a host must leave the attempt its whole timeout inside the lease. */
  private Duration permitWait(Notification claimed, RetryPolicy policy) {
    if (claimed.leaseUntil() == null) {
      return Duration.ZERO;
    }
    var wait =
        Duration.between(now(), claimed.leaseUntil()).minus(policy.timeout()).minus(Lease.MARGIN);
    return wait.compareTo(MAX_PERMIT_WAIT) > 0 ? MAX_PERMIT_WAIT : wait;
  }

  /** Not attempted after all: due again shortly, on this node or another. */
  private Notification putBack(Notification n) {
    return defer(n, now().plus(PUT_BACK_DELAY));
  }

  private Notification defer(Notification n, Instant until) {
    return n.toBuilder()
        .status(NotificationStatus.PENDING)
        .nextAttemptAt(until.truncatedTo(ChronoUnit.MILLIS))
        .leaseUntil(null)
        .updatedAt(now())
        .build();
  }

  /**
   * The notification's policy; a name this node does not know is looked up in the store first, so a
   * policy defined on another node keeps its timeout here. Only a name no store holds (one from
   * another node's configuration) falls back to the channel's default.
   */
  private RetryPolicy policyOf(Notification n) {
    var own = policies.find(n.retryPolicy());
    if (own.isPresent()) {
      return own.get();
    }
    var fallback = policies.defaultOf(n.channel());
    log.warn(
        "Retry policy '{}' of notification {} is known to no store; using the channel's default '{}'",
        n.retryPolicy(),
        n.id(),
        fallback);
    return policies.find(fallback).orElseThrow();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static String hostKey(URI url) {
    int port =
        url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    return url.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }
}

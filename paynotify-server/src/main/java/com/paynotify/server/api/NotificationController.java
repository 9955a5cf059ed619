package com.paynotify.server.api;

import com.paynotify.ConflictException;
import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.server.security.AuditTrail;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/notifications}: create, read, search, retry and abandon. A token scoped to
 * merchants reaches only their notifications ({@link CallerScope}).
 */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController {
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** The most notifications one {@code POST /api/v1/notifications/batch} takes. */
  static final int MAX_BATCH = 1_000;

  private static final Logger log = LoggerFactory.getLogger(NotificationController.class);
  private final Paynotify paynotify;
  private final AuditTrail audit;
  private final ApiErrors errors;

  NotificationController(Paynotify paynotify, AuditTrail audit, ApiErrors errors) {
    this.paynotify = paynotify;
    this.audit = audit;
    this.errors = errors;
  }

  @PostMapping
  ResponseEntity<NotificationView> create(
      @RequestBody(required = false) @Nullable String body,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
          @Nullable String idempotencyKey,
      HttpServletRequest http) {
    var headerKey = IdempotencyKeys.fromHeader(idempotencyKey);
    var request =
        requestOf(
            JsonBodies.read(body, CreateNotificationBody.class), headerKey, CallerScope.of(http));
    CreateOutcome outcome;
    try {
      outcome = paynotify.create(request);
    } catch (ConflictException e) {
      if (headerKey == null) {
        throw e;
      }
      throw new IdempotencyKeys.ReusedException(IdempotencyKeys.HEADER + ": " + e.getMessage());
    }
    var view = NotificationView.of(outcome.notification());
    return switch (outcome) {
      case CreateOutcome.Created created -> {
        logAction(Level.DEBUG, "Created", created.notification());
        yield ResponseEntity.created(URI.create("/api/v1/notifications/" + view.id())).body(view);
      }
      case CreateOutcome.Existing existing -> ResponseEntity.ok(view);
    };
  }

  /**
   * Creates up to {@value #MAX_BATCH} notifications from a JSON array of create requests, sharing
   * transactions. Always 200 when the array itself can be read: each item is answered on its own,
   * in order, with the status a single create would have given it (201, 200, 409, 422, 400, and 403
   * for a merchant outside the token's scope), so one bad item fails only itself.
   */
  @PostMapping("/batch")
  List<BatchItemView> createBatch(
      @RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    var items = JsonBodies.items(body);
    if (items.size() > MAX_BATCH) {
      throw InvalidRequestException.invalid(
          "items", "at most " + MAX_BATCH + " notifications per batch, got " + items.size());
    }
    var scope = CallerScope.of(http);
    var answers = new BatchItemView[items.size()];
    var requests = new ArrayList<NotificationRequest>(items.size());
    var positions = new ArrayList<Integer>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        requests.add(
            requestOf(
                JsonBodies.readItem(items.get(i), CreateNotificationBody.class), null, scope));
        positions.add(i);
      } catch (RuntimeException e) {
        answers[i] = BatchItemView.of(errors.answerFor(e));
      }
    }
    var results = paynotify.createAll(requests);
    for (int j = 0; j < results.size(); j++) {
      answers[positions.get(j)] =
          switch (results.get(j)) {
            case CreateResult.Done(CreateOutcome.Created created) -> {
              logAction(Level.DEBUG, "Created", created.notification());
              yield BatchItemView.of(HttpStatus.CREATED, created.notification());
            }
            case CreateResult.Done(CreateOutcome.Existing existing) ->
                BatchItemView.of(HttpStatus.OK, existing.notification());
            case CreateResult.Failed failed -> BatchItemView.of(errors.answerFor(failed.error()));
          };
    }
    return List.of(answers);
  }

  /**
   * One create request from its bound body, for the single and the batch create alike: a change to
   * how a request is read changes both.
   *
   * @throws OutOfScopeException when the caller's token may not create for the merchant
   */
  static NotificationRequest requestOf(
      CreateNotificationBody bound, @Nullable String headerKey, CallerScope scope) {
    scope.require("merchantId", JsonBodies.required("merchantId", bound.merchantId()));
    return bound
        .withIdempotencyKey(IdempotencyKeys.of(bound.idempotencyKey(), headerKey))
        .toRequest();
  }

  /**
   * One item's answer in a batch: its HTTP status, and the notification or the error a single
   * create would have answered with.
   */
  record BatchItemView(
      int status,
      @Nullable NotificationView notification,
      @Nullable String error,
      @Nullable String message,
      @Nullable String field) {

    static BatchItemView of(HttpStatus status, Notification notification) {
      return new BatchItemView(status.value(), NotificationView.of(notification), null, null, null);
    }

    static BatchItemView of(ResponseEntity<Problem> answer) {
      var problem = answer.getBody();
      return new BatchItemView(
          answer.getStatusCode().value(),
          null,
          problem == null ? null : problem.error(),
          problem == null ? null : problem.message(),
          problem == null ? null : problem.field());
    }
  }

  @GetMapping("/{id}")
  NotificationView get(@PathVariable String id, HttpServletRequest http) {
    var details = paynotify.get(id);
    return NotificationView.of(
        CallerScope.of(http).visible(id, details.notification()), details.attempts());
  }

  @GetMapping
  PageView search(
      @RequestParam(required = false) @Nullable String merchantId,
      @RequestParam(required = false) @Nullable String orderNo,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String channel,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size,
      @RequestParam(required = false) @Nullable String before,
      @RequestParam(required = false) @Nullable String retrying,
      @RequestParam(required = false) @Nullable String paymentId,
      HttpServletRequest http) {
    var query =
        new NotificationQuery(
            merchantId,
            orderNo,
            parse("status", status, NotificationStatus.class),
            parse("channel", channel, Channel.class),
            instant("from", from),
            instant("to", to),
            page,
            size,
            before == null || before.isBlank() ? null : before.strip());
    if (flag("retrying", retrying)) {
      query = query.needingRetry();
    }
    if (paymentId != null && !paymentId.isBlank()) {
      query = query.ofPayment(paymentId.strip());
    }
    var found = paynotify.search(CallerScope.of(http).narrow(query));
    return new PageView(
        found.items().stream().map(NotificationView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  @PostMapping("/{id}/retry")
  NotificationView retry(@PathVariable String id, HttpServletRequest http) {
    requireVisible(id, http);
    var retried = paynotify.retry(id);
    audit.record("notification.retry", id);
    logAction(Level.INFO, "Retried", retried);
    return NotificationView.of(retried);
  }

  @PostMapping("/{id}/abandon")
  NotificationView abandon(
      @PathVariable String id,
      @RequestBody(required = false) @Nullable String body,
      HttpServletRequest http) {
    requireVisible(id, http);
    var reason = JsonBodies.required("reason", JsonBodies.read(body, AbandonBody.class).reason());
    var abandoned = paynotify.abandon(id, reason);
    audit.record("notification.abandon", id, "reason", reason);
    logAction(Level.INFO, "Abandoned", abandoned);
    return NotificationView.of(abandoned);
  }

  /** A scoped caller may act only on its merchants' notifications; the others are not found. */
  private void requireVisible(String id, HttpServletRequest http) {
    var scope = CallerScope.of(http);
    if (scope.limited()) {
      scope.visible(
          id, paynotify.find(id).orElseThrow(() -> new NotFoundException("notification", id)));
    }
  }

  /**
   * One line per API action, with the notification's ids in the MDC as the dispatcher logs them. A
   * create logs at DEBUG: it is the hot path, and {@code paynotify.notifications.accepted} counts
   * them; an operator's retry or abandon at INFO.
   */
  private static void logAction(Level level, String action, Notification n) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    try (var id = MDC.putCloseable("notificationId", n.id());
        var merchant = MDC.putCloseable("merchantId", n.merchantId());
        var order = MDC.putCloseable("orderNo", n.orderNo())) {
      log.atLevel(level)
          .log(
              "{} notification {} (merchant {}, order {}, {})",
              action,
              n.id(),
              n.merchantId(),
              n.orderNo(),
              n.status());
    }
  }

  /**
   * Bulk retry: {@code {"ids": [...]}} or a filter ({@code merchantId, status, channel, from, to}).
   */
  @PostMapping("/retry")
  ResponseEntity<Map<String, Integer>> retryMany(
      @RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    var bound = JsonBodies.read(body, BulkRetryBody.class);
    var scope = CallerScope.of(http);
    if (bound.ids() != null) {
      var ids = JsonBodies.strings("ids", bound.ids());
      if (ids.size() > Paynotify.MAX_BULK) {
        throw InvalidRequestException.invalid(
            "ids", "at most " + Paynotify.MAX_BULK + " per call, got " + ids.size());
      }
      var count = paynotify.retryAll(scope.visibleIds(ids, paynotify::find));
      audit.record("notification.bulk-retry", null, "ids", ids.size());
      return ResponseEntity.status(HttpStatus.OK).body(Map.of("count", count));
    }
    var merchantId = JsonBodies.optional("merchantId", bound.merchantId());
    var status =
        parse("status", JsonBodies.optional("status", bound.status()), NotificationStatus.class);
    var channel = parse("channel", JsonBodies.optional("channel", bound.channel()), Channel.class);
    var from = instant("from", JsonBodies.optional("from", bound.from()));
    var to = instant("to", JsonBodies.optional("to", bound.to()));
    if (merchantId == null && status == null && channel == null && from == null && to == null) {
      throw InvalidRequestException.missing("ids");
    }
    var query =
        new NotificationQuery(
            merchantId, null, status, channel, from, to, 0, NotificationQuery.MAX_SIZE);
    var count = paynotify.retryMatching(scope.narrow(query));
    audit.record(
        "notification.bulk-retry",
        null,
        "merchantId",
        merchantId,
        "status",
        status,
        "channel",
        channel,
        "from",
        bound.from(),
        "to",
        bound.to());
    return ResponseEntity.ok(Map.of("count", count));
  }

  /** Bulk abandon: {@code {"ids": [...], "reason": ...}}; returns how many were abandoned now. */
  @PostMapping("/abandon")
  Map<String, Integer> abandonMany(
      @RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    var bound = JsonBodies.read(body, BulkAbandonBody.class);
    var ids = JsonBodies.strings("ids", bound.ids());
    if (ids.isEmpty()) {
      throw InvalidRequestException.missing("ids");
    }
    if (ids.size() > Paynotify.MAX_BULK) {
      throw InvalidRequestException.invalid(
          "ids", "at most " + Paynotify.MAX_BULK + " per call, got " + ids.size());
    }
    var reason = JsonBodies.required("reason", bound.reason());
    if (reason.length() > 500) {
      throw InvalidRequestException.invalid(
          "reason", "at most 500 characters, got " + reason.length());
    }
    var count = paynotify.abandonAll(CallerScope.of(http).visibleIds(ids, paynotify::find), reason);
    audit.record("notification.bulk-abandon", null, "ids", ids.size(), "reason", reason);
    return Map.of("count", count);
  }

  /** The body of {@code POST /api/v1/notifications/{id}/abandon}. */
  @Schema(name = "AbandonRequestBody")
  record AbandonBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 500)
          @Nullable String reason) {}

  /**
   * The body of {@code POST /api/v1/notifications/retry}: ids, or a filter of at least one field.
   */
  @Schema(
      name = "BulkRetryRequestBody",
      description = "Either ids, or a filter of at least one field")
  record BulkRetryBody(
      @Schema(maxLength = 10_000) @Nullable List<String> ids,
      @Nullable String merchantId,
      @Nullable String status,
      @Nullable String channel,
      @Schema(format = "date-time") @Nullable String from,
      @Schema(format = "date-time") @Nullable String to) {}

  /** The body of {@code POST /api/v1/notifications/abandon}. */
  @Schema(name = "BulkAbandonRequestBody")
  record BulkAbandonBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 10_000)
          @Nullable List<String> ids,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 500)
          @Nullable String reason) {}

  /**
   * One page of search results. {@code next} is the cursor of the following page ({@code
   * before=next}), null on the last one.
   */
  record PageView(
      List<NotificationView> items, int page, int size, long total, @Nullable String next) {
    PageView(List<NotificationView> items, int page, int size, long total) {
      this(items, page, size, total, items.size() < size ? null : items.getLast().id());
    }
  }

  static <E extends Enum<E>> @Nullable E parse(String field, @Nullable String text, Class<E> type) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " is not one of "
              + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  /** A true/false query parameter; absent or blank is false. */
  static boolean flag(String field, @Nullable String text) {
    if (text == null || text.isBlank()) {
      return false;
    }
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw InvalidRequestException.invalid(
              field, InvalidRequestException.echo(text) + " is not true or false");
    };
  }

  static @Nullable Instant instant(String field, @Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text)
              + " is not an ISO-8601 instant like 2026-01-31T12:00:00Z");
    }
    // Past these a database's timestamp cannot hold it (MySQL ends at 9999, PostgreSQL earlier than
    // Java).
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw InvalidRequestException.invalid(
          field,
          InvalidRequestException.echo(text) + " is not between " + EARLIEST + " and " + LATEST);
    }
    return instant;
  }

  /**
   * A search term as {@link NotificationQuery} takes it, for the searches that do not build one.
   */
  static @Nullable String term(String field, @Nullable String text) {
    if (text != null && text.length() > NotificationQuery.MAX_TERM_LENGTH) {
      throw InvalidRequestException.invalid(
          field,
          "at most " + NotificationQuery.MAX_TERM_LENGTH + " characters, got " + text.length());
    }
    if (text != null && text.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(field, "must not contain control characters");
    }
    return text;
  }
}

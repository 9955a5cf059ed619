package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.NotificationStore;
import com.paynotify.server.security.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import com.paynotify.notification.Notification;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
  /** Just under 64 KiB: what a MySQL {@code TEXT} column, which holds {@code extra}, takes at most. */
  static final int MAX_EXTRA_BYTES = 65_535;
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final Logger log = LoggerFactory.getLogger(NotificationController.class);
  private final Paynotify paynotify;
  private final NotificationStore store;
  private final AuditTrail audit;

  NotificationController(Paynotify paynotify, NotificationStore store, AuditTrail audit) {
    this.paynotify = paynotify;
    this.store = store;
    this.audit = audit;
  }

  @PostMapping
  ResponseEntity<NotificationView> create(@RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    var request = NotificationRequests.parse(body);
    CallerScope.of(http).require("merchantId", request.merchantId());
    var outcome = paynotify.create(request);
    var view = NotificationView.of(outcome.notification());
    return switch (outcome) {
      case CreateOutcome.Created created -> {
        logAction("Created", created.notification());
        yield ResponseEntity.created(URI.create("/api/v1/notifications/" + view.id())).body(view);
      }
      case CreateOutcome.Existing existing -> ResponseEntity.ok(view);
    };
  }

  @GetMapping("/{id}")
  NotificationView get(@PathVariable String id, HttpServletRequest http) {
    var details = paynotify.get(id);
    return NotificationView.of(CallerScope.of(http).visible(id, details.notification()), details.attempts());
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
      HttpServletRequest http) {
    var query = new NotificationQuery(
        merchantId, orderNo, parse("status", status, NotificationStatus.class), parse("channel", channel, Channel.class),
        instant("from", from), instant("to", to), page, size, before == null || before.isBlank() ? null : before.strip());
    var found = paynotify.search(CallerScope.of(http).narrow(query));
    return new PageView(found.items().stream().map(NotificationView::of).toList(), found.page(), found.size(), found.total());
  }

  @PostMapping("/{id}/retry")
  NotificationView retry(@PathVariable String id, HttpServletRequest http) {
    requireVisible(id, http);
    var retried = paynotify.retry(id);
    audit.record("notification.retry", id);
    logAction("Retried", retried);
    return NotificationView.of(retried);
  }

  @PostMapping("/{id}/abandon")
  NotificationView abandon(@PathVariable String id, @RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    requireVisible(id, http);
    var reason = JsonFields.of(body).requiredString("reason");
    var abandoned = paynotify.abandon(id, reason);
    audit.record("notification.abandon", id, "reason", reason);
    logAction("Abandoned", abandoned);
    return NotificationView.of(abandoned);
  }

  /** A scoped caller may act only on its merchants' notifications; the others are not found. */
  private void requireVisible(String id, HttpServletRequest http) {
    var scope = CallerScope.of(http);
    if (scope.limited()) {
      scope.visible(id, store.find(id).orElseThrow(() -> new NotFoundException("notification", id)));
    }
  }

  /** One line per API action, with the notification's ids in the MDC as the dispatcher logs them. */
  private static void logAction(String action, Notification n) {
    try (var id = MDC.putCloseable("notificationId", n.id());
        var merchant = MDC.putCloseable("merchantId", n.merchantId());
        var order = MDC.putCloseable("orderNo", n.orderNo())) {
      log.info("{} notification {} (merchant {}, order {}, {})", action, n.id(), n.merchantId(), n.orderNo(), n.status());
    }
  }

  /** Bulk retry: {@code {"ids": [...]}} or a filter ({@code merchantId, status, channel, from, to}). */
  @PostMapping("/retry")
  ResponseEntity<Map<String, Integer>> retryMany(@RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    var fields = JsonFields.of(body);
    var scope = CallerScope.of(http);
    if (fields.has("ids")) {
      var ids = fields.optionalStrings("ids");
      if (ids.size() > Paynotify.MAX_BULK) {
        throw InvalidRequestException.invalid("ids", "at most " + Paynotify.MAX_BULK + " per call, got " + ids.size());
      }
      var count = paynotify.retryAll(scope.visibleIds(ids, store::find));
      audit.record("notification.bulk-retry", null, "ids", ids.size());
      return ResponseEntity.status(HttpStatus.OK).body(Map.of("count", count));
    }
    var merchantId = fields.optionalString("merchantId");
    var status = parse("status", fields.optionalString("status"), NotificationStatus.class);
    var channel = parse("channel", fields.optionalString("channel"), Channel.class);
    var from = instant("from", fields.optionalString("from"));
    var to = instant("to", fields.optionalString("to"));
    if (merchantId == null && status == null && channel == null && from == null && to == null) {
      throw InvalidRequestException.missing("ids");
    }
    var query = new NotificationQuery(merchantId, null, status, channel, from, to, 0, NotificationQuery.MAX_SIZE);
    var count = paynotify.retryMatching(scope.narrow(query));
    audit.record("notification.bulk-retry", null, "merchantId", merchantId, "status", status, "channel", channel,
        "from", fields.optionalString("from"), "to", fields.optionalString("to"));
    return ResponseEntity.ok(Map.of("count", count));
  }

  /** Bulk abandon: {@code {"ids": [...], "reason": ...}}; returns how many were abandoned now. */
  @PostMapping("/abandon")
  Map<String, Integer> abandonMany(@RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    var fields = JsonFields.of(body);
    var ids = fields.optionalStrings("ids");
    if (ids.isEmpty()) {
      throw InvalidRequestException.missing("ids");
    }
    if (ids.size() > Paynotify.MAX_BULK) {
      throw InvalidRequestException.invalid("ids", "at most " + Paynotify.MAX_BULK + " per call, got " + ids.size());
    }
    var reason = fields.requiredString("reason");
    if (reason.length() > 500) {
      throw InvalidRequestException.invalid("reason", "at most 500 characters, got " + reason.length());
    }
    var count = paynotify.abandonAll(CallerScope.of(http).visibleIds(ids, store::find), reason);
    audit.record("notification.bulk-abandon", null, "ids", ids.size(), "reason", reason);
    return Map.of("count", count);
  }

  /**
   * One page of search results. {@code next} is the cursor of the following page ({@code
   * before=next}), null on the last one.
   */
  record PageView(List<NotificationView> items, int page, int size, long total, @Nullable String next) {
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
          field, InvalidRequestException.echo(text) + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
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
          field, InvalidRequestException.echo(text) + " is not an ISO-8601 instant like 2026-01-31T12:00:00Z");
    }
    // Past these a database's timestamp cannot hold it (MySQL ends at 9999, PostgreSQL earlier than Java).
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw InvalidRequestException.invalid(field, InvalidRequestException.echo(text) + " is not between " + EARLIEST + " and " + LATEST);
    }
    return instant;
  }

  /** A search term as {@link NotificationQuery} takes it, for the searches that do not build one. */
  static @Nullable String term(String field, @Nullable String text) {
    if (text != null && text.length() > NotificationQuery.MAX_TERM_LENGTH) {
      throw InvalidRequestException.invalid(
          field, "at most " + NotificationQuery.MAX_TERM_LENGTH + " characters, got " + text.length());
    }
    if (text != null && text.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid(field, "must not contain control characters");
    }
    return text;
  }
}

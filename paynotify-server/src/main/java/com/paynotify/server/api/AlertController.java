package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.alert.Alert;
import com.paynotify.alert.Alerts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/alerts}: the open alerts, and with {@code state=all} the recently resolved ones.
 */
@RestController
class AlertController {
  private final Alerts alerts;

  AlertController(Alerts alerts) {
    this.alerts = alerts;
  }

  @GetMapping("/api/v1/alerts")
  AlertsView list(@RequestParam(defaultValue = "open") String state) {
    var items = new ArrayList<AlertView>();
    alerts.open().reversed().forEach(a -> items.add(AlertView.of(a)));
    switch (state.strip()) {
      case "open" -> {}
      case "all" -> alerts.recent().forEach(a -> items.add(AlertView.of(a)));
      default ->
          throw InvalidRequestException.invalid(
              "state", InvalidRequestException.echo(state) + " is not one of open, all");
    }
    return new AlertsView(items);
  }

  /** Open alerts newest first, then (for {@code state=all}) resolved ones, newest first. */
  record AlertsView(List<AlertView> items) {}

  /**
   * One alert.
   *
   * @param kind NOTIFICATION_FAILED, FAILURE_RATE or BACKLOG_AGE
   * @param merchantId null for BACKLOG_AGE
   * @param resolvedAt null while open
   */
  record AlertView(
      String id,
      String kind,
      @Nullable String merchantId,
      String message,
      Instant openedAt,
      @Nullable Instant resolvedAt) {
    static AlertView of(Alert alert) {
      return new AlertView(
          alert.id(),
          alert.kind().name(),
          alert.merchantId(),
          alert.message(),
          alert.openedAt(),
          alert.resolvedAt());
    }
  }
}

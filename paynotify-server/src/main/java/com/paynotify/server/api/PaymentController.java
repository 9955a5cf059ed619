package com.paynotify.server.api;

import com.paynotify.NotFoundException;
import com.paynotify.Paynotify;
import com.paynotify.payment.MoveOutcome;
import com.paynotify.payment.Notice;
import com.paynotify.payment.Recorded;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/payments}: record a payment, move its status, read it with its history and
 * notifications. Both writes take JSON or a form with the same fields. A token scoped to merchants
 * may record and move only their payments (403 naming {@code merchantId}) and sees no other (404).
 */
@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {
  private static final Logger log = LoggerFactory.getLogger(PaymentController.class);
  static final String MOVE_KEY =
      "Tells this move from any other of the payment: the move made under it is answered again "
          + "(200, unchanged) whatever the payment did since, so a retried refund is made once; "
          + "another move under it is 409. At most 128 characters";

  private final Paynotify paynotify;

  PaymentController(Paynotify paynotify) {
    this.paynotify = paynotify;
  }

  @PostMapping
  ResponseEntity<PaymentView> create(
      @RequestBody(required = false) @Nullable String body, HttpServletRequest http) {
    return create(JsonBodies.read(body, PaymentBodies.Create.class), http);
  }

  @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<PaymentView> createFromForm(HttpServletRequest http) {
    return create(JsonBodies.readItem(FormBody.json(http), PaymentBodies.Create.class), http);
  }

  private ResponseEntity<PaymentView> create(PaymentBodies.Create bound, HttpServletRequest http) {
    CallerScope.of(http)
        .require("merchantId", JsonBodies.required("merchantId", bound.merchantId()));
    var request = bound.toRequest();
    return switch (paynotify.payments().create(request)) {
      case Recorded.Created(var payment, var change, var notice) -> {
        log.debug(
            "Recorded payment {} of merchant {} as {}",
            payment.paymentId(),
            payment.merchantId(),
            payment.status());
        yield ResponseEntity.created(location(payment.paymentId(), payment.merchantId()))
            .body(PaymentView.of(payment, notice, List.of(change), null));
      }
      case Recorded.Existing(var payment) ->
          ResponseEntity.ok(PaymentView.of(payment, null, null, null));
    };
  }

  @PutMapping("/{paymentId}/status")
  PaymentView move(
      @PathVariable String paymentId,
      @RequestBody(required = false) @Nullable String body,
      @Parameter(description = MOVE_KEY)
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
          @Nullable String idempotencyKey,
      HttpServletRequest http) {
    var key = IdempotencyKeys.fromHeader(idempotencyKey);
    return move(paymentId, JsonBodies.read(body, PaymentBodies.Update.class), key, http);
  }

  @PutMapping(path = "/{paymentId}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  PaymentView moveFromForm(
      @PathVariable String paymentId,
      @Parameter(description = MOVE_KEY)
          @RequestHeader(name = IdempotencyKeys.HEADER, required = false)
          @Nullable String idempotencyKey,
      HttpServletRequest http) {
    var key = IdempotencyKeys.fromHeader(idempotencyKey);
    return move(
        paymentId, JsonBodies.readItem(FormBody.json(http), PaymentBodies.Update.class), key, http);
  }

  private PaymentView move(
      String paymentId, PaymentBodies.Update bound, @Nullable String key, HttpServletRequest http) {
    var merchantId = JsonBodies.required("merchantId", bound.merchantId());
    CallerScope.of(http).require("merchantId", merchantId);
    var update = bound.toUpdate().withIdempotencyKey(key);
    return switch (paynotify.payments().move(paymentId, update)) {
      case MoveOutcome.Moved(var payment, var change, var notice) -> {
        if (notice instanceof Notice.Refused(var reason)) {
          log.info(
              "Payment {} of merchant {} moved to {}; its notification was refused: {}",
              paymentId,
              merchantId,
              change.to(),
              reason);
        }
        yield PaymentView.of(payment, notice, List.of(change), null);
      }
      case MoveOutcome.Unchanged(var payment) -> PaymentView.of(payment, null, List.of(), null);
    };
  }

  @GetMapping("/{paymentId}")
  PaymentView get(
      @PathVariable String paymentId,
      @RequestParam(required = false) @Nullable String merchantId,
      HttpServletRequest http) {
    var merchant = JsonBodies.required("merchantId", merchantId);
    if (!CallerScope.of(http).allows(merchant)) {
      throw new NotFoundException("payment", paymentId);
    }
    var details = paynotify.payments().get(merchant, paymentId);
    return PaymentView.of(details.payment(), null, details.history(), details.notifications());
  }

  private static URI location(String paymentId, String merchantId) {
    return URI.create(
        "/api/v1/payments/"
            + URLEncoder.encode(paymentId, StandardCharsets.UTF_8).replace("+", "%20")
            + "?merchantId="
            + URLEncoder.encode(merchantId, StandardCharsets.UTF_8));
  }
}

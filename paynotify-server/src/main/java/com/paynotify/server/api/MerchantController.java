package com.paynotify.server.api;

import com.paynotify.Paynotify;
import com.paynotify.merchant.AckRule;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.merchant.Merchants;
import com.paynotify.server.security.AuditTrail;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/merchants}: register, read, change (the acknowledgement rule of WEBHOOK callbacks
 * included) and rotate the webhook secret. A secret is shown only in the answer that creates it.
 */
@RestController
@RequestMapping("/api/v1/merchants")
class MerchantController {
  private static final String ID_PATTERN = Merchants.ID_PATTERN;
  private static final int MAX_NAME_LENGTH = Merchants.MAX_NAME_LENGTH;

  private final Merchants merchants;
  private final AuditTrail audit;

  MerchantController(Paynotify paynotify, AuditTrail audit) {
    this.merchants = paynotify.merchants();
    this.audit = audit;
  }

  @PostMapping
  ResponseEntity<MerchantView> register(@RequestBody(required = false) @Nullable String body) {
    var bound = JsonBodies.read(body, MerchantBody.class);
    var id = JsonBodies.required("id", bound.id());
    var name = JsonBodies.required("name", bound.name());
    var headers =
        bound.defaultHeaders() != null ? bound.defaultHeaders() : Map.<String, String>of();
    var ackRule = bound.ackRule() != null ? bound.ackRule().toRule() : AckRule.DEFAULT;
    var merchant =
        merchants.register(
            id, name, JsonBodies.strings("callbackHosts", bound.callbackHosts()), headers, ackRule);
    // The audit names the headers set, never their values.
    audit.record(
        "merchant.create",
        null,
        "id",
        id,
        "name",
        merchant.name(),
        "callbackHosts",
        bound.callbackHosts() != null ? merchant.callbackHosts() : null,
        "defaultHeaders",
        bound.defaultHeaders() != null ? List.copyOf(merchant.defaultHeaders().keySet()) : null,
        "ackRule",
        bound.ackRule() != null ? ackRule.describe() : null);
    return ResponseEntity.created(URI.create("/api/v1/merchants/" + id))
        .body(MerchantView.withSecret(merchant, merchant.webhookSecret().reveal()));
  }

  /** A page of the merchants by id; only its own for a token scoped to merchants. */
  @GetMapping
  MerchantPageView list(
      @RequestParam(required = false)
          @Parameter(
              description = PageParameters.LIMIT_DOC,
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "20"))
          @Nullable String limit,
      @RequestParam(required = false) @Parameter(description = PageParameters.CURSOR_DOC)
          @Nullable String cursor,
      HttpServletRequest http) {
    var request = PageParameters.of(limit, cursor);
    var page = merchants.page(request, CallerScope.of(http).merchantIds()).map(MerchantView::of);
    return new MerchantPageView(page.items(), request.limit(), page.next());
  }

  /**
   * A page of merchants; {@code next} is the {@code cursor} of the following page, null on the
   * last.
   */
  record MerchantPageView(List<MerchantView> items, int limit, @Nullable String next) {}

  @GetMapping("/{id}")
  MerchantView get(@PathVariable String id, HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    return MerchantView.of(merchants.get(id));
  }

  /**
   * Changes the name, the callback hosts, the status ({@code ACTIVE} or {@code DISABLED}) or the
   * acknowledgement rule of WEBHOOK callbacks.
   */
  @PatchMapping("/{id}")
  MerchantView change(
      @PathVariable String id, @RequestBody(required = false) @Nullable String body) {
    var bound = JsonBodies.read(body, MerchantChangeBody.class);
    merchants.get(id);
    var name = JsonBodies.optional("name", bound.name());
    var status =
        NotificationController.parse(
            "status", JsonBodies.optional("status", bound.status()), MerchantStatus.class);
    var hosts =
        bound.callbackHosts() != null
            ? JsonBodies.strings("callbackHosts", bound.callbackHosts())
            : null;
    var ackRule = bound.ackRule() != null ? bound.ackRule().toRule() : null;
    var changed =
        merchants.change(
            id, new Merchants.Change(name, status, hosts, bound.defaultHeaders(), ackRule));
    audit.record(
        "merchant.change",
        id,
        "name",
        name,
        "status",
        status,
        "callbackHosts",
        hosts != null ? changed.callbackHosts() : null,
        "defaultHeaders",
        bound.defaultHeaders() != null ? List.copyOf(changed.defaultHeaders().keySet()) : null,
        "ackRule",
        ackRule != null ? ackRule.describe() : null);
    return MerchantView.of(changed);
  }

  /** A new webhook secret; callbacks carry the old one's signature too for the grace period. */
  @PostMapping("/{id}/secret/rotate")
  MerchantView rotate(@PathVariable String id) {
    var rotated = merchants.rotateSecret(id);
    audit.record("merchant.rotate-secret", id);
    return MerchantView.withSecret(rotated, rotated.webhookSecret().reveal());
  }

  /** The body of {@code POST /api/v1/merchants}. */
  @Schema(name = "MerchantRequestBody")
  record MerchantBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID_PATTERN)
          @Nullable String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_NAME_LENGTH)
          @Nullable String name,
      @Schema(description = "Hosts the merchant's notifyUrls may use")
          @Nullable List<String> callbackHosts,
      @Schema(description = DEFAULT_HEADERS) @Nullable Map<String, String> defaultHeaders,
      @Schema(description = "What acknowledges its WEBHOOK callbacks; any 2xx when absent")
          @Nullable AckRuleBody ackRule) {}

  static final String DEFAULT_HEADERS =
      "HTTP headers sent with every callback of the merchant, e.g. "
          + "{\"Authorization\":\"Bearer …\"}: at most 10, names HTTP tokens, values printable ASCII without CR/LF, at most "
          + "2048 characters. Stored encrypted; answers show only their names. A name HTTP or a wire format owns (Host, "
          + "Content-*, Transfer-Encoding, Connection, User-Agent, Webhook-*, Wechatpay-*, …) is refused (422). "
          + "On a change, the map given replaces all of them; {} removes them";

  /** The body of {@code PATCH /api/v1/merchants/{id}}: only the fields given change. */
  @Schema(name = "MerchantChangeBody", description = "Only the fields given change")
  record MerchantChangeBody(
      @Schema(maxLength = MAX_NAME_LENGTH) @Nullable String name,
      @Schema(allowableValues = {"ACTIVE", "DISABLED"}) @Nullable String status,
      @Nullable List<String> callbackHosts,
      @Schema(description = DEFAULT_HEADERS) @Nullable Map<String, String> defaultHeaders,
      @Nullable AckRuleBody ackRule) {}

  /**
   * A merchant as the API shows it; {@code webhookSecret} only right after creation or rotation.
   */
  record MerchantView(
      String id,
      String name,
      String status,
      List<String> callbackHosts,
      @Nullable String webhookSecret,
      @Nullable Instant previousSecretExpiresAt,
      Instant createdAt,
      Instant updatedAt,
      @Schema(description = "The names of the default headers; their values are never shown")
          List<String> defaultHeaders,
      AckRuleBody ackRule) {

    static MerchantView of(Merchant m) {
      return withSecret(m, null);
    }

    static MerchantView withSecret(Merchant m, @Nullable String secret) {
      return new MerchantView(
          m.id(),
          m.name(),
          m.status().name(),
          m.callbackHosts(),
          secret,
          m.previousSecretExpiresAt(),
          m.createdAt(),
          m.updatedAt(),
          List.copyOf(m.defaultHeaders().keySet()),
          AckRuleBody.of(m.ackRule()));
    }
  }
}

package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.delivery.MerchantCredentials;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.server.security.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/merchants}: register, read, change and rotate the webhook secret. A secret is shown
 * only in the answer that creates it.
 */
@RestController
@RequestMapping("/api/v1/merchants")
class MerchantController {
  private static final String ID_PATTERN = "[A-Za-z0-9_-]{1,64}";
  /** As long as the {@code name} column holds. */
  static final int MAX_NAME_LENGTH = 200;
  /** As long as the {@code callback_hosts} column holds, the hosts joined with commas. */
  static final int MAX_HOSTS_LENGTH = 2000;

  private final MerchantStore merchants;
  private final MerchantCredentials credentials;
  private final InstantSource clock;
  private final AuditTrail audit;

  MerchantController(MerchantStore merchants, MerchantCredentials credentials, InstantSource clock, AuditTrail audit) {
    this.merchants = merchants;
    this.credentials = credentials;
    this.clock = clock;
    this.audit = audit;
  }

  @PostMapping
  ResponseEntity<MerchantView> register(@RequestBody(required = false) @Nullable String body) {
    var bound = JsonBodies.read(body, MerchantBody.class);
    var id = JsonBodies.required("id", bound.id());
    if (!id.matches(ID_PATTERN)) {
      throw InvalidRequestException.invalid("id", "must be 1-64 of letters, digits, '-' and '_'");
    }
    var name = name(JsonBodies.required("name", bound.name()));
    var merchant = Merchant.register(id, name, hosts(JsonBodies.strings("callbackHosts", bound.callbackHosts())), now());
    merchants.create(merchant);
    audit.record("merchant.create", null, "id", id, "name", merchant.name(),
        "callbackHosts", bound.callbackHosts() != null ? merchant.callbackHosts() : null);
    return ResponseEntity.created(URI.create("/api/v1/merchants/" + id))
        .body(MerchantView.withSecret(merchant, merchant.webhookSecret().reveal()));
  }

  /** Every merchant; only its own for a token scoped to merchants. */
  @GetMapping
  List<MerchantView> list(HttpServletRequest http) {
    var scope = CallerScope.of(http);
    return merchants.findAll().stream().filter(m -> scope.allows(m.id())).map(MerchantView::of).toList();
  }

  @GetMapping("/{id}")
  MerchantView get(@PathVariable String id, HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    return MerchantView.of(find(id));
  }

  /** Changes the name, the callback hosts or the status ({@code ACTIVE} or {@code DISABLED}). */
  @PatchMapping("/{id}")
  MerchantView change(@PathVariable String id, @RequestBody(required = false) @Nullable String body) {
    var bound = JsonBodies.read(body, MerchantChangeBody.class);
    var merchant = find(id);
    var name = JsonBodies.optional("name", bound.name());
    var status = NotificationController.parse("status", JsonBodies.optional("status", bound.status()), MerchantStatus.class);
    var hostsGiven = bound.callbackHosts() != null;
    var changed = new Merchant(
        merchant.id(),
        name != null ? name(name) : merchant.name(),
        status != null ? status : merchant.status(),
        hostsGiven ? hosts(JsonBodies.strings("callbackHosts", bound.callbackHosts())) : merchant.callbackHosts(),
        merchant.webhookSecret(),
        merchant.previousSecret(),
        merchant.previousSecretExpiresAt(),
        merchant.createdAt(),
        now());
    merchants.update(changed);
    credentials.evict(id);
    audit.record("merchant.change", id, "name", name, "status", status,
        "callbackHosts", hostsGiven ? changed.callbackHosts() : null);
    return MerchantView.of(changed);
  }

  /** A new webhook secret; callbacks carry the old one's signature too for the grace period. */
  @PostMapping("/{id}/secret/rotate")
  MerchantView rotate(@PathVariable String id) {
    var rotated = find(id).rotateSecret(now(), Merchant.DEFAULT_ROTATION_GRACE);
    merchants.update(rotated);
    credentials.evict(id);
    audit.record("merchant.rotate-secret", id);
    return MerchantView.withSecret(rotated, rotated.webhookSecret().reveal());
  }

  private Merchant find(String id) {
    return merchants.find(id).orElseThrow(() -> new NotFoundException("merchant", id));
  }

  /** The name as stored: stripped, not blank, fitting its column, without control characters. */
  private static String name(String name) {
    var stripped = name.strip();
    if (stripped.isEmpty()) {
      throw InvalidRequestException.missing("name");
    }
    if (stripped.length() > MAX_NAME_LENGTH) {
      throw InvalidRequestException.invalid("name", "at most " + MAX_NAME_LENGTH + " characters, got " + stripped.length());
    }
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid("name", "must not contain control characters");
    }
    return stripped;
  }

  private static List<String> hosts(List<String> hosts) {
    for (var host : hosts) {
      if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9a-fA-F:.]{1,45}\\]")) {
        throw InvalidRequestException.invalid("callbackHosts", InvalidRequestException.echo(host) + " is not a host name");
      }
    }
    var distinct = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().toList();
    int length = String.join(",", distinct).length();
    if (length > MAX_HOSTS_LENGTH) {
      throw InvalidRequestException.invalid(
          "callbackHosts", "at most " + MAX_HOSTS_LENGTH + " characters in all, joined with commas; got " + length);
    }
    return distinct;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The body of {@code POST /api/v1/merchants}. */
  @Schema(name = "MerchantRequestBody")
  record MerchantBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = ID_PATTERN) @Nullable String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_NAME_LENGTH) @Nullable String name,
      @Schema(description = "Hosts the merchant's notifyUrls may use") @Nullable List<String> callbackHosts) {}

  /** The body of {@code PATCH /api/v1/merchants/{id}}: only the fields given change. */
  @Schema(name = "MerchantChangeBody", description = "Only the fields given change")
  record MerchantChangeBody(
      @Schema(maxLength = MAX_NAME_LENGTH) @Nullable String name,
      @Schema(allowableValues = {"ACTIVE", "DISABLED"}) @Nullable String status,
      @Nullable List<String> callbackHosts) {}

  /** A merchant as the API shows it; {@code webhookSecret} only right after creation or rotation. */
  record MerchantView(
      String id,
      String name,
      String status,
      List<String> callbackHosts,
      @Nullable String webhookSecret,
      @Nullable Instant previousSecretExpiresAt,
      Instant createdAt,
      Instant updatedAt) {

    static MerchantView of(Merchant m) {
      return withSecret(m, null);
    }

    static MerchantView withSecret(Merchant m, @Nullable String secret) {
      return new MerchantView(
          m.id(), m.name(), m.status().name(), m.callbackHosts(), secret, m.previousSecretExpiresAt(), m.createdAt(), m.updatedAt());
    }
  }
}

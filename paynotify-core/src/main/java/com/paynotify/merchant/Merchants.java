package com.paynotify.merchant;

import com.paynotify.InvalidRequestException;
import com.paynotify.KeysetPage;
import com.paynotify.NotFoundException;
import com.paynotify.PageRequest;
import com.paynotify.delivery.CredentialSource;
import com.paynotify.notification.CallbackHeaders;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The merchant use cases: register, read, change, disable and rotate the webhook secret. Every
 * change is stored and this node's cached credentials of the merchant are forgotten at once, so the
 * next attempt here signs with what was just set; other nodes follow within their cache's lifetime.
 */
public final class Merchants {
  /** Letters, digits, {@code -} and {@code _}, as ids appear in URLs and logs. */
  public static final String ID_PATTERN = "[A-Za-z0-9_-]{1,64}";

  /** As long as the {@code name} column holds. */
  public static final int MAX_NAME_LENGTH = 200;

  /** As long as the {@code callback_hosts} column holds, the hosts joined with commas. */
  public static final int MAX_HOSTS_LENGTH = 2000;

  private final MerchantStore store;
  private final CredentialSource credentials;
  private final InstantSource clock;

  public Merchants(MerchantStore store, CredentialSource credentials, InstantSource clock) {
    this.store = store;
    this.credentials = credentials;
    this.clock = clock;
  }

  /**
   * What a change sets; a null field keeps its current value.
   *
   * @param callbackHosts the new hosts, replacing all of the current ones; an empty list allows any
   *     public host
   * @param defaultHeaders the headers added to every callback, replacing all of the current ones;
   *     an empty map removes them ({@link CallbackHeaders#check})
   * @param ackRule what answer acknowledges its WEBHOOK callbacks from now on
   */
  public record Change(
      @Nullable String name,
      @Nullable MerchantStatus status,
      @Nullable List<String> callbackHosts,
      @Nullable Map<String, String> defaultHeaders,
      @Nullable AckRule ackRule) {

    /** A change that leaves the default headers and the acknowledgement rule as they are. */
    public Change(
        @Nullable String name,
        @Nullable MerchantStatus status,
        @Nullable List<String> callbackHosts) {
      this(name, status, callbackHosts, null, null);
    }

    /** Header names only: their values are the merchant's secrets. */
    @Override
    public String toString() {
      return "Change[name="
          + name
          + ", status="
          + status
          + ", callbackHosts="
          + callbackHosts
          + ", defaultHeaders="
          + (defaultHeaders == null ? null : defaultHeaders.keySet())
          + ", ackRule="
          + ackRule
          + "]";
    }
  }

  /**
   * Registers an active merchant with a fresh webhook secret, which the returned merchant holds and
   * which is never shown again but by a rotation.
   *
   * @param callbackHosts hosts its notify URLs may use; empty allows any public host
   * @throws InvalidRequestException naming {@code id}, {@code name} or {@code callbackHosts}
   * @throws com.paynotify.ConflictException if the id is taken
   */
  public Merchant register(String id, String name, List<String> callbackHosts) {
    return register(id, name, callbackHosts, Map.of(), AckRule.DEFAULT);
  }

  /**
   * Registers a merchant as {@link #register(String, String, List)} does, with headers added to
   * every callback of it and its own acknowledgement rule for WEBHOOK callbacks.
   *
   * @throws InvalidRequestException naming {@code id}, {@code name}, {@code callbackHosts} or
   *     {@code defaultHeaders}
   */
  public Merchant register(
      String id,
      String name,
      List<String> callbackHosts,
      Map<String, String> defaultHeaders,
      AckRule ackRule) {
    if (!id.matches(ID_PATTERN)) {
      throw InvalidRequestException.invalid("id", "must be 1-64 of letters, digits, '-' and '_'");
    }
    var now = now();
    var merchant =
        Merchant.register(id, name(name), hosts(callbackHosts), now)
            .withDefaultHeaders(CallbackHeaders.check("defaultHeaders", defaultHeaders), now)
            .withAckRule(ackRule);
    store.create(merchant);
    return merchant;
  }

  /** Every merchant. */
  public List<Merchant> all() {
    return store.findAll();
  }

  /**
   * One page of the merchants by id; the cursor is the last id read.
   *
   * @param within only these merchants (a scoped token's, at most a hundred, each read by id), or
   *     null for every merchant
   */
  public KeysetPage<Merchant> page(PageRequest request, @Nullable Set<String> within) {
    var cursor = request.cursor();
    var read =
        within == null
            ? store.findPage(cursor, request.limit() + 1)
            : within.stream()
                .sorted()
                .filter(id -> cursor == null || id.compareTo(cursor) > 0)
                .limit(request.limit() + 1L)
                .flatMap(id -> store.find(id).stream())
                .toList();
    return KeysetPage.of(read, request.limit(), Merchant::id);
  }

  /**
   * @throws NotFoundException if there is no such merchant
   */
  public Merchant get(String id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("merchant", id));
  }

  /**
   * Changes the name, the status, the callback hosts, the default headers or the acknowledgement
   * rule; secrets and creation time stay.
   *
   * @throws NotFoundException if there is no such merchant
   * @throws InvalidRequestException naming {@code name}, {@code callbackHosts} or {@code
   *     defaultHeaders}
   */
  public Merchant change(String id, Change change) {
    var merchant = get(id);
    var changed =
        new Merchant(
            merchant.id(),
            change.name() != null ? name(change.name()) : merchant.name(),
            change.status() != null ? change.status() : merchant.status(),
            change.callbackHosts() != null
                ? hosts(change.callbackHosts())
                : merchant.callbackHosts(),
            merchant.webhookSecret(),
            merchant.previousSecret(),
            merchant.previousSecretExpiresAt(),
            merchant.createdAt(),
            now(),
            change.defaultHeaders() != null
                ? CallbackHeaders.check("defaultHeaders", change.defaultHeaders())
                : merchant.defaultHeaders(),
            change.ackRule() != null ? change.ackRule() : merchant.ackRule());
    return stored(changed);
  }

  /** Stops new notifications for the merchant; those already stored are still delivered. */
  public Merchant disable(String id) {
    return change(id, new Change(null, MerchantStatus.DISABLED, null));
  }

  /**
   * Gives the merchant a fresh webhook secret, held by the returned merchant; callbacks carry the
   * old secret's signature too for {@link Merchant#DEFAULT_ROTATION_GRACE}.
   *
   * @throws NotFoundException if there is no such merchant
   */
  public Merchant rotateSecret(String id) {
    return stored(get(id).rotateSecret(now(), Merchant.DEFAULT_ROTATION_GRACE));
  }

  private Merchant stored(Merchant changed) {
    store.update(changed);
    credentials.evict(changed.id());
    return changed;
  }

  /** The name as stored: stripped, not blank, fitting its column, without control characters. */
  private static String name(String name) {
    var stripped = name.strip();
    if (stripped.isEmpty()) {
      throw InvalidRequestException.missing("name");
    }
    if (stripped.length() > MAX_NAME_LENGTH) {
      throw InvalidRequestException.invalid(
          "name", "at most " + MAX_NAME_LENGTH + " characters, got " + stripped.length());
    }
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid("name", "must not contain control characters");
    }
    return stripped;
  }

  /** Host names or bracketed IP literals, lower-cased, each once, fitting their column. */
  private static List<String> hosts(List<String> hosts) {
    for (var host : hosts) {
      if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9a-fA-F:.]{1,45}\\]")) {
        throw InvalidRequestException.invalid(
            "callbackHosts", InvalidRequestException.echo(host) + " is not a host name");
      }
    }
    var distinct = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().toList();
    int length = String.join(",", distinct).length();
    if (length > MAX_HOSTS_LENGTH) {
      throw InvalidRequestException.invalid(
          "callbackHosts",
          "at most " + MAX_HOSTS_LENGTH + " characters in all, joined with commas; got " + length);
    }
    return distinct;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}

package com.paynotify.server.security;

import com.paynotify.notification.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Slows password and token guessing at the console's login, per client address and per account.
 *
 * <p>An address (see {@link ClientAddress}: IPv6 by its /64) with {@code maxFailures} failed logins
 * within {@code window} may not try again until the oldest of them leaves the window; a success
 * does not clear this count, so one known account cannot be used to reset it. An account with
 * {@code maxFailures} failed logins within the window, from any addresses, is locked for {@code
 * accountLock}; while it is in back-off every further failure locks it again for twice as long, at
 * most {@code maxAccountLock}. The back-off ends with a success or a quiet window after a lock
 * ends, so guessing can hold an account only while it goes on, a few guesses per lock. An address
 * that logged in to the account within {@link #KNOWN_ADDRESS_TIME} is not held by the account's
 * lock, only by its own count, so its real user still gets in during an attack (and that login
 * leaves the lock on for the others).
 *
 * <p>A check in progress counts as a failure until it ends, so parallel guesses cannot overrun a
 * limit. Each table holds at most {@code maxTracked} keys: the least recently failed go first, and
 * keys that are being held go only after every key that is not, so a flood of fresh addresses
 * cannot free the ones that are held. Kept in memory per node.
 */
public final class LoginThrottle {
  public static final int DEFAULT_MAX_FAILURES = 10;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_ACCOUNT_LOCK = Duration.ofMinutes(1);
  public static final Duration DEFAULT_MAX_ACCOUNT_LOCK = Duration.ofMinutes(15);
  public static final int DEFAULT_MAX_TRACKED = 100_000;

  /**
   * Failed logins audited per window at most; one per account and address in the window below that.
   */
  public static final int DEFAULT_MAX_AUDITED = 1000;

  /** How long a successful login lets its address past its account's lock. */
  public static final Duration KNOWN_ADDRESS_TIME = Duration.ofDays(30);

  /**
   * What a check waits for when only checks in progress fill the limit: they end within moments.
   */
  private static final Duration IN_PROGRESS_WAIT = Duration.ofSeconds(1);

  private static final int MAX_ACCOUNT_KEY_CHARS = 128;

  /**
   * The limits.
   *
   * @param maxFailures failed logins per address, and per account, within the window
   * @param maxTracked addresses, accounts and known pairs each kept at most
   * @param maxAudited failed logins written to the audit log per window at most
   */
  public record Settings(
      int maxFailures,
      Duration window,
      Duration accountLock,
      Duration maxAccountLock,
      int maxTracked,
      int maxAudited) {
    public Settings {
      if (maxFailures < 1) {
        throw new IllegalArgumentException(
            "paynotify.login.max-failures: " + maxFailures + " must be at least 1");
      }
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "paynotify.login.window: " + window + " must be positive");
      }
      if (accountLock.isNegative()
          || accountLock.isZero()
          || maxAccountLock.compareTo(accountLock) < 0) {
        throw new IllegalArgumentException(
            "paynotify.login.account-lock: "
                + accountLock
                + " must be positive and at most paynotify.login.max-account-lock ("
                + maxAccountLock
                + ")");
      }
      if (maxTracked < 1) {
        throw new IllegalArgumentException(
            "paynotify.login.max-tracked: " + maxTracked + " must be at least 1");
      }
      if (maxAudited < 0) {
        throw new IllegalArgumentException(
            "paynotify.login.max-audited: " + maxAudited + " must be 0 or more");
      }
    }

    public static Settings defaults() {
      return new Settings(
          DEFAULT_MAX_FAILURES,
          DEFAULT_WINDOW,
          DEFAULT_ACCOUNT_LOCK,
          DEFAULT_MAX_ACCOUNT_LOCK,
          DEFAULT_MAX_TRACKED,
          DEFAULT_MAX_AUDITED);
    }
  }

  /** Whether a login may check its credentials now. */
  public sealed interface Verdict permits Wait, Check {}

  /**
   * Not now: try again after {@code retryAfter}; {@code reason} says who is held ("this address").
   */
  public record Wait(Duration retryAfter, String reason) implements Verdict {}

  /** Whether a failed login goes to the audit log. */
  public enum FailureAudit {
    /** The first failure of this account from this address in the window. */
    RECORD,
    /**
     * Recorded, and the window's cap is now reached: the failures after it in the window are not.
     */
    RECORD_LAST,
    /** Already recorded for this account and address in the window, or past the cap. */
    SKIP
  }

  private final InstantSource clock;
  private final Settings settings;
  private final Table addresses;
  private final Table accounts;
  private final Lru<Instant> knownPairs;
  private final Lru<Instant> auditedPairs;
  private Instant auditWindowStart = Instant.MIN;
  private int auditedInWindow;

  public LoginThrottle(InstantSource clock, Settings settings) {
    this.clock = clock;
    this.settings = settings;
    this.addresses = new Table(settings.maxTracked());
    this.accounts = new Table(settings.maxTracked());
    this.knownPairs = new Lru<>(settings.maxTracked());
    this.auditedPairs = new Lru<>(settings.maxTracked());
  }

  /**
   * Asks to check a login's credentials.
   *
   * @param account the username tried, or null for a token login (a token names no account)
   * @param remoteAddress the client's address as the server sees it ({@code
   *     request.getRemoteAddr()})
   * @return a {@link Wait}, or a {@link Check} that must be ended by {@link Check#succeeded()},
   *     {@link Check#failed()} or {@link Check#close()}
   */
  public synchronized Verdict begin(@Nullable String account, String remoteAddress) {
    var now = clock.instant();
    var addressKey = ClientAddress.key(remoteAddress);
    var accountKey = account == null ? null : accountKey(account);
    var address = addresses.find(addressKey);
    if (address != null) {
      var wait = addressWait(address, now);
      if (wait != null) {
        return new Wait(wait, "this address");
      }
    }
    boolean known = accountKey != null && isKnown(accountKey, addressKey, now);
    if (accountKey != null && !known) {
      var record = accounts.find(accountKey);
      if (record != null) {
        var wait = accountWait(record, now);
        if (wait != null) {
          return new Wait(wait, "this account");
        }
      }
    }
    addresses.update(addressKey, a -> a.pending++, r -> addressWait(r, now) != null);
    if (accountKey != null && !known) {
      accounts.update(accountKey, a -> a.pending++, r -> accountWait(r, now) != null);
    }
    return new Check(accountKey, addressKey, !known);
  }

  /** A login allowed to check its credentials, counted as a failure until it ends. */
  public final class Check implements Verdict, AutoCloseable {
    private final @Nullable String accountKey;
    private final String addressKey;
    private final boolean accountReserved;
    private boolean ended;

    private Check(@Nullable String accountKey, String addressKey, boolean accountReserved) {
      this.accountKey = accountKey;
      this.addressKey = addressKey;
      this.accountReserved = accountReserved;
    }

    /**
     * The credentials were right: the address becomes known to the account, and the account's count
     * and back-off end, unless the address was known already: the lock did not hold it, and the
     * guessing elsewhere may be going on.
     */
    public void succeeded() {
      synchronized (LoginThrottle.this) {
        if (end()) {
          var now = clock.instant();
          addresses.update(addressKey, a -> a.release(), r -> addressWait(r, now) != null);
          if (accountKey != null && accountReserved) {
            accounts.update(
                accountKey,
                a -> {
                  a.release();
                  a.failures.clear();
                  a.lockedUntil = null;
                  a.locks = 0;
                },
                r -> accountWait(r, now) != null);
          }
          if (accountKey != null) {
            knownPairs.put(pair(accountKey, addressKey), now);
          }
        }
      }
    }

    /** The credentials were wrong: counted against the address and the account. */
    public FailureAudit failed() {
      synchronized (LoginThrottle.this) {
        if (!end()) {
          return FailureAudit.SKIP;
        }
        var now = clock.instant();
        addresses.update(
            addressKey,
            a -> {
              a.release();
              a.fail(now, settings.window());
            },
            r -> addressWait(r, now) != null);
        if (accountKey != null) {
          accounts.update(
              accountKey,
              a -> {
                if (accountReserved) {
                  a.release();
                }
                a.fail(now, settings.window());
                lockIfDue(a, now);
              },
              r -> accountWait(r, now) != null);
        }
        return audit(pair(accountKey == null ? "token" : accountKey, addressKey), now);
      }
    }

    /** Ends a check that neither succeeded nor failed (it broke off), so it no longer counts. */
    @Override
    public void close() {
      synchronized (LoginThrottle.this) {
        if (end()) {
          var now = clock.instant();
          addresses.update(addressKey, a -> a.release(), r -> addressWait(r, now) != null);
          if (accountKey != null && accountReserved) {
            accounts.update(accountKey, a -> a.release(), r -> accountWait(r, now) != null);
          }
        }
      }
    }

    private boolean end() {
      if (ended) {
        return false;
      }
      ended = true;
      return true;
    }
  }

  private @Nullable Duration addressWait(Failures address, Instant now) {
    address.forgetOlderThan(now.minus(settings.window()));
    if (address.failures.size() + address.pending < settings.maxFailures()) {
      return null;
    }
    if (address.failures.size() < settings.maxFailures()) {
      return IN_PROGRESS_WAIT;
    }
    // The oldest failure that must leave the window before the count is under the limit again.
    var blocking =
        address.failures.stream()
            .skip(address.failures.size() - settings.maxFailures())
            .findFirst()
            .orElseThrow();
    return Duration.between(now, blocking.plus(settings.window()));
  }

  private @Nullable Duration accountWait(Failures account, Instant now) {
    account.forgetOlderThan(now.minus(settings.window()));
    if (account.lockedUntil != null && account.lockedUntil.isAfter(now)) {
      return Duration.between(now, account.lockedUntil);
    }
    if (account.locks > 0
        && account.lockedUntil != null
        && now.isAfter(account.lockedUntil.plus(settings.window()))) {
      account.locks = 0; // quiet for a window after its last lock: the back-off is over
      account.lockedUntil = null;
    }
    int allowed = account.locks == 0 ? settings.maxFailures() : 1;
    return account.failures.size() + account.pending < allowed ? null : IN_PROGRESS_WAIT;
  }

  private void lockIfDue(Failures account, Instant now) {
    accountWait(account, now); // ends a back-off that is over
    if (account.locks == 0 && account.failures.size() < settings.maxFailures()) {
      return;
    }
    var lock = settings.accountLock().multipliedBy(1L << Math.min(account.locks, 20));
    if (lock.compareTo(settings.maxAccountLock()) > 0) {
      lock = settings.maxAccountLock();
    }
    account.lockedUntil = now.plus(lock);
    account.locks++;
    account.failures.clear();
  }

  private boolean isKnown(String accountKey, String addressKey, Instant now) {
    var since = knownPairs.get(pair(accountKey, addressKey));
    return since != null && since.plus(KNOWN_ADDRESS_TIME).isAfter(now);
  }

  private FailureAudit audit(String pair, Instant now) {
    var window = settings.window();
    var audited = auditedPairs.get(pair);
    if (audited != null && audited.plus(window).isAfter(now)) {
      return FailureAudit.SKIP;
    }
    if (!auditWindowStart.plus(window).isAfter(now)) {
      auditWindowStart = now;
      auditedInWindow = 0;
    }
    if (auditedInWindow >= settings.maxAudited()) {
      return FailureAudit.SKIP;
    }
    auditedInWindow++;
    auditedPairs.put(pair, now);
    return auditedInWindow == settings.maxAudited()
        ? FailureAudit.RECORD_LAST
        : FailureAudit.RECORD;
  }

  private static String pair(String accountKey, String addressKey) {
    return accountKey + "\n" + addressKey;
  }

  /** A very long username is kept by its hash: every key in the tables stays small. */
  private static String accountKey(String account) {
    if (account.length() <= MAX_ACCOUNT_KEY_CHARS) {
      return account;
    }
    return "sha256:" + Fingerprint.sha256Hex(account);
  }

  /** Recent failures of one key, the checks in progress, and (for an account) its lock. */
  private static final class Failures {
    final ArrayDeque<Instant> failures = new ArrayDeque<>();
    int pending;
    @Nullable Instant lockedUntil;
    int locks;

    void fail(Instant now, Duration window) {
      forgetOlderThan(now.minus(window));
      failures.addLast(now);
    }

    void release() {
      pending = Math.max(0, pending - 1);
    }

    void forgetOlderThan(Instant cutoff) {
      while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) {
        failures.removeFirst();
      }
    }

    boolean isEmpty() {
      return failures.isEmpty() && pending == 0 && lockedUntil == null && locks == 0;
    }
  }

  /**
   * Records by key, at most {@code capacity} of them. Two orders of last change: keys being held
   * and the others; the others are evicted first, so filling the table cannot free a held key.
   */
  private static final class Table {
    private final int capacity;
    private final LinkedHashMap<String, Failures> free = new LinkedHashMap<>();
    private final LinkedHashMap<String, Failures> held = new LinkedHashMap<>();

    Table(int capacity) {
      this.capacity = capacity;
    }

    @Nullable Failures find(String key) {
      var record = free.get(key);
      return record != null ? record : held.get(key);
    }

    void update(String key, Consumer<Failures> change, Predicate<Failures> holds) {
      var record = free.remove(key);
      if (record == null) {
        record = held.remove(key);
      }
      if (record == null) {
        record = new Failures();
      }
      change.accept(record);
      boolean isHeld = holds.test(record);
      if (record.isEmpty()) {
        return; // nothing left to remember
      }
      (isHeld ? held : free).put(key, record);
      while (free.size() + held.size() > capacity) {
        var from = free.isEmpty() ? held : free;
        from.pollFirstEntry();
      }
    }
  }

  /** A map of at most {@code capacity} entries that drops the least recently written first. */
  private static final class Lru<V> extends LinkedHashMap<String, V> {
    private final int capacity;

    Lru(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public V put(String key, V value) {
      remove(key); // re-inserted at the end: the order is of last write
      return super.put(key, value);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
      return size() > capacity;
    }
  }
}

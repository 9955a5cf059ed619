package com.paynotify;

import com.paynotify.access.AccessTokenStore;
import com.paynotify.access.Audit;
import com.paynotify.access.AuditLog;
import com.paynotify.access.AuditPurge;
import com.paynotify.access.Tokens;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.delivery.CredentialSource;
import com.paynotify.delivery.DeliveryListener;
import com.paynotify.delivery.DeliverySettings;
import com.paynotify.delivery.Dispatcher;
import com.paynotify.delivery.Handoff;
import com.paynotify.delivery.HostGate;
import com.paynotify.delivery.NetworkPolicy;
import com.paynotify.delivery.Preview;
import com.paynotify.delivery.Transport;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.ChannelKeys;
import com.paynotify.merchant.KeyCheck;
import com.paynotify.merchant.KeyRotation;
import com.paynotify.merchant.MasterKey;
import com.paynotify.merchant.MerchantStatus;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.merchant.Merchants;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.CallbackHeaders;
import com.paynotify.notification.CreateOutcome;
import com.paynotify.notification.CreateResult;
import com.paynotify.notification.DeliveryQueue;
import com.paynotify.notification.Fingerprint;
import com.paynotify.notification.GroupCommit;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationIds;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.notification.NotificationReports;
import com.paynotify.notification.NotificationRequest;
import com.paynotify.notification.NotificationStatus;
import com.paynotify.notification.Page;
import com.paynotify.notification.Reports;
import com.paynotify.notification.Transition;
import com.paynotify.payment.NotificationIntake;
import com.paynotify.payment.PaymentStore;
import com.paynotify.payment.Payments;
import com.paynotify.retry.Lease;
import com.paynotify.retry.Policies;
import com.paynotify.retry.RetryPolicies;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The notification engine: the facade every use case goes through (create, read, search, retry,
 * abandon) and the dispatcher that delivers, built together by one {@link #builder builder} so both
 * sides share one set of stores, policies, network rules and clock. Thread-safe, and every change
 * is a version-checked write, safe beside the dispatchers of other nodes.
 *
 * <p>{@link #start()} delivers in the background; {@link #runOnce()} delivers one batch in the
 * caller's thread, for tests on a settable clock; {@link #close()} stops and releases the
 * transport.
 *
 * <p>Notifications are handled here; the other use cases through {@link #merchants()}, {@link
 * #channelKeys()}, {@link #retryPolicies()}, {@link #preview()}, {@link #testNotifications()},
 * {@link #reports()}, {@link #tokens()} and {@link #payments()}.
 */
public final class Paynotify implements AutoCloseable {
  /** How many notifications one bulk retry by filter may touch. */
  public static final int MAX_BULK = 10_000;

  /** How many due notifications one claim takes at most, by default. */
  public static final int DEFAULT_BATCH_SIZE = 200;

  /** How many attempts one node runs at once, by default. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

  /** How long a claim holds before another node may take a notification over, by default. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

  /** The longest the dispatcher sleeps when nothing is due, by default. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  /** A dispatcher loop quiet for this long is reported stuck, by default. */
  public static final Duration DEFAULT_STUCK_AFTER = Duration.ofSeconds(60);

  private final DeliveryQueue queue;
  private final NotificationReports reporting;
  private final MerchantStore merchants;
  private final RetryPolicies policies;
  private final RequestCheck check;
  private final CredentialSource credentials;
  private final InstantSource clock;
  private final NotificationListener listener;
  private final GroupCommit groupCommit;
  private final Transport transport;
  private final Dispatcher dispatcher;
  private final Handoff handoff;
  private final UseCases useCases;
  private final @Nullable Payments payments;

  private Paynotify(Builder b) {
    this.queue = b.queue;
    this.reporting = b.reporting;
    this.merchants = b.merchants;
    this.credentials = b.credentials;
    this.policies = b.policies;
    this.check = new RequestCheck(b.network, b.resolver);
    this.clock = b.clock;
    this.listener = b.listener;
    this.groupCommit = new GroupCommit(this::write, b.maxGroup, b.maxWaiting);
    this.transport = b.transport.open(b.network, b.resolver, b.maxInFlight, b.maxPerHost);
    this.dispatcher =
        new Dispatcher(
            new DeliverySettings(
                b.queue,
                b.credentials,
                transport,
                b.clock,
                b.policies,
                b.deliveryListener,
                new HostGate(
                    b.maxPerHost,
                    b.hostFailureThreshold,
                    b.hostBaseBackoff,
                    b.hostMaxBackoff,
                    b.clock),
                b.batchSize,
                b.maxInFlight,
                b.lease,
                b.pollInterval,
                b.stuckAfter));
    this.handoff = dispatcher.handoff();
    this.useCases = new UseCases(b, check, transport);
    this.payments = b.payments == null ? null : new Payments(b.payments, new Intake(), b.clock);
  }

  /**
   * Starts building an engine over the stores it reads and writes (the queue it delivers from, and
   * the reports over the same notifications) and the keys it signs with; the transport must be set,
   * everything else has a default.
   */
  public static Builder builder(
      DeliveryQueue queue,
      NotificationReports reporting,
      MerchantStore merchants,
      CredentialSource credentials) {
    return new Builder(queue, reporting, merchants, credentials);
  }

  /** Configures the whole engine, API side and dispatcher alike; each setting is given once. */
  public static final class Builder {
    private final DeliveryQueue queue;
    private final NotificationReports reporting;
    private final MerchantStore merchants;
    private final CredentialSource credentials;
    private Transport.Factory transport;
    private RetryPolicies policies = new RetryPolicies();
    private NetworkPolicy network = NetworkPolicy.publicOnly();
    private HostResolver resolver = HostResolver.SYSTEM;
    private InstantSource clock = InstantSource.system();
    private NotificationListener listener = NotificationListener.NONE;
    private DeliveryListener deliveryListener = DeliveryListener.NONE;
    private int maxGroup = GroupCommit.DEFAULT_MAX_GROUP;
    private int maxWaiting = GroupCommit.DEFAULT_MAX_WAITING;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Duration lease = DEFAULT_LEASE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration stuckAfter = DEFAULT_STUCK_AFTER;
    private int maxPerHost = HostGate.DEFAULT_MAX_PER_HOST;
    private int hostFailureThreshold = HostGate.DEFAULT_FAILURE_THRESHOLD;
    private Duration hostBaseBackoff = HostGate.DEFAULT_BASE_BACKOFF;
    private Duration hostMaxBackoff = HostGate.DEFAULT_MAX_BACKOFF;
    private @Nullable ChannelCredentialStore channels;
    private @Nullable AccessTokenStore tokens;
    private @Nullable AuditLog audit;
    private Duration auditRetention = AuditPurge.DEFAULT_RETENTION;
    private @Nullable KeyRotation keyRotation;
    private @Nullable PaymentStore payments;

    private Builder(
        DeliveryQueue queue,
        NotificationReports reporting,
        MerchantStore merchants,
        CredentialSource credentials) {
      this.queue = queue;
      this.reporting = reporting;
      this.merchants = merchants;
      this.credentials = credentials;
    }

    /**
     * Opens the transport callbacks are sent with, from this engine's network policy, resolver and
     * limits (e.g. {@code HttpClient5Transport::new}); {@link Paynotify#close()} closes it.
     * Required.
     */
    public Builder transport(Transport.Factory transport) {
      this.transport = transport;
      return this;
    }

    /**
     * The policies notifications may name and the dispatcher schedules by; the built-ins by
     * default.
     */
    public Builder policies(RetryPolicies policies) {
      this.policies = policies;
      return this;
    }

    /**
     * Where notify URLs may point, checked at create and again at dial time; public addresses only
     * by default.
     */
    public Builder network(NetworkPolicy network) {
      this.network = network;
      return this;
    }

    /** Resolves notify-URL hosts for the network checks; the system's DNS by default. */
    public Builder hostResolver(HostResolver resolver) {
      this.resolver = resolver;
      return this;
    }

    /**
     * The engine's one clock, for due times, leases and credentials; the system clock by default.
     */
    public Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /** Told of notifications created and abandoned. */
    public Builder listener(NotificationListener listener) {
      this.listener = listener;
      return this;
    }

    /** Told of claims, attempts, deferrals and store failures in the dispatcher. */
    public Builder deliveryListener(DeliveryListener listener) {
      this.deliveryListener = listener;
      return this;
    }

    /**
     * How many creates share one transaction at most, and how many may wait for one (see {@link
     * GroupCommit}).
     */
    public Builder groupCommit(int maxGroup, int maxWaiting) {
      this.maxGroup = maxGroup;
      this.maxWaiting = maxWaiting;
      return this;
    }

    /** How many due notifications one claim takes at most. */
    public Builder batchSize(int batchSize) {
      this.batchSize = atLeastOne("batchSize", batchSize);
      return this;
    }

    /** How many attempts this node runs at once; also the transport's connection limit. */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = atLeastOne("maxInFlight", maxInFlight);
      return this;
    }

    /**
     * How long a claim holds before another node may take the notification over; lengthened while a
     * known policy's timeout needs more.
     */
    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    /**
     * Where merchants' ALIPAY and WeChat Pay keys live; without it {@link #channelKeys()} is
     * refused.
     */
    public Builder channels(ChannelCredentialStore channels) {
      this.channels = channels;
      return this;
    }

    /** Where issued API tokens live; without it {@link #tokens()} is refused. */
    public Builder tokens(AccessTokenStore tokens) {
      this.tokens = tokens;
      return this;
    }

    /**
     * Where changes are audited, and how long entries are kept; without it {@link #audit()} is
     * refused.
     */
    public Builder audit(AuditLog audit, Duration retention) {
      this.audit = audit;
      this.auditRetention = retention;
      return this;
    }

    /**
     * The master key secrets are sealed under and the database's check of it; without them {@link
     * #masterKey()} is refused.
     */
    public Builder masterKey(MasterKey key, KeyCheck check) {
      this.keyRotation = new KeyRotation(check, key);
      return this;
    }

    /** Where payments and their status history live; without it {@link #payments()} is refused. */
    public Builder payments(PaymentStore payments) {
      this.payments = payments;
      return this;
    }

    /**
     * The longest the dispatcher sleeps when nothing is due; bounds how late a due attempt can
     * start.
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * How long the dispatcher may go without starting a pass before {@link Paynotify#healthy()}
     * says it is stuck.
     */
    public Builder stuckAfter(Duration stuckAfter) {
      this.stuckAfter = stuckAfter;
      return this;
    }

    /** Attempts at once per merchant host, also the transport's per-host connection limit. */
    public Builder maxPerHost(int maxPerHost) {
      this.maxPerHost = atLeastOne("maxPerHost", maxPerHost);
      return this;
    }

    /**
     * After {@code failureThreshold} failures in a row a host is backed off, from {@code
     * baseBackoff} doubling up to {@code maxBackoff}, without spending its notifications' attempts.
     */
    public Builder hostBackoff(int failureThreshold, Duration baseBackoff, Duration maxBackoff) {
      this.hostFailureThreshold = atLeastOne("hostFailureThreshold", failureThreshold);
      this.hostBaseBackoff = baseBackoff;
      this.hostMaxBackoff = maxBackoff;
      return this;
    }

    /** Builds the engine, its dispatcher not yet started. */
    public Paynotify build() {
      if (transport == null) {
        throw new IllegalStateException("transport: required, e.g. HttpClient5Transport::new");
      }
      return new Paynotify(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + ": " + value + " must be at least 1");
      }
      return value;
    }
  }

  /** Starts delivering in the background: the claim loop and the result writer. */
  public void start() {
    dispatcher.start();
  }

  /**
   * Stops claiming, lets attempts in flight finish and writes their results; {@link #start()} may
   * follow.
   */
  public void stop() {
    dispatcher.close();
  }

  /** Stops as {@link #stop()} does and closes the transport; the engine is done. */
  @Override
  public void close() {
    try {
      dispatcher.close();
    } finally {
      transport.close();
    }
  }

  /**
   * Claims one batch of due notifications, attempts each, writes the results and returns how many
   * were claimed; for tests on a settable clock, never mixed with {@link #start()}.
   */
  public int runOnce() {
    return dispatcher.runOnce();
  }

  /**
   * Whether delivery is running and its loop started a pass lately: false when stopped or stuck.
   */
  public boolean healthy() {
    return dispatcher.healthy();
  }

  /** Attempts in flight on this node. */
  public int inFlight() {
    return dispatcher.inFlight();
  }

  /** Register, change, disable merchants and rotate their webhook secrets. */
  public Merchants merchants() {
    return useCases.merchants;
  }

  /** List and define retry policies. */
  public Policies retryPolicies() {
    return useCases.policies;
  }

  /** Statistics over notifications and attempts, and the backlog. */
  public Reports reports() {
    return useCases.reports;
  }

  /**
   * Set, generate and rotate merchants' ALIPAY and WeChat Pay keys.
   *
   * @throws IllegalStateException if the builder was given no {@link Builder#channels store} for
   *     them
   */
  public ChannelKeys channelKeys() {
    return UseCases.given(useCases.channelKeys, "channels(ChannelCredentialStore)");
  }

  /** The signed callback a notification would send now, for its merchant's developers. */
  public Preview preview() {
    return useCases.preview;
  }

  /** Send a merchant a signed sample callback and see its answer; nothing is stored. */
  public TestNotifications testNotifications() {
    return useCases.testNotifications;
  }

  /**
   * Issue, list and revoke API tokens.
   *
   * @throws IllegalStateException if the builder was given no {@link Builder#tokens store} for them
   */
  public Tokens tokens() {
    return UseCases.given(useCases.tokens, "tokens(AccessTokenStore)");
  }

  /**
   * Read and purge the audit log, and record changes in it.
   *
   * @throws IllegalStateException if the builder was given no {@link Builder#audit audit log}
   */
  public Audit audit() {
    return UseCases.given(useCases.audit, "audit(AuditLog, Duration)");
  }

  /**
   * The master key's status and rotation.
   *
   * @throws IllegalStateException if the builder was given no {@link Builder#masterKey master key}
   */
  public KeyRotation masterKey() {
    return UseCases.given(useCases.keyRotation, "masterKey(MasterKey, KeyCheck)");
  }

  /**
   * Record payments and move their status, each notified move creating its notification.
   *
   * @throws IllegalStateException if the builder was given no {@link Builder#payments store} for
   *     them
   */
  public Payments payments() {
    return UseCases.given(payments, "payments(PaymentStore)");
  }

  /**
   * The create path for a payment's notifications: {@link #prepare} checks and builds as {@link
   * #create} does; the payment's store writes it in the move's own transaction, away from the group
   * commit of plain creates, and once committed it is announced as {@link #settle} does.
   */
  private final class Intake implements NotificationIntake {
    @Override
    public Notification prepare(NotificationRequest request) {
      return Paynotify.this.prepare(request);
    }

    @Override
    public void stored(Notification created) {
      listener.created(created);
      dispatcher.wakeUp();
    }
  }

  /** The use cases beside the notifications', built once from the builder's stores. */
  private static final class UseCases {
    final Merchants merchants;
    final Policies policies;
    final Reports reports;
    final Preview preview;
    final TestNotifications testNotifications;
    final @Nullable ChannelKeys channelKeys;
    final @Nullable Tokens tokens;
    final @Nullable Audit audit;
    final @Nullable KeyRotation keyRotation;

    UseCases(Builder b, RequestCheck check, Transport transport) {
      this.merchants = new Merchants(b.merchants, b.credentials, b.clock);
      this.policies = new Policies(b.policies, new Lease(b.lease));
      this.reports = new Reports(b.reporting, b.clock);
      this.preview = new Preview(b.queue, b.credentials, b.clock);
      this.testNotifications =
          new TestNotifications(b.merchants, b.credentials, preview, b.policies, check, transport);
      this.channelKeys =
          b.channels == null
              ? null
              : new ChannelKeys(b.merchants, b.channels, b.credentials, b.clock);
      this.tokens = b.tokens == null ? null : new Tokens(b.tokens, b.merchants, b.clock);
      this.audit =
          b.audit == null
              ? null
              : new Audit(b.audit, b.auditRetention, AuditPurge.DEFAULT_BATCH_SIZE, b.clock);
      this.keyRotation = b.keyRotation;
    }

    static <T> T given(@Nullable T useCase, String setting) {
      if (useCase == null) {
        throw new IllegalStateException("this Paynotify was built without " + setting);
      }
      return useCase;
    }
  }

  /** A notification with its attempts, oldest attempt first. */
  public record Details(Notification notification, List<Attempt> attempts) {}

  /**
   * Stores a new notification, due now, or returns the one already stored under the same merchant
   * and idempotency key. Concurrent creates share a transaction ({@link GroupCommit}); this returns
   * once this notification is committed. While delivery runs, a fresh one may come back DELIVERING:
   * leased to this node's dispatcher, which is already attempting it.
   *
   * @throws InvalidRequestException naming the field that is wrong
   * @throws ConflictException when the key is reused for a different request
   */
  public CreateOutcome create(NotificationRequest request) {
    var notification = prepare(request);
    return settle(notification, groupCommit.create(notification).orThrow());
  }

  /**
   * Creates each request as {@link #create} would, sharing transactions with each other and with
   * concurrent creates; one result per request, in order. A request that is invalid, conflicts or
   * is refused by the store fails alone ({@link CreateResult.Failed} with the exception {@link
   * #create} would have thrown); the others are created. Order is kept: once one failed with a
   * {@link StoreException} (the store is down), all after it fail with it, none written before it.
   */
  public List<CreateResult> createAll(List<NotificationRequest> requests) {
    var results = new CreateResult[requests.size()];
    var prepared = new ArrayList<Notification>();
    var positions = new ArrayList<Integer>();
    CreateResult.Failed down = null;
    for (int i = 0; i < requests.size(); i++) {
      if (down != null) {
        results[i] = down;
        continue;
      }
      try {
        prepared.add(prepare(requests.get(i)));
        positions.add(i);
      } catch (StoreException e) {
        // Those after are not written before this one can be repeated.
        down = new CreateResult.Failed(e);
        results[i] = down;
      } catch (RuntimeException e) {
        results[i] = new CreateResult.Failed(e);
      }
    }
    var written = groupCommit.createAll(prepared);
    for (int j = 0; j < written.size(); j++) {
      var notification = prepared.get(j);
      results[positions.get(j)] =
          switch (written.get(j)) {
            case CreateResult.Failed failed -> failed;
            case CreateResult.Done done -> {
              try {
                yield new CreateResult.Done(settle(notification, done.outcome()));
              } catch (ConflictException e) {
                yield new CreateResult.Failed(e);
              }
            }
          };
    }
    return List.of(results);
  }

  /** Checks a request and builds its notification, due now; nothing is stored yet. */
  private Notification prepare(NotificationRequest request) {
    check.fields(request); // first: nothing unchecked goes to the store, not even as a lookup key
    check.times(request, clock.instant());
    var headers = CallbackHeaders.check("headers", request.headers());
    var merchant =
        merchants
            .find(request.merchantId())
            .orElseThrow(
                () ->
                    InvalidRequestException.invalid(
                        "merchantId",
                        "unknown merchant " + InvalidRequestException.echo(request.merchantId())));
    if (merchant.status() != MerchantStatus.ACTIVE) {
      throw InvalidRequestException.invalid(
          "merchantId", "merchant '" + merchant.id() + "' is disabled");
    }
    check.channelCarries(request.channel(), request.paymentStatus());
    if (credentials.find(merchant.id(), request.channel(), clock.instant()).isEmpty()) {
      throw InvalidRequestException.invalid(
          "channel",
          "merchant '"
              + merchant.id()
              + "' has no "
              + request.channel()
              + " credentials to sign with");
    }
    check.notifyUrl(request.notifyUrl(), merchant);
    var policyName =
        request.retryPolicy() != null
            ? request.retryPolicy()
            : policies.defaultOf(request.channel());
    var policy =
        policies
            .find(policyName)
            .orElseThrow(
                () ->
                    InvalidRequestException.invalid(
                        "retryPolicy",
                        "unknown retry policy " + InvalidRequestException.echo(policyName)));
    var now = now();
    var key =
        request.idempotencyKey() != null
            ? request.idempotencyKey()
            : request.orderNo() + "|" + request.paymentStatus();
    var fingerprint = Fingerprint.of(request, policy.name());
    var refund =
        request.paymentStatus() == PaymentStatus.REFUNDED && request.refundAmount() == null
            ? request.amount()
            : request.refundAmount();
    return Notification.builder()
        .id(NotificationIds.next(now))
        .merchantId(request.merchantId())
        .channel(request.channel())
        .orderNo(request.orderNo())
        .transactionId(request.transactionId())
        .paymentStatus(request.paymentStatus())
        .amount(request.amount())
        .refundAmount(refund)
        .currency(request.currency())
        .notifyUrl(request.notifyUrl())
        .extra(request.extra())
        .retryPolicy(policy.name())
        .idempotencyKey(key)
        .fingerprint(fingerprint)
        .status(NotificationStatus.PENDING)
        .attempts(0)
        .maxAttempts(policy.maxAttempts())
        .nextAttemptAt(now)
        .createdAt(now)
        .updatedAt(now)
        .version(0)
        // Unsaid, the time that belongs to the status is when it was reported: now.
        .paidAt(
            request.paidAt() != null
                ? request.paidAt().truncatedTo(ChronoUnit.MILLIS)
                : request.paymentStatus() == PaymentStatus.SUCCESS ? now : null)
        .refundedAt(
            request.refundedAt() != null
                ? request.refundedAt().truncatedTo(ChronoUnit.MILLIS)
                : request.paymentStatus() == PaymentStatus.REFUNDED ? now : null)
        .headers(headers)
        .build();
  }

  /**
   * Tells the listener of a new notification and wakes the claim loop for one left PENDING (a
   * leased one is already with the dispatcher); an existing one must be the same request.
   *
   * @throws ConflictException when the key was used for a different request
   */
  private CreateOutcome settle(Notification asked, CreateOutcome outcome) {
    switch (outcome) {
      case CreateOutcome.Created created -> {
        listener.created(created.notification());
        if (created.notification().status() == NotificationStatus.PENDING) {
          dispatcher.wakeUp();
        }
      }
      case CreateOutcome.Existing existing -> {
        if (!existing.notification().fingerprint().equals(asked.fingerprint())) {
          throw new ConflictException(
              "idempotency key '"
                  + asked.idempotencyKey()
                  + "' of merchant '"
                  + asked.merchantId()
                  + "' was used for a different notification ("
                  + existing.notification().id()
                  + ")");
        }
      }
    }
    return outcome;
  }

  /**
   * Writes one group in one transaction where the store can, leasing fresh notifications to this
   * node's dispatcher within the room it grants, and hands the leased ones over once committed.
   */
  private List<CreateResult> write(List<Notification> group) {
    var offer = handoff.reserve(group.size());
    List<CreateResult> results;
    try {
      results = queue.createAll(group, offer);
    } catch (RuntimeException | Error e) {
      handoff.release(offer.room());
      throw e;
    }
    int leased = 0;
    for (var result : results) {
      if (result instanceof CreateResult.Done(CreateOutcome.Created(var created))
          && created.status() == NotificationStatus.DELIVERING) {
        leased++;
        handoff.deliver(created);
      }
    }
    handoff.release(offer.room() - leased);
    return results;
  }

  /**
   * @throws NotFoundException if there is no such notification
   */
  public Details get(String id) {
    var notification = queue.find(id).orElseThrow(() -> new NotFoundException("notification", id));
    return new Details(notification, reporting.findAttempts(id));
  }

  /** The notification without its attempts; empty if there is no such notification. */
  public Optional<Notification> find(String id) {
    return queue.find(id);
  }

  public Page<Notification> search(NotificationQuery query) {
    return reporting.search(query);
  }

  /**
   * The statuses, channels and error kinds clients build their menus from, with this engine's
   * channel defaults.
   */
  public Meta meta() {
    return Meta.of(policies);
  }

  /**
   * Makes a notification due now, also after it FAILED or was ABANDONED; one more attempt is
   * allowed past an exhausted schedule. One with an attempt in flight is returned as it is.
   *
   * @throws ConflictException if it SUCCEEDED
   */
  public Notification retry(String id) {
    var result = change(id, this::retryable);
    dispatcher.wakeUp();
    return result;
  }

  /**
   * Stops retrying a notification. Abandoning one already ABANDONED keeps the first reason.
   *
   * @throws ConflictException if it SUCCEEDED
   */
  public Notification abandon(String id, String reason) {
    if (reason == null || reason.isBlank()) {
      throw InvalidRequestException.missing("reason");
    }
    if (reason.length() > 500) {
      throw InvalidRequestException.invalid(
          "reason", "at most 500 characters, got " + reason.length());
    }
    return change(
        id,
        listener::abandoned,
        n ->
            switch (n.status()) {
              case SUCCEEDED ->
                  throw new ConflictException(
                      "notification " + id + " already SUCCEEDED; nothing to abandon");
              case ABANDONED -> n;
              case PENDING, DELIVERING, FAILED ->
                  n.toBuilder()
                      .status(NotificationStatus.ABANDONED)
                      .abandonReason(reason.strip())
                      .nextAttemptAt(null)
                      .leaseUntil(null)
                      .completedAt(now())
                      .updatedAt(now())
                      .build();
            });
  }

  /**
   * Retries each of the ids that can be retried; returns how many were. Unknown ids are skipped.
   */
  public int retryAll(List<String> ids) {
    int count = 0;
    for (var id : ids) {
      if (tryRetry(id)) {
        count++;
      }
    }
    if (count > 0) {
      dispatcher.wakeUp();
    }
    return count;
  }

  /**
   * Abandons each of the ids with one reason; returns how many were abandoned now. Unknown,
   * SUCCEEDED and already ABANDONED ids are skipped.
   */
  public int abandonAll(List<String> ids, String reason) {
    int count = 0;
    for (var id : ids) {
      try {
        var before = queue.find(id);
        if (before.isPresent() && before.get().status() != NotificationStatus.ABANDONED) {
          abandon(id, reason);
          count++;
        }
      } catch (ConflictException | NotFoundException e) {
        // Succeeded meanwhile, or purged: nothing left to abandon.
      }
    }
    return count;
  }

  /** Retries every retryable notification the query matches, up to {@value #MAX_BULK}. */
  public int retryMatching(NotificationQuery query) {
    var ids = new java.util.ArrayList<String>();
    var page = query.withPage(0);
    while (ids.size() < MAX_BULK) {
      var found = reporting.search(page);
      found.items().forEach(n -> ids.add(n.id()));
      if (found.items().size() < page.size()) {
        break;
      }
      page = page.withPage(page.page() + 1);
    }
    return retryAll(ids.size() > MAX_BULK ? ids.subList(0, MAX_BULK) : ids);
  }

  /** Retries one of a bulk; false when it cannot be, or when an attempt is already in flight. */
  private boolean tryRetry(String id) {
    try {
      var current = queue.find(id);
      if (current.isEmpty() || current.get().status() == NotificationStatus.DELIVERING) {
        return false;
      }
      change(id, this::retryable);
      return true;
    } catch (ConflictException | NotFoundException e) {
      return false;
    }
  }

  private Notification retryable(Notification n) {
    return switch (n.status()) {
      case SUCCEEDED ->
          throw new ConflictException(
              "notification " + n.id() + " already SUCCEEDED; it is not retried");
      // An attempt is being made right now: that is the retry asked for, and changing the row would
      // throw away its result.
      case DELIVERING -> n;
      case PENDING, FAILED, ABANDONED ->
          n.toBuilder()
              .status(NotificationStatus.PENDING)
              .nextAttemptAt(now())
              .maxAttempts(Math.max(n.maxAttempts(), n.attempts() + 1))
              .completedAt(null)
              .abandonReason(null)
              .updatedAt(now())
              .build();
    };
  }

  /** Applies a change with optimistic concurrency, re-reading when a dispatcher wrote first. */
  private Notification change(String id, UnaryOperator<Notification> change) {
    return change(id, written -> {}, change);
  }

  /**
   * As {@link #change(String, UnaryOperator)}, telling {@code afterWrite} when a change was stored.
   */
  private Notification change(
      String id, Consumer<Notification> afterWrite, UnaryOperator<Notification> change) {
    for (int tries = 0; tries < 5; tries++) {
      var current = queue.find(id).orElseThrow(() -> new NotFoundException("notification", id));
      var next = change.apply(current);
      if (next == current) {
        return current;
      }
      if (queue.apply(Transition.changed(current, next))) {
        var written = queue.find(id).orElse(next);
        afterWrite.accept(written);
        return written;
      }
    }
    throw new ConflictException("notification " + id + " is changing too fast; try again");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}

package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.channel.Channel;
import com.paynotify.delivery.MerchantCredentials;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.server.security.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/merchants/{id}/channels}: set, rotate and read a merchant's signing credentials per
 * channel. Answers show public parts only. A change signs from the next attempt on, on this node at
 * once and on the others within {@link MerchantCredentials#DEFAULT_CACHE_TTL}.
 */
@RestController
@RequestMapping("/api/v1/merchants/{id}/channels")
class MerchantChannelController {
  private static final Logger log = LoggerFactory.getLogger(MerchantChannelController.class);

  private final MerchantStore merchants;
  private final ChannelCredentialStore channels;
  private final MerchantCredentials credentials;
  private final InstantSource clock;
  private final AuditTrail audit;

  MerchantChannelController(MerchantStore merchants, ChannelCredentialStore channels, MerchantCredentials credentials,
      InstantSource clock, AuditTrail audit) {
    this.merchants = merchants;
    this.channels = channels;
    this.credentials = credentials;
    this.clock = clock;
    this.audit = audit;
  }

  /** Every channel the merchant can be notified on: always WEBHOOK, then those with credentials. */
  @GetMapping
  List<ChannelView> list(@PathVariable String id, HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    var merchant = merchant(id);
    var views = new ArrayList<ChannelView>();
    views.add(ChannelView.webhook(merchant, clock.instant()));
    channels.findAll(id).stream().map(ChannelView::of).forEach(views::add);
    return views;
  }

  @GetMapping("/{channel}")
  ChannelView get(@PathVariable String id, @PathVariable("channel") String channelName, HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    var merchant = merchant(id);
    var channel = channel(channelName);
    if (channel == Channel.WEBHOOK) {
      return ChannelView.webhook(merchant, clock.instant());
    }
    return channels.find(id, channel)
        .map(ChannelView::of)
        .orElseThrow(() -> new NotFoundException(channel + " credentials of merchant", id));
  }

  /**
   * Sets or replaces the credentials: 201 the first time, 200 after. Replacing a key is immediate:
   * these channels carry one signature, so there is no grace period.
   */
  @PutMapping("/{channel}")
  ResponseEntity<ChannelView> put(
      @PathVariable String id, @PathVariable("channel") String channelName, @RequestBody(required = false) @Nullable String body) {
    merchant(id);
    var channel = channel(channelName);
    var fields = JsonFields.of(body);
    var current = channel == Channel.WEBHOOK ? null : channels.find(id, channel).orElse(null);
    var changed = ChannelSettings.read(channel, fields, current == null ? null : current.credentials());
    var now = now();
    var stored = current == null ? new MerchantChannel(id, changed, now, now) : current.replacedBy(changed, now);
    channels.save(stored);
    credentials.evict(id);
    audit.record("merchant.credentials", id + "/" + channelName); // never the body: it holds private and shared keys
    log.info("Set {} credentials of merchant {}", channel, id);
    return ResponseEntity.status(current == null ? HttpStatus.CREATED : HttpStatus.OK).body(ChannelView.of(stored));
  }

  private Merchant merchant(String id) {
    return merchants.find(id).orElseThrow(() -> new NotFoundException("merchant", id));
  }

  private static Channel channel(String name) {
    try {
      return Channel.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid("channel", InvalidRequestException.echo(name) + " is not one of " + List.of(Channel.values()));
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}

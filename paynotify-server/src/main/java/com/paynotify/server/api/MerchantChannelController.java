package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.Paynotify;
import com.paynotify.channel.Channel;
import com.paynotify.merchant.ChannelKeys;
import com.paynotify.merchant.Merchants;
import com.paynotify.server.security.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/merchants/{id}/channels}: set, rotate and read a merchant's signing credentials
 * per channel. Answers show public parts only. A change signs from the next attempt on, on this
 * node at once and on the others within {@link
 * com.paynotify.delivery.MerchantCredentials#DEFAULT_CACHE_TTL}.
 */
@RestController
@RequestMapping("/api/v1/merchants/{id}/channels")
class MerchantChannelController {
  private final Merchants merchants;
  private final ChannelKeys keys;
  private final InstantSource clock;
  private final AuditTrail audit;

  MerchantChannelController(Paynotify paynotify, InstantSource clock, AuditTrail audit) {
    this.merchants = paynotify.merchants();
    this.keys = paynotify.channelKeys();
    this.clock = clock;
    this.audit = audit;
  }

  /** Every channel the merchant can be notified on: always WEBHOOK, then those with credentials. */
  @GetMapping
  List<ChannelView> list(@PathVariable String id, HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    var merchant = merchants.get(id);
    var views = new ArrayList<ChannelView>();
    views.add(ChannelView.webhook(merchant, clock.instant()));
    keys.all(id).stream().map(ChannelView::of).forEach(views::add);
    return views;
  }

  @GetMapping("/{channel}")
  ChannelView get(
      @PathVariable String id,
      @PathVariable("channel") String channelName,
      HttpServletRequest http) {
    CallerScope.of(http).requireVisibleMerchant(id);
    var merchant = merchants.get(id);
    var channel = channel(channelName);
    if (channel == Channel.WEBHOOK) {
      return ChannelView.webhook(merchant, clock.instant());
    }
    return ChannelView.of(keys.get(id, channel));
  }

  /**
   * Sets or replaces the credentials: 201 the first time, 200 after. Replacing a key is immediate:
   * these channels carry one signature, so there is no grace period.
   */
  @PutMapping("/{channel}")
  ResponseEntity<ChannelView> put(
      @PathVariable String id,
      @PathVariable("channel") String channelName,
      @RequestBody(required = false) @Nullable String body) {
    merchants.get(id);
    var channel = channel(channelName);
    var fields = JsonFields.of(body);
    fields.allowOnly(ChannelKeys.settingsOf(channel));
    var settings =
        new ChannelKeys.Settings(
            fields.optionalString("appId"),
            fields.optionalString("mchId"),
            fields.optionalString("signType"),
            fields.optionalString("privateKey"),
            fields.optionalString("publicKeyId"),
            fields.optionalString("apiV3Key"),
            fields.optionalString("apiKey"),
            fields.optionalBoolean("rotateKey"));
    var saved = keys.set(id, channel, settings);
    audit.record(
        "merchant.credentials",
        id + "/" + channelName); // never the body: it holds private and shared keys
    return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(ChannelView.of(saved.channel()));
  }

  private static Channel channel(String name) {
    try {
      return Channel.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.invalid(
          "channel",
          InvalidRequestException.echo(name) + " is not one of " + List.of(Channel.values()));
    }
  }
}

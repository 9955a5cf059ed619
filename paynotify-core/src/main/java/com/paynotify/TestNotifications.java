package com.paynotify;

import com.paynotify.channel.Callback;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.delivery.CredentialSource;
import com.paynotify.delivery.Exchange;
import com.paynotify.delivery.Outcome;
import com.paynotify.delivery.Preview;
import com.paynotify.delivery.Transport;
import com.paynotify.merchant.MerchantStore;
import com.paynotify.notification.Attempt;
import com.paynotify.notification.ErrorKind;
import com.paynotify.retry.RetryPolicies;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a merchant a {@linkplain Preview#sample sample callback} in a channel's format, signed with
 * its real keys, to a URL given, and reports the answer as an attempt would judge it: what a
 * merchant integrating asks for first. The URL passes the rules a notify URL passes (the merchant's
 * callback hosts, public addresses only), and the engine's transport dials it under the same
 * network policy. Nothing is stored, and the per-host backoff is neither asked nor changed, so a
 * test never delays real callbacks. Thread-safe.
 */
public final class TestNotifications {
  private static final Logger log = LoggerFactory.getLogger(TestNotifications.class);

  private final MerchantStore merchants;
  private final CredentialSource credentials;
  private final Preview preview;
  private final RetryPolicies policies;
  private final RequestCheck check;
  private final Transport transport;

  TestNotifications(
      MerchantStore merchants,
      CredentialSource credentials,
      Preview preview,
      RetryPolicies policies,
      RequestCheck check,
      Transport transport) {
    this.merchants = merchants;
    this.credentials = credentials;
    this.preview = preview;
    this.policies = policies;
    this.check = check;
    this.transport = transport;
  }

  /**
   * What was sent and how the merchant answered.
   *
   * @param callback the signed request as sent
   * @param httpStatus null when no answer came
   * @param response the start of the answer's body, at most {@value Attempt#MAX_RESPONSE_CHARS}
   *     characters; null when no answer came
   * @param acknowledged whether a real attempt would have counted this answer as the
   *     acknowledgement
   * @param errorKind why not, when not acknowledged
   * @param reason in a few words, when not acknowledged
   */
  public record Result(
      String url,
      Channel channel,
      Callback callback,
      @Nullable Integer httpStatus,
      @Nullable String response,
      Duration duration,
      boolean acknowledged,
      @Nullable ErrorKind errorKind,
      @Nullable String reason) {}

  /**
   * Signs a sample paid order for the merchant on {@code channel} and POSTs it to {@code url},
   * waiting at most the timeout of the channel's default policy.
   *
   * @throws NotFoundException if there is no such merchant
   * @throws InvalidRequestException naming {@code url} when a callback may not go there, or {@code
   *     channel} when the merchant has no keys for it
   */
  public Result send(String merchantId, Channel channel, String url) {
    var merchant =
        merchants.find(merchantId).orElseThrow(() -> new NotFoundException("merchant", merchantId));
    check.callbackUrl("url", url, merchant);
    Preview.Sample signed;
    try {
      signed = preview.sample(merchant.id(), channel, url);
    } catch (NotFoundException e) {
      throw InvalidRequestException.invalid(
          "channel",
          "merchant '" + merchant.id() + "' has no " + channel + " credentials to sign with");
    }
    var timeout = policies.find(policies.defaultOf(channel)).orElseThrow().timeout();
    var exchange = exchange(URI.create(url), signed.callback(), timeout);
    var outcome =
        Outcome.of(
            exchange, ChannelFormat.of(channel), credentials.ackRule(merchant.id(), channel));
    var answered = exchange instanceof Exchange.Answered a ? a : null;
    var rejected = outcome instanceof Outcome.Rejected r ? r : null;
    return new Result(
        url,
        channel,
        signed.shown(),
        answered == null ? null : answered.status(),
        answered == null ? null : Attempt.truncate(answered.body()),
        exchange.duration(),
        rejected == null,
        rejected == null ? null : rejected.kind(),
        rejected == null ? null : rejected.reason());
  }

  private Exchange exchange(URI url, Callback callback, Duration timeout) {
    try {
      return transport.send(url, callback, timeout);
    } catch (RuntimeException e) {
      log.error("Could not send a test notification to {}", url.getHost(), e);
      return new Exchange.Failed(ErrorKind.INTERNAL, e.getClass().getSimpleName(), Duration.ZERO);
    }
  }
}

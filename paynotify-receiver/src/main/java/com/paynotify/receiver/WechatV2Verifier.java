package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import com.paynotify.channel.InvalidCallbackException;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import java.time.InstantSource;

/**
 * Verifies a {@link Channel#WECHAT_V2} payment notification: XML read with DTDs and external
 * entities refused, {@code return_code} SUCCESS, and the {@code sign} (MD5 or HMAC-SHA256, the
 * keys' sign type) by any configured API key (several during a rotation). The format carries no
 * timestamp, so there is no tolerance. Thread-safe.
 *
 * <p><b>Dedup key:</b> WeChat Pay v2 has no notification id, so the key is {@code transaction_id} +
 * {@code result_code}, as WeChat Pay repeats them on every retry. Paynotify's v2 callbacks also
 * carry a signed {@code notify_id}, but it is used only when {@code transaction_id} is absent (an
 * event Paynotify sent without a transaction id): keying genuine WeChat callbacks and Paynotify's
 * the same way means a merchant that moves between them never runs a handler twice.
 */
public final class WechatV2Verifier implements CallbackVerifier {
  private final ChannelVerification verification;

  private WechatV2Verifier(VerificationKeys.WechatV2 keys, InstantSource clock) {
    this.verification = ChannelVerification.untimed(keys, clock);
  }

  /**
   * A verifier of WeChat Pay v2 callbacks signed with any of {@code keys.apiKeys()}. The clock goes
   * to the format, which checks no time for this channel today.
   */
  public static WechatV2Verifier of(VerificationKeys.WechatV2 keys, InstantSource clock) {
    return new WechatV2Verifier(keys, clock);
  }

  @Override
  public Channel channel() {
    return Channel.WECHAT_V2;
  }

  @Override
  public ReceivedNotification verify(ReceivedCallback callback) {
    var event = verification.verify(callback);
    var transactionId = event.rawFields().get("transaction_id");
    var notifyId = event.rawFields().get("notify_id");
    String dedupKey;
    if (transactionId != null && !transactionId.isBlank()) {
      dedupKey = DedupKeys.wechatV2(transactionId.trim(), event.rawFields().get("result_code"));
    } else if (notifyId != null && !notifyId.isBlank()) {
      dedupKey = DedupKeys.wechatV2NotifyId(notifyId.trim());
    } else {
      throw new InvalidCallbackException(
          InvalidCallbackException.Check.MALFORMED,
          "field transaction_id is missing and there is no notify_id to deduplicate on");
    }
    return ReceivedNotification.of(event, dedupKey);
  }

  @Override
  public String toString() {
    return "WechatV2Verifier[" + verification + "]";
  }
}

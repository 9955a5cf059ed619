package com.paynotify.receiver;

import com.paynotify.channel.Channel;
import java.util.Map;

/**
 * TEST ONLY, checks no signature: reads a WeChat v3-shaped delivery from a {@code test-id} header
 * and an {@code orderNo,amountInFen} body, so the process-once tests can use WeChat's dedup key and
 * acknowledgements before the channel module's v3 verifier exists.
 */
final class UnsignedWechatV3Verifier implements CallbackVerifier {

  static ReceivedCallback delivery(String id, String orderNo, long fen) {
    return new ReceivedCallback(
        Map.of("test-id", id), (orderNo + "," + fen).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public Channel channel() {
    return Channel.WECHAT_V3;
  }

  @Override
  public ReceivedNotification verify(ReceivedCallback callback) {
    var parts = callback.bodyText().split(",");
    return ChannelNotifications.wechatV3(
        callback.header("test-id").orElseThrow(),
        Map.of(
            "out_trade_no", parts[0],
            "transaction_id", "42000" + parts[0],
            "trade_state", "SUCCESS",
            "amount", Map.of("total", Long.parseLong(parts[1]), "currency", "CNY")));
  }
}

package com.paynotify.receiver;

import com.alipay.api.internal.util.AlipaySignature;
import com.github.wxpay.sdk.WXPayConstants;
import com.github.wxpay.sdk.WXPayUtil;
import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WechatV2Credentials;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import com.wechat.pay.java.core.cipher.RSASigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Callbacks signed by the official SDKs' own signing code, as Alipay and WeChat Pay send them, and
 * the keys they are signed with. Nothing here comes from {@code paynotify-channel}'s signing code.
 */
final class OfficialSdk {
  /** Stands in for Alipay's or WeChat Pay's platform key: RSA-2048 generation is slow, so once. */
  static final KeyPair PLATFORM = RsaKeys.generate();

  /** Someone else's key: what a forger or a misconfigured merchant has. */
  static final KeyPair OTHER = RsaKeys.generate();

  static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0114232134912410000000000000";
  static final String APIV3_KEY = "0123456789abcdefABCDEF0123456789";
  static final String OTHER_APIV3_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBA987654";
  static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";
  static final String OTHER_V2_API_KEY = "ffffffff0b4c09247ec02edce69f6a2d";

  private OfficialSdk() {}

  // ---- Alipay: AlipaySignature.rsa256Sign / rsaSign over getSignCheckContentV1 ----

  /** The parameters of an Alipay payment notification, unsigned. */
  static Map<String, String> alipayPayment(String notifyId, String orderNo, String amount) {
    var params = new LinkedHashMap<String, String>();
    params.put("notify_time", "2026-11-23 18:00:05");
    params.put("notify_type", "trade_status_sync");
    params.put("notify_id", notifyId);
    params.put("app_id", "2021000000000001");
    params.put("charset", "utf-8");
    params.put("version", "1.0");
    params.put("trade_no", "2026112322001400000000" + Math.abs(orderNo.hashCode()));
    params.put("out_trade_no", orderNo);
    params.put("trade_status", "TRADE_SUCCESS");
    params.put("total_amount", amount);
    params.put("subject", "咖啡 & tea=1+1");
    return params;
  }

  /** The params signed by the SDK with {@code key}, as a form body. */
  static ReceivedCallback alipay(
      Map<String, String> unsigned, AlipayCredentials.SignType signType, PrivateKey key) {
    return alipayForm(alipaySigned(unsigned, signType, key));
  }

  static Map<String, String> alipaySigned(
      Map<String, String> unsigned, AlipayCredentials.SignType signType, PrivateKey key) {
    var params = new LinkedHashMap<>(unsigned);
    var content = AlipaySignature.getSignCheckContentV1(new HashMap<>(params));
    var privateKey = RsaKeys.privateKeyBase64(key);
    try {
      params.put("sign_type", signType.name());
      params.put(
          "sign",
          signType == AlipayCredentials.SignType.RSA2
              ? AlipaySignature.rsa256Sign(content, privateKey, "UTF-8")
              : AlipaySignature.rsaSign(content, privateKey, "UTF-8"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return params;
  }

  static ReceivedCallback alipayForm(Map<String, String> params) {
    var body =
        params.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return new ReceivedCallback(
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- WeChat Pay v3: AeadAesCipher encrypts the resource, RSASigner signs the headers ----

  /** A decrypted payment ({@code transaction}) resource. */
  static String wechatTransaction(String orderNo, long fen) {
    return """
        {"appid":"wxd678efh567hg6787","mchid":"1230000109","out_trade_no":"%s",\
        "transaction_id":"42000%s","trade_type":"JSAPI","trade_state":"SUCCESS",\
        "trade_state_desc":"支付成功","bank_type":"CMC","attach":"a & b",\
        "success_time":"2026-11-23T18:00:00+08:00","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},\
        "amount":{"total":%d,"payer_total":%d,"currency":"CNY","payer_currency":"CNY"}}"""
        .formatted(orderNo, Math.abs(orderNo.hashCode()), fen, fen);
  }

  /** The envelope body with {@code resource} encrypted under {@code apiV3Key}. */
  static String wechatV3Body(String id, String transaction, String apiV3Key) {
    var nonce = WXPayUtil.generateNonceStr().substring(0, 12);
    var ciphertext =
        new AeadAesCipher(apiV3Key.getBytes(StandardCharsets.UTF_8))
            .encrypt(
                "transaction".getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8),
                transaction.getBytes(StandardCharsets.UTF_8));
    return """
        {"id":"%s","create_time":"2026-11-23T18:00:00+08:00","resource_type":"encrypt-resource",\
        "event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction",\
        "algorithm":"AEAD_AES_256_GCM","ciphertext":"%s","associated_data":"transaction","nonce":"%s"}}"""
        .formatted(id, ciphertext, nonce);
  }

  /** The WeChat Pay v3 headers signing {@code body} at {@code timestamp} with {@code key}. */
  static Map<String, String> wechatV3Headers(String body, Instant timestamp, PrivateKey key) {
    var seconds = Long.toString(timestamp.getEpochSecond());
    var nonce = WXPayUtil.generateNonceStr();
    var signature =
        new RSASigner(PUBLIC_KEY_ID, key)
            .sign(seconds + "\n" + nonce + "\n" + body + "\n")
            .getSign();
    var headers = new LinkedHashMap<String, String>();
    headers.put("Wechatpay-Timestamp", seconds);
    headers.put("Wechatpay-Nonce", nonce);
    headers.put("Wechatpay-Signature", signature);
    headers.put("Wechatpay-Serial", PUBLIC_KEY_ID);
    headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
    headers.put("Content-Type", "application/json");
    return headers;
  }

  /** A payment notification encrypted and signed as WeChat Pay does, at {@code timestamp}. */
  static ReceivedCallback wechatV3(String id, String orderNo, long fen, Instant timestamp) {
    var body = wechatV3Body(id, wechatTransaction(orderNo, fen), APIV3_KEY);
    return new ReceivedCallback(
        wechatV3Headers(body, timestamp, PLATFORM.getPrivate()),
        body.getBytes(StandardCharsets.UTF_8));
  }

  // ---- WeChat Pay v2: WXPayUtil.generateSignedXml (MD5 or HMAC-SHA256) ----

  /** The fields of a genuine v2 payment result notification: no notify id. */
  static Map<String, String> wechatV2Payment(String transactionId, String orderNo, long fen) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("return_code", "SUCCESS");
    fields.put("appid", "wx2421b1c4370ec43b");
    fields.put("mch_id", "10000100");
    fields.put("nonce_str", WXPayUtil.generateNonceStr());
    fields.put("result_code", "SUCCESS");
    fields.put("openid", "oUpF8uMEb4qRXf22hE3X68TekukE");
    fields.put("trade_type", "JSAPI");
    fields.put("bank_type", "CFT");
    fields.put("total_fee", Long.toString(fen));
    fields.put("fee_type", "CNY");
    fields.put("cash_fee", Long.toString(fen));
    fields.put("transaction_id", transactionId);
    fields.put("out_trade_no", orderNo);
    fields.put("attach", "充值 & 优惠");
    fields.put("time_end", "20261123180000");
    return fields;
  }

  /** The XML the SDK signs, with {@code sign_type} named as WeChat does for HMAC-SHA256. */
  static String wechatV2Xml(
      Map<String, String> fields, String apiKey, WechatV2Credentials.SignType signType) {
    var signed = new LinkedHashMap<>(fields);
    if (signType == WechatV2Credentials.SignType.HMAC_SHA256) {
      signed.put("sign_type", WXPayConstants.HMACSHA256);
    }
    try {
      return WXPayUtil.generateSignedXml(
          signed,
          apiKey,
          signType == WechatV2Credentials.SignType.MD5
              ? WXPayConstants.SignType.MD5
              : WXPayConstants.SignType.HMACSHA256);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ReceivedCallback wechatV2(
      Map<String, String> fields, String apiKey, WechatV2Credentials.SignType signType) {
    return xml(wechatV2Xml(fields, apiKey, signType));
  }

  static ReceivedCallback xml(String xml) {
    return new ReceivedCallback(
        Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}

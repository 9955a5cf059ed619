package com.paynotify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.AlipayCredentials;
import com.paynotify.channel.Channel;
import com.paynotify.channel.RsaKeys;
import com.paynotify.channel.WebhookCredentials;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.merchant.ChannelCredentialStore;
import com.paynotify.merchant.Merchant;
import com.paynotify.merchant.MerchantChannel;
import com.paynotify.merchant.MerchantStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MerchantCredentialsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AlipayCredentials ALIPAY =
      new AlipayCredentials(
          "2021000000000001", RsaKeys.generate().getPrivate(), AlipayCredentials.SignType.RSA2);

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = () -> now.get();
  private final Merchant shop = Merchant.register("shop", "Shop", List.of(), T0);
  private final Channels channels = new Channels();
  private final MerchantCredentials credentials =
      new MerchantCredentials(new OneMerchant(shop), channels, clock, Duration.ofSeconds(5));

  /** Credentials in memory. */
  static final class Channels implements ChannelCredentialStore {
    final Map<Channel, MerchantChannel> stored = new ConcurrentHashMap<>();

    @Override
    public void save(MerchantChannel credentials) {
      stored.put(credentials.channel(), credentials);
    }

    @Override
    public Optional<MerchantChannel> find(String merchantId, Channel channel) {
      return Optional.ofNullable(stored.get(channel))
          .filter(c -> c.merchantId().equals(merchantId));
    }

    @Override
    public List<MerchantChannel> findAll(String merchantId) {
      return List.copyOf(stored.values());
    }
  }

  record OneMerchant(Merchant merchant) implements MerchantStore {
    @Override
    public void create(Merchant m) {}

    @Override
    public void update(Merchant m) {}

    @Override
    public Optional<Merchant> find(String id) {
      return Optional.of(merchant).filter(m -> m.id().equals(id));
    }

    @Override
    public List<Merchant> findAll() {
      return List.of(merchant);
    }

    @Override
    public List<Merchant> findPage(@org.jspecify.annotations.Nullable String afterId, int limit) {
      return afterId == null ? List.of(merchant) : List.of();
    }
  }

  @Test
  void findsTheCredentialsOfEachChannelWhereTheyLive() {
    channels.save(new MerchantChannel("shop", ALIPAY, T0, T0));

    var webhook = credentials.find("shop", Channel.WEBHOOK, T0);
    var alipay = credentials.find("shop", Channel.ALIPAY, T0);
    var v3 = credentials.find("shop", Channel.WECHAT_V3, T0);

    assertThat(webhook).get().isInstanceOf(WebhookCredentials.class);
    assertThat(alipay).contains(ALIPAY);
    assertThat(v3).isEmpty();
    assertThat(credentials.find("nobody", Channel.ALIPAY, T0)).isEmpty();
  }

  @Test
  void seesARotatedKeyAtOnceWhenEvictedAndOtherwiseWhenTheCacheExpires() {
    channels.save(new MerchantChannel("shop", ALIPAY, T0, T0));
    credentials.find("shop", Channel.ALIPAY, T0);
    var rotated =
        new AlipayCredentials(
            "2021000000000001", RsaKeys.generate().getPrivate(), AlipayCredentials.SignType.RSA2);
    channels.save(new MerchantChannel("shop", rotated, T0, T0.plusSeconds(1)));

    var withinTtl = credentials.find("shop", Channel.ALIPAY, T0.plusSeconds(1));
    now.set(T0.plusSeconds(6));
    var afterTtl = credentials.find("shop", Channel.ALIPAY, T0.plusSeconds(6));
    var v2 =
        new WechatV2Credentials(
            "wx1",
            "10000100",
            "192006250b4c09247ec02edce69f6a2d",
            WechatV2Credentials.SignType.MD5);
    credentials.find("shop", Channel.WECHAT_V2, now.get());
    channels.save(new MerchantChannel("shop", v2, T0, now.get()));
    credentials.evict("shop");
    var afterEviction = credentials.find("shop", Channel.WECHAT_V2, now.get());

    assertThat(withinTtl).contains(ALIPAY);
    assertThat(afterTtl).contains(rotated);
    assertThat(afterEviction).contains(v2);
  }
}

package com.paynotify.merchant;

import com.paynotify.channel.Channel;
import java.util.List;
import java.util.Optional;

/**
 * Where merchants' {@code ALIPAY}, {@code WECHAT_V3} and {@code WECHAT_V2} credentials live, at
 * most one set per merchant and channel. Implementations keep private and shared keys encrypted.
 * Thread-safe.
 */
public interface ChannelCredentialStore {

  /**
   * Stores the credentials, replacing any the merchant had for that channel.
   *
   * @throws com.paynotify.NotFoundException if the merchant does not exist
   */
  void save(MerchantChannel credentials);

  Optional<MerchantChannel> find(String merchantId, Channel channel);

  /** Every channel the merchant has credentials for, in {@link Channel} order. */
  List<MerchantChannel> findAll(String merchantId);
}

package com.paynotify.merchant;

/** Whether a merchant may be sent notifications. */
public enum MerchantStatus {
  ACTIVE,
  DISABLED
}

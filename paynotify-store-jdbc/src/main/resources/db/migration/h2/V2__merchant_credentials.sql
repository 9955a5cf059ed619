-- Signing credentials of the ALIPAY, WECHAT_V3 and WECHAT_V2 channels, one row per merchant and
-- channel. private_key and shared_key, like the merchant's webhook secrets from now on, hold
-- AES-256-GCM sealed text ("enc1:" + base64), never a key in plaintext.

ALTER TABLE merchant ALTER COLUMN webhook_secret SET DATA TYPE VARCHAR(512);
ALTER TABLE merchant ALTER COLUMN previous_secret SET DATA TYPE VARCHAR(512);

CREATE TABLE merchant_credential (
  merchant_id   VARCHAR(64)  NOT NULL REFERENCES merchant (id),
  channel       VARCHAR(16)  NOT NULL,
  app_id        VARCHAR(64)  NOT NULL,
  mch_id        VARCHAR(64),
  sign_type     VARCHAR(16),
  public_key_id VARCHAR(128),
  private_key   CLOB,
  shared_key    VARCHAR(512),
  created_at    TIMESTAMP(3) NOT NULL,
  updated_at    TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (merchant_id, channel)
);

-- Signing credentials of the ALIPAY, WECHAT_V3 and WECHAT_V2 channels, one row per merchant and
-- channel. private_key and shared_key, like the merchant's webhook secrets from now on, hold
-- AES-256-GCM sealed text ("enc1:" + base64), never a key in plaintext.

ALTER TABLE merchant MODIFY webhook_secret VARCHAR(512) NOT NULL;
ALTER TABLE merchant MODIFY previous_secret VARCHAR(512);

CREATE TABLE merchant_credential (
  merchant_id   VARCHAR(64)  NOT NULL,
  channel       VARCHAR(16)  NOT NULL,
  app_id        VARCHAR(64)  NOT NULL,
  mch_id        VARCHAR(64),
  sign_type     VARCHAR(16),
  public_key_id VARCHAR(128),
  private_key   TEXT,
  shared_key    VARCHAR(512),
  created_at    DATETIME(3)  NOT NULL,
  updated_at    DATETIME(3)  NOT NULL,
  PRIMARY KEY (merchant_id, channel),
  CONSTRAINT fk_merchant_credential_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The key check: a constant sealed under the master key by the first node that starts on this
-- database ("enc2:" + key id + ":" + base64). A node whose key does not open it refuses to start.
-- id is always 1, so of two nodes writing the first check at once, the second insert conflicts.

CREATE TABLE master_key_check (
  id     INT          NOT NULL PRIMARY KEY,
  sealed VARCHAR(512) NOT NULL,
  CONSTRAINT ck_master_key_check_single CHECK (id = 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row that every create of notifications locks first, until it commits, so that two creates
-- never run their per-order check at the same time: each would miss the other's uncommitted
-- notification of the same order, and both would lease it at insert and send them at once.
-- PostgreSQL locks each order instead (transaction advisory locks) and needs no table.

CREATE TABLE lease_lock (
  id SMALLINT NOT NULL PRIMARY KEY
) ENGINE = InnoDB;

INSERT INTO lease_lock (id) VALUES (1);

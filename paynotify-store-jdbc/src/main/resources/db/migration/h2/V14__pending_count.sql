-- How many notifications are PENDING, as counters beside them, so the backlog's scheduled count
-- (PENDING, due later) is the counters' sum minus those due now, instead of a count of every waiting
-- notification. Each transaction that changes the number adds to one of 8 slots (claims to 0-3,
-- every other writer to 4-7) so concurrent writers do not all queue on one row; readers add them up.
-- All 8 rows exist from here on; the existing PENDING notifications are counted into slot 0.

CREATE TABLE pending_count (
  slot    SMALLINT NOT NULL PRIMARY KEY,
  pending BIGINT   NOT NULL
);

INSERT INTO pending_count (slot, pending) SELECT 0, COUNT(*) FROM notification WHERE status = 'PENDING';
INSERT INTO pending_count (slot, pending) VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);

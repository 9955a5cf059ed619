-- Fewer index entries per write, and gauges that read active rows only. A notification is written
-- three times (created, claimed, its result); every update changes due_at or status, so none is
-- HOT, and each row version gets an entry in every index whose predicate it meets. So:
--  * ix_notification_due holds active rows only (an ended row has no due_at) and their status:
--    the claim is a range scan of it, and the due, scheduled and oldest gauges are index-only
--    scans over active rows, however many ended rows the table keeps;
--  * ix_notification_completed holds ended rows only, for the purge and the series of endings;
--  * the two status indexes leave SUCCEEDED out, nearly every row of the table: they serve the
--    delivering and active gauges and searches for any other status, and a notification's last
--    write, its success, adds nothing to them. A search for SUCCEEDED reads the newest rows of
--    ix_notification_created, or of ix_notification_merchant_created_seq, which carries the status
--    so that a merchant's count by status reads the index alone;
--  * ix_notification_order (merchant_id, order_no, seq) goes: the per-order check reads by order
--    number alone, through ix_notification_order_no, as the order-number search does.
-- The queries meet the predicates as written: due_at <= ?, due_at > ? and completed_at < ? each
-- imply IS NOT NULL, with a bound parameter too, and the search writes its status as a literal,
-- since a generic plan cannot prove that a bound parameter meets a partial index's predicate.

-- The due index relies on due_at being set exactly while a notification is active, as the store
-- has always written it; rows that say otherwise are put right first.
UPDATE notification SET due_at = NULL
WHERE status NOT IN ('PENDING', 'DELIVERING') AND due_at IS NOT NULL;
UPDATE notification SET due_at = COALESCE(next_attempt_at, created_at)
WHERE status = 'PENDING' AND due_at IS NULL;
UPDATE notification SET due_at = COALESCE(lease_until, updated_at)
WHERE status = 'DELIVERING' AND due_at IS NULL;

DROP INDEX ix_notification_order;

DROP INDEX ix_notification_due;
CREATE INDEX ix_notification_due ON notification (due_at, status) WHERE due_at IS NOT NULL;

DROP INDEX ix_notification_status_created_seq;
CREATE INDEX ix_notification_status_created_seq ON notification (status, created_at, seq)
WHERE status IN ('PENDING', 'DELIVERING', 'FAILED', 'ABANDONED');

DROP INDEX ix_notification_merchant_status_created;
CREATE INDEX ix_notification_merchant_status_created ON notification (merchant_id, status, created_at, seq)
WHERE status IN ('PENDING', 'DELIVERING', 'FAILED', 'ABANDONED');

DROP INDEX ix_notification_merchant_created_seq;
CREATE INDEX ix_notification_merchant_created_seq ON notification (merchant_id, created_at, seq) INCLUDE (status);

DROP INDEX ix_notification_completed;
CREATE INDEX ix_notification_completed ON notification (completed_at) WHERE completed_at IS NOT NULL;

-- What answer acknowledges a merchant's WEBHOOK callbacks: ANY_2XX (every merchant so far),
-- BODY_EQUALS (ack_value is the body) or JSON_FIELD (ack_field in the JSON body equals ack_value).

ALTER TABLE merchant ADD COLUMN ack_rule VARCHAR(16) DEFAULT 'ANY_2XX' NOT NULL;
ALTER TABLE merchant ADD COLUMN ack_field VARCHAR(64);
ALTER TABLE merchant ADD COLUMN ack_value VARCHAR(100);

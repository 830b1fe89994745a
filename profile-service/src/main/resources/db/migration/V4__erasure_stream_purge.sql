-- Erasure reaches the streams (issue 17): each erasure row also names the subject tokens under which NATS holds the
-- customer's messages (PROFILE_EVENTS profile.events.{tenant}.{token}.>: its id, and for the erased customer the
-- hashed token of each of its emails, never an email), collected before its rows are deleted. After the erasure
-- commits, those subjects and profile.changed.{tenant}.{customer_id} are purged, retried like the announcement until
-- purged_at is set. Rows of earlier erasures are purged by their id on the first run.
ALTER TABLE erasures ADD COLUMN stream_tokens text[] NOT NULL DEFAULT '{}';
ALTER TABLE erasures ADD COLUMN purged_at timestamptz;

CREATE INDEX erasures_unpurged ON erasures (erased_at) WHERE purged_at IS NULL;

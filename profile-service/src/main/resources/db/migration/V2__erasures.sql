-- Erasures as an outbox: the row is written in the transaction that deletes the customer, and customer.erased is
-- published from it until JetStream has stored it, so no other service misses an erasure.
CREATE TABLE erasures (
    tenant       text        NOT NULL,
    customer_id  text        NOT NULL,
    erased_at    timestamptz NOT NULL DEFAULT now(),
    erased_by    text        NOT NULL,
    published_at timestamptz,
    PRIMARY KEY (tenant, customer_id, erased_at)
);

CREATE INDEX erasures_unpublished ON erasures (erased_at) WHERE published_at IS NULL;

-- Parked events name their customer when it can be read, so an erasure removes them too.
ALTER TABLE parked_events ADD COLUMN customer_id text;
CREATE INDEX parked_events_customer ON parked_events (tenant, customer_id);

-- Every skill trigger the aggregator decided to fire, once per dedup key (the cause): the unique key is what makes a
-- redelivered profile.changed or a second view of the same state fire nothing new. published_at stays null until
-- JetStream stored the message; a sweeper publishes what a crash or an outage left behind (an outbox), by the time it
-- was recorded (occurred_at is the time of its cause, which may be long past).

CREATE TABLE skill_triggers (
    tenant             text        NOT NULL,
    dedup_key          text        NOT NULL,
    customer_id        text        NOT NULL,
    skill              text        NOT NULL,
    cause              text        NOT NULL,
    evidence_event_ids text[]      NOT NULL,
    occurred_at        timestamptz NOT NULL,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    published_at       timestamptz,
    PRIMARY KEY (tenant, dedup_key)
);

CREATE INDEX skill_triggers_by_customer ON skill_triggers (tenant, customer_id, occurred_at DESC);
CREATE INDEX skill_triggers_unpublished ON skill_triggers (recorded_at) WHERE published_at IS NULL;

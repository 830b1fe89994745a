-- Daily health history per customer (trend and delta), the last exit state and health band per customer with what was
-- last published to NATS, and the recommended actions still open (so a recommendation keeps its dates).

CREATE TABLE health_history (
    tenant      text    NOT NULL,
    customer_id text    NOT NULL,
    day         date    NOT NULL,
    overall     integer NOT NULL,
    usage       integer,
    engagement  integer,
    support     integer,
    commercial  integer,
    outcome     integer,
    PRIMARY KEY (tenant, customer_id, day)
);

CREATE TABLE account_states (
    tenant          text        NOT NULL,
    customer_id     text        NOT NULL,
    exit_state      text,
    health_score    integer,
    health_band     text,
    published_state text,
    published_band  text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, customer_id)
);

CREATE TABLE open_actions (
    tenant      text NOT NULL,
    customer_id text NOT NULL,
    action_key  text NOT NULL,
    open_since  date NOT NULL,
    due_date    date NOT NULL,
    PRIMARY KEY (tenant, customer_id, action_key)
);

-- The audit says which agent asked, for what stated purpose, over which channel, and what was withheld.
ALTER TABLE access_audit ADD COLUMN agent text;
ALTER TABLE access_audit ADD COLUMN purpose text;
ALTER TABLE access_audit RENAME COLUMN view TO channel;
ALTER TABLE access_audit ADD COLUMN redactions text;
CREATE INDEX access_audit_by_tenant_time ON access_audit (tenant, accessed_at DESC, id DESC);

-- Events that were not accepted, kept with their reason and payload so nothing is lost.
CREATE TABLE dead_letters (
    id                uuid PRIMARY KEY,
    tenant            text        NOT NULL,
    -- one row per delivery source (stream sequence or HTTP request item): redelivery stores nothing twice
    delivery_key      text        NOT NULL UNIQUE,
    origin            text        NOT NULL,
    event_id          text,
    reason            text        NOT NULL,
    detail            text        NOT NULL,
    violations        jsonb       NOT NULL DEFAULT '[]',
    payload           text        NOT NULL,
    payload_truncated boolean     NOT NULL DEFAULT false,
    received_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dead_letters_tenant_received ON dead_letters (tenant, received_at DESC, id DESC);

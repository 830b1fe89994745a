-- The customer store. Every row carries its tenant; every key starts with it.

CREATE TABLE customers (
    tenant              text          NOT NULL,
    id                  text          NOT NULL,
    name                text,
    email               text,
    phone               text,
    company             text,
    status              text          NOT NULL DEFAULT 'active',
    customer_since      timestamptz   NOT NULL,
    lifetime_value      numeric(14,2) NOT NULL DEFAULT 0,
    -- event time of the newest event that set identity fields: older events never overwrite newer ones
    identity_updated_at timestamptz   NOT NULL,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, id)
);

-- email (lower-case) or external id -> customer
CREATE TABLE customer_identities (
    tenant      text NOT NULL,
    kind        text NOT NULL,
    value       text NOT NULL,
    customer_id text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, kind, value),
    FOREIGN KEY (tenant, customer_id) REFERENCES customers (tenant, id) ON DELETE CASCADE
);

CREATE TABLE timeline_events (
    tenant         text        NOT NULL,
    event_id       text        NOT NULL,
    customer_id    text        NOT NULL,
    event_type     text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    title          text,
    description    text,
    summary        text,
    amount         numeric(14,2),
    status         text,
    source_service text        NOT NULL,
    data           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL,
    received_at    timestamptz NOT NULL,
    stored_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, event_id),
    FOREIGN KEY (tenant, customer_id) REFERENCES customers (tenant, id) ON DELETE CASCADE
);

CREATE INDEX timeline_by_customer ON timeline_events (tenant, customer_id, occurred_at DESC, event_id DESC);

CREATE TABLE purchases (
    tenant           text          NOT NULL,
    id               text          NOT NULL,
    customer_id      text          NOT NULL,
    event_id         text          NOT NULL,
    product_name     text          NOT NULL,
    product_sku      text,
    quantity         integer,
    price            numeric(14,2),
    total            numeric(14,2),
    purchased_at     timestamptz   NOT NULL,
    warranty_expires timestamptz,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, customer_id) REFERENCES customers (tenant, id) ON DELETE CASCADE
);

CREATE INDEX purchases_by_customer ON purchases (tenant, customer_id, purchased_at DESC);

-- Events that kept failing to apply (after the configured number of deliveries): parked, not lost.
CREATE TABLE parked_events (
    tenant      text        NOT NULL,
    event_id    text        NOT NULL,
    subject     text        NOT NULL,
    payload     text        NOT NULL,
    error       text        NOT NULL,
    deliveries  integer     NOT NULL,
    parked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, event_id)
);

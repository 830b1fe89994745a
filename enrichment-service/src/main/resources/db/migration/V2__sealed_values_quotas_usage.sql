-- Values are sealed with AES-GCM by the service (encryption at rest): the plaintext jsonb column goes. Nothing but
-- tests wrote rows before this version, so existing rows are dropped rather than converted.
DELETE FROM enrichment_fields;
ALTER TABLE enrichment_fields DROP COLUMN value;
ALTER TABLE enrichment_fields ADD COLUMN sealed_value bytea NOT NULL;

-- A tenant's tier; a tenant never set is free.
CREATE TABLE tenant_tiers (
    tenant      text        PRIMARY KEY,
    tier        text        NOT NULL CHECK (tier IN ('free', 'pro', 'enterprise')),
    auto_enrich boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The quota ledger, source of truth: one row per tenant and month. A reservation is one conditional UPDATE
-- (used < quota_limit), so concurrent requests on any number of instances never pass the limit. quota_limit NULL
-- means unlimited. version grows on every change so a Redis mirror can ignore stale writes.
CREATE TABLE enrichment_quota (
    tenant      text    NOT NULL,
    month       date    NOT NULL CHECK (extract(day FROM month) = 1),
    tier        text    NOT NULL,
    used        integer NOT NULL DEFAULT 0 CHECK (used >= 0),
    quota_limit integer CHECK (quota_limit >= 0),
    version     bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, month)
);

-- One row per charged enrichment (the usage billing relies on), with what its provider calls cost.
CREATE TABLE enrichment_charges (
    id          bigserial   PRIMARY KEY,
    tenant      text        NOT NULL,
    month       date        NOT NULL,
    customer_id text        NOT NULL,
    charged_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrichment_charges_tenant_month ON enrichment_charges (tenant, month);

CREATE TABLE enrichment_charge_costs (
    charge_id bigint        NOT NULL REFERENCES enrichment_charges (id) ON DELETE CASCADE,
    provider  text          NOT NULL,
    cost      numeric(10,4) NOT NULL CHECK (cost >= 0),
    PRIMARY KEY (charge_id, provider)
);

-- Dead letters keep the original bytes, subject and headers, and what is known of the event for filtering.
ALTER TABLE dead_letters
    ADD COLUMN subject       text,
    ADD COLUMN headers       jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN event_type    text,
    ADD COLUMN customer_id   text,
    ADD COLUMN payload_bytes bytea;
UPDATE dead_letters SET payload_bytes = convert_to(payload, 'UTF8');
ALTER TABLE dead_letters ALTER COLUMN payload_bytes SET NOT NULL, DROP COLUMN payload;

CREATE INDEX dead_letters_tenant_reason ON dead_letters (tenant, reason, received_at DESC, id DESC);
CREATE INDEX dead_letters_tenant_type ON dead_letters (tenant, event_type, received_at DESC, id DESC);
CREATE INDEX dead_letters_tenant_customer ON dead_letters (tenant, customer_id);

-- Tracking plans: per tenant, a JSON Schema for the data of each event type.
CREATE TABLE tracking_plans (
    tenant      text        NOT NULL,
    event_type  text        NOT NULL,
    schema      jsonb       NOT NULL,
    version     integer     NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text        NOT NULL,
    PRIMARY KEY (tenant, event_type)
);

-- Per-tenant intake settings; a tenant without a row uses the configured defaults.
CREATE TABLE tenant_settings (
    tenant                text PRIMARY KEY,
    unplanned_event_types text        NOT NULL CHECK (unplanned_event_types IN ('allow', 'quarantine')),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    updated_by            text        NOT NULL
);

-- Erased customers: a replay never resurrects them.
CREATE TABLE erased_customers (
    tenant      text        NOT NULL,
    customer_id text        NOT NULL,
    erased_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, customer_id)
);

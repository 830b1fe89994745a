-- Enriched fields with per-field provenance (provider, confidence 0-1, retrieved/expires, cost).
CREATE TABLE enrichment_fields (
    tenant       text          NOT NULL,
    customer_id  text          NOT NULL,
    data_type    text          NOT NULL,
    field        text          NOT NULL,
    value        jsonb         NOT NULL,
    provider     text          NOT NULL,
    confidence   numeric(4,3)  NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    retrieved_at timestamptz   NOT NULL,
    expires_at   timestamptz   NOT NULL,
    cost         numeric(10,4) NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, customer_id, data_type, field)
);

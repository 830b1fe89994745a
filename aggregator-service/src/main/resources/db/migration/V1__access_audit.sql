-- Who looked at which customer's 360 view, and what they got (seed guardrail: audit log all 360 view access).
CREATE TABLE access_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text        NOT NULL,
    customer_id text        NOT NULL,
    subject     text        NOT NULL,
    view        text        NOT NULL,
    status      integer     NOT NULL,
    accessed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX access_audit_by_customer ON access_audit (tenant, customer_id, accessed_at DESC);

-- The identities (email, company) a customer's stored enrichment was made from, as keyed digests (HMAC-SHA256 under
-- a key derived from the sealing key), so auto-enrichment can tell a gained email or company from a known one
-- without keeping the plaintext.
CREATE TABLE enriched_identities (
    tenant      text        NOT NULL,
    customer_id text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('email', 'company')),
    digest      text        NOT NULL,
    enriched_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, customer_id, kind, digest)
);

-- One row per automatic enrichment cause (a customer and the identity it gained): claimed by one consumer for a
-- lease, then done. Redeliveries and duplicate profile.changed messages find it claimed or done and never enrich
-- twice; a claim whose holder died is taken over once its lease has passed.
CREATE TABLE auto_enrichment_claims (
    tenant        text        NOT NULL,
    customer_id   text        NOT NULL,
    cause         text        NOT NULL,
    claimed_until timestamptz NOT NULL,
    done_at       timestamptz,
    PRIMARY KEY (tenant, customer_id, cause)
);

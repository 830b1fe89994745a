-- The usage ledger billing reconciles (docs/billing-ledger.md). It replaces enrichment_charges and
-- enrichment_charge_costs: their rows become ledger lines below, and the tables go, so there is one ledger.
--
-- One line per provider call that matched in a charged enrichment. charge_id is per tenant, gapless and assigned in
-- commit order: a writer takes it from enrichment_ledger_counters with UPDATE ... RETURNING, which row-locks the
-- tenant's counter until the writer commits, so no line with a higher id can commit before it (see UsageLedger).
-- An enrichment takes one unit of quota: its first line carries units = 1, its other lines 0. A refund is a new line
-- (status refunded, refund_of = the line it corrects) with units and cost negated.
CREATE TABLE enrichment_ledger (
    tenant        text          NOT NULL,
    charge_id     bigint        NOT NULL CHECK (charge_id > 0),
    enrichment_id bigint        NOT NULL,
    month         date          NOT NULL CHECK (extract(day FROM month) = 1),
    usage_month   date          NOT NULL CHECK (extract(day FROM usage_month) = 1),
    occurred_at   timestamptz   NOT NULL DEFAULT now(),
    customer_id   text          NOT NULL,
    provider      text          NOT NULL,
    data_type     text          NOT NULL,
    units         integer       NOT NULL CHECK (units BETWEEN -1 AND 1),
    unit_cost     numeric(10,4) NOT NULL CHECK (unit_cost >= 0),
    cost          numeric(12,4) NOT NULL,
    currency      text          NOT NULL,
    status        text          NOT NULL CHECK (status IN ('charged', 'refunded')),
    refund_of     bigint,
    PRIMARY KEY (tenant, charge_id),
    CHECK ((status = 'refunded') = (refund_of IS NOT NULL))
);
CREATE INDEX enrichment_ledger_tenant_month ON enrichment_ledger (tenant, month, charge_id);
-- A line is refunded once.
CREATE UNIQUE INDEX enrichment_ledger_refund_once ON enrichment_ledger (tenant, refund_of) WHERE refund_of IS NOT NULL;

-- The last charge id of each tenant; its row lock orders the tenant's ledger writes and month closes.
CREATE TABLE enrichment_ledger_counters (
    tenant         text   PRIMARY KEY,
    last_charge_id bigint NOT NULL CHECK (last_charge_id >= 0)
);

-- Closed months: a closed month never changes; a later correction is a line of the month it is made in.
CREATE TABLE enrichment_ledger_closed_months (
    tenant    text        NOT NULL,
    month     date        NOT NULL CHECK (extract(day FROM month) = 1),
    closed_at timestamptz NOT NULL DEFAULT now(),
    closed_by text        NOT NULL,
    PRIMARY KEY (tenant, month)
);

-- enrichment.usage messages, written in the transaction of their line; a relay publishes them and marks them sent.
CREATE TABLE enrichment_usage_outbox (
    id          bigserial   PRIMARY KEY,
    tenant      text        NOT NULL,
    charge_id   bigint      NOT NULL,
    customer_id text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    attempts    integer     NOT NULL DEFAULT 0,
    sent_at     timestamptz,
    UNIQUE (tenant, charge_id)
);
CREATE INDEX enrichment_usage_outbox_unsent ON enrichment_usage_outbox (id) WHERE sent_at IS NULL;

-- Lines are never updated, and a closed month's lines are neither added to nor deleted, whoever writes.
CREATE FUNCTION enrichment_ledger_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'enrichment_ledger lines are never updated' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM enrichment_ledger_closed_months c
               WHERE c.tenant = CASE WHEN TG_OP = 'INSERT' THEN NEW.tenant ELSE OLD.tenant END
                 AND c.month = CASE WHEN TG_OP = 'INSERT' THEN NEW.month ELSE OLD.month END) THEN
        RAISE EXCEPTION 'ledger month is closed' USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
END $$;
CREATE TRIGGER enrichment_ledger_guard BEFORE INSERT OR UPDATE OR DELETE ON enrichment_ledger
    FOR EACH ROW EXECUTE FUNCTION enrichment_ledger_guard();

-- The charges so far become lines: one per provider cost (a charge without costs keeps its unit on a line of
-- provider 'unrecorded'), numbered per tenant in the order of the old ids; their messages were published already.
WITH old AS (
    SELECT c.tenant, c.id, c.month, c.charged_at, c.customer_id,
           coalesce(k.provider, 'unrecorded') AS provider, coalesce(k.cost, 0) AS cost,
           row_number() OVER (PARTITION BY c.tenant ORDER BY c.id, k.provider) AS charge_id,
           row_number() OVER (PARTITION BY c.id ORDER BY k.provider) AS nth
    FROM enrichment_charges c LEFT JOIN enrichment_charge_costs k ON k.charge_id = c.id
)
INSERT INTO enrichment_ledger (tenant, charge_id, enrichment_id, month, usage_month, occurred_at, customer_id,
                               provider, data_type, units, unit_cost, cost, currency, status)
SELECT tenant, charge_id, min(charge_id) OVER (PARTITION BY id), month, month, charged_at, customer_id, provider,
       CASE WHEN provider IN ('people-data-labs', 'clearbit', 'hunter') THEN 'person'
            WHEN provider IN ('google-places', 'opencorporates') THEN 'business'
            WHEN provider = 'attom' THEN 'property' ELSE 'unrecorded' END,
       CASE WHEN nth = 1 THEN 1 ELSE 0 END, cost, cost, 'USD', 'charged'
FROM old;
INSERT INTO enrichment_ledger_counters (tenant, last_charge_id)
SELECT tenant, max(charge_id) FROM enrichment_ledger GROUP BY tenant;

DROP TABLE enrichment_charge_costs;
DROP TABLE enrichment_charges;

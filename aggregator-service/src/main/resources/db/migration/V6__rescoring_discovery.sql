-- Account discovery of background rescoring (rescoring.AccountDiscovery): a pass pages through profile-service's
-- customer list of a tenant and marks 'discovered' every customer the aggregator keeps no state for and has no due
-- row, so an account never viewed and never changed since the aggregator was deployed is rescored too. A run reads a
-- bounded number of pages and keeps the cursor here; the next run continues from it. A new pass starts once the last
-- finished longer ago than aggregator.rescoring.discover-every.
CREATE TABLE rescoring_discovery (
    tenant      text        PRIMARY KEY,
    -- profile-service's cursor of the next page; null: the first page (a new pass) or none left (finished_at set)
    next_cursor text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

ALTER TABLE rescoring_due DROP CONSTRAINT rescoring_due_reason_check;
ALTER TABLE rescoring_due ADD CONSTRAINT rescoring_due_reason_check CHECK (reason IN ('changed', 'stale', 'discovered'));

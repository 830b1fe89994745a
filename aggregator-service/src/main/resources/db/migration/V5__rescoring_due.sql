-- Accounts due for background rescoring (rescoring.Rescoring). A profile.changed marks its customer 'changed'; each
-- run marks the accounts whose state was last recorded too long ago 'stale' (the daily sweep). A row is deleted only
-- once its account is recorded and only if it was not marked again meanwhile (a new mark), so a crash mid-run leaves
-- it due. A failed attempt pushes next_attempt_at back.
CREATE SEQUENCE rescoring_mark;

CREATE TABLE rescoring_due (
    tenant          text        NOT NULL,
    customer_id     text        NOT NULL,
    reason          text        NOT NULL CHECK (reason IN ('changed', 'stale')),
    due_since       timestamptz NOT NULL DEFAULT now(),
    mark            bigint      NOT NULL DEFAULT nextval('rescoring_mark'),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, customer_id)
);

-- a run takes changed accounts first, then the oldest
CREATE INDEX rescoring_due_next ON rescoring_due (next_attempt_at, (reason = 'changed') DESC, due_since);
CREATE INDEX account_states_updated ON account_states (updated_at);

-- Insight accuracy (seed guardrail): every risk type and exit state a complete view emitted, as episodes, and the
-- outcomes that score them. An episode opens the first time an insight is emitted for a customer and stays open
-- (later views emitting it again change nothing) until an outcome within the horizon gives it a verdict; the next
-- emission after that opens a new episode. Outcomes are kept once per event id, so a redelivered one scores nothing again.

CREATE TABLE insight_episodes (
    id               bigserial   PRIMARY KEY,
    tenant           text        NOT NULL,
    customer_id      text        NOT NULL,
    kind             text        NOT NULL, -- risk | exit_state
    type             text        NOT NULL, -- the risk type or the exit state
    first_emitted_at timestamptz NOT NULL,
    verdict          text,                 -- confirmed | refuted; null while unscored
    outcome          text,                 -- churn | renewal | expansion: what gave the verdict
    outcome_at       timestamptz,
    outcome_event_id text,
    resolved_at      timestamptz           -- a support insight: the first ticket resolution within the horizon
);

CREATE UNIQUE INDEX insight_episodes_open ON insight_episodes (tenant, customer_id, kind, type) WHERE verdict IS NULL;
CREATE INDEX insight_episodes_by_time ON insight_episodes (tenant, first_emitted_at);

CREATE TABLE insight_outcomes (
    tenant      text        NOT NULL,
    event_id    text        NOT NULL,
    customer_id text        NOT NULL,
    outcome     text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, event_id)
);

-- Read models for every domain of the 360 view, order-insensitive by construction.
--
-- State is kept as last-writer-wins maps: each field is {"v": value, "at": version}, where the version is the event
-- time in epoch microseconds (17 digits, zero-padded) and the event id, so versions compare as text. Merging two
-- maps keeps, per field, the value with the greater version. The merge is commutative, associative and idempotent,
-- so any order and any repetition of the same events yields the same state.

CREATE FUNCTION lww_merge(current jsonb, incoming jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
DECLARE
    merged jsonb := coalesce(current, '{}'::jsonb);
    field  text;
    entry  jsonb;
BEGIN
    FOR field, entry IN SELECT * FROM jsonb_each(coalesce(incoming, '{}'::jsonb)) LOOP
        IF NOT merged ? field OR (entry ->> 'at') COLLATE "C" > (merged -> field ->> 'at') COLLATE "C" THEN
            merged := merged || jsonb_build_object(field, entry);
        END IF;
    END LOOP;
    RETURN merged;
END
$$;

-- Customers: profile fields become a last-writer-wins map; the columns the API filters on are generated from it.
ALTER TABLE customers ADD COLUMN fields jsonb NOT NULL DEFAULT '{}'::jsonb;
UPDATE customers SET fields = jsonb_strip_nulls(jsonb_build_object(
        'name',    CASE WHEN name    IS NULL THEN NULL ELSE jsonb_build_object('v', name,    'at', '00000000000000000|') END,
        'email',   CASE WHEN email   IS NULL THEN NULL ELSE jsonb_build_object('v', email,   'at', '00000000000000000|') END,
        'phone',   CASE WHEN phone   IS NULL THEN NULL ELSE jsonb_build_object('v', phone,   'at', '00000000000000000|') END,
        'company', CASE WHEN company IS NULL THEN NULL ELSE jsonb_build_object('v', company, 'at', '00000000000000000|') END));
ALTER TABLE customers
    DROP COLUMN name, DROP COLUMN email, DROP COLUMN phone, DROP COLUMN company, DROP COLUMN status,
    DROP COLUMN identity_updated_at;
ALTER TABLE customers
    ADD COLUMN name    text GENERATED ALWAYS AS (fields -> 'name' ->> 'v') STORED,
    ADD COLUMN email   text GENERATED ALWAYS AS (fields -> 'email' ->> 'v') STORED,
    ADD COLUMN phone   text GENERATED ALWAYS AS (fields -> 'phone' ->> 'v') STORED,
    ADD COLUMN company text GENERATED ALWAYS AS (fields -> 'company' ->> 'v') STORED,
    ADD COLUMN status  text GENERATED ALWAYS AS (coalesce(fields -> 'status' ->> 'v', 'active')) STORED,
    ADD COLUMN search  tsvector GENERATED ALWAYS AS (to_tsvector('english',
        coalesce(fields -> 'name' ->> 'v', '') || ' ' || coalesce(fields -> 'email' ->> 'v', '') || ' ' ||
        coalesce(fields -> 'company' ->> 'v', ''))) STORED,
    -- copied from customer360.state (aggregator-service), newest state wins
    ADD COLUMN health_score numeric(5,2),
    ADD COLUMN health_band  text,
    ADD COLUMN exit_state   text,
    ADD COLUMN state_at     timestamptz;

CREATE INDEX customers_search ON customers USING gin (search);
CREATE INDEX customers_by_status ON customers (tenant, status, id);
CREATE INDEX customers_by_health_band ON customers (tenant, health_band, id);

-- Timeline: sensitivity, full-text search, the customer an event was addressed to (for unmerge), per-type reads.
-- Only events with text a person wrote (a title, subject, description or summary from the partner) are searchable:
-- a login or a page view has nothing to find, and indexing it would cost the write path most of its time.
ALTER TABLE timeline_events
    ADD COLUMN sensitive    boolean NOT NULL DEFAULT false,
    ADD COLUMN addressed_to text,
    ADD COLUMN merge_id     bigint,
    ADD COLUMN searchable   boolean NOT NULL DEFAULT false,
    ADD COLUMN search       tsvector GENERATED ALWAYS AS (CASE WHEN searchable THEN to_tsvector('english',
        coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(summary, '')) END) STORED;
UPDATE timeline_events SET searchable = true WHERE description IS NOT NULL OR summary IS NOT NULL;
CREATE INDEX timeline_by_customer_type ON timeline_events (tenant, customer_id, event_type, occurred_at DESC);
CREATE INDEX timeline_by_tenant_time ON timeline_events (tenant, occurred_at DESC);
CREATE INDEX timeline_search ON timeline_events USING gin (search) WHERE searchable;

-- One row per domain record (a ticket, an invoice, a deal, a contact, a segment membership, …) of a customer,
-- folded from every event that names it. The columns the sections filter on are generated from the map.
CREATE TABLE records (
    tenant          text        NOT NULL,
    customer_id     text        NOT NULL,
    kind            text        NOT NULL,
    record_id       text        NOT NULL,
    fields          jsonb       NOT NULL,
    first_seen_at   timestamptz NOT NULL,
    last_changed_at timestamptz NOT NULL,
    status    text    GENERATED ALWAYS AS (fields -> 'status' ->> 'v') STORED,
    amount    numeric GENERATED ALWAYS AS ((fields -> 'amount' ->> 'v')::numeric) STORED,
    sensitive boolean GENERATED ALWAYS AS (coalesce((fields -> 'sensitive' ->> 'v')::boolean, false)) STORED,
    deleted   boolean GENERATED ALWAYS AS (coalesce((fields -> 'deleted' ->> 'v')::boolean, false)) STORED,
    -- only notes and knowledge are searched as records
    search    tsvector GENERATED ALWAYS AS (CASE WHEN kind IN ('note', 'knowledge') THEN to_tsvector('english',
        coalesce(fields -> 'title' ->> 'v', '') || ' ' || coalesce(fields -> 'content' ->> 'v', '')) END) STORED,
    PRIMARY KEY (tenant, customer_id, kind, record_id),
    FOREIGN KEY (tenant, customer_id) REFERENCES customers (tenant, id) ON DELETE CASCADE
);

CREATE INDEX records_by_kind ON records (tenant, customer_id, kind, last_changed_at DESC);
CREATE INDEX records_segments ON records (tenant, record_id) WHERE kind = 'segment';
CREATE INDEX records_search ON records USING gin (search) WHERE kind IN ('note', 'knowledge');

-- The read model of each domain, by name.
CREATE VIEW subscriptions AS SELECT * FROM records WHERE kind = 'subscription';
CREATE VIEW invoices AS SELECT * FROM records WHERE kind = 'invoice';
CREATE VIEW payments AS SELECT * FROM records WHERE kind = 'payment';
CREATE VIEW credits AS SELECT * FROM records WHERE kind = 'credit';
CREATE VIEW tickets AS SELECT * FROM records WHERE kind = 'ticket';
CREATE VIEW work_orders AS SELECT * FROM records WHERE kind = 'work_order';
CREATE VIEW contacts AS SELECT * FROM records WHERE kind = 'contact';
CREATE VIEW notes AS SELECT * FROM records WHERE kind = 'note';
CREATE VIEW knowledge AS SELECT * FROM records WHERE kind = 'knowledge';
CREATE VIEW deals AS SELECT * FROM records WHERE kind = 'deal';
CREATE VIEW quotes AS SELECT * FROM records WHERE kind = 'quote';
CREATE VIEW meetings AS SELECT * FROM records WHERE kind = 'meeting';
CREATE VIEW milestones AS SELECT * FROM records WHERE kind = 'milestone';
CREATE VIEW segment_memberships AS SELECT * FROM records WHERE kind = 'segment';
CREATE VIEW security_settings AS SELECT * FROM records WHERE kind = 'security';
CREATE VIEW daily_active_users AS SELECT * FROM records WHERE kind = 'active_users';

-- An event named one customer by id and carried an email that belongs to another: a possible duplicate, recorded
-- for a person to merge (merging is never automatic).
CREATE TABLE identity_links (
    tenant             text        NOT NULL,
    customer_id        text        NOT NULL,
    other_customer_id  text        NOT NULL,
    kind               text        NOT NULL,
    value              text        NOT NULL,
    event_id           text        NOT NULL,
    seen_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, customer_id, other_customer_id, kind, value)
);
CREATE INDEX identity_links_other ON identity_links (tenant, other_customer_id);

-- Merges: audited, reversible. The merged customer's id stays an alias of the surviving one.
CREATE TABLE merges (
    tenant        text        NOT NULL,
    id            bigserial   NOT NULL,
    target_id     text        NOT NULL,
    source_id     text        NOT NULL,
    source_row    jsonb       NOT NULL,
    merged_by     text        NOT NULL,
    merged_at     timestamptz NOT NULL DEFAULT now(),
    unmerged_by   text,
    unmerged_at   timestamptz,
    PRIMARY KEY (tenant, id)
);
CREATE INDEX merges_by_customer ON merges (tenant, target_id);
CREATE INDEX merges_by_source ON merges (tenant, source_id);

CREATE TABLE customer_aliases (
    tenant      text   NOT NULL,
    alias_id    text   NOT NULL,
    customer_id text   NOT NULL,
    merge_id    bigint NOT NULL,
    PRIMARY KEY (tenant, alias_id),
    FOREIGN KEY (tenant, customer_id) REFERENCES customers (tenant, id) ON DELETE CASCADE
);

ALTER TABLE customer_identities ADD COLUMN merge_id bigint;

-- Text made safe to show as HTML before ts_headline wraps the matches in <mark>.
CREATE FUNCTION html(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT replace(replace(replace(replace($1, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') $$;

-- A purchase is keyed within its customer: two customers whose events name the same purchase id each keep theirs,
-- whatever order the events arrive in.
ALTER TABLE purchases DROP CONSTRAINT purchases_pkey;
ALTER TABLE purchases ADD PRIMARY KEY (tenant, customer_id, id);
DROP INDEX purchases_by_customer;
CREATE INDEX purchases_by_customer ON purchases (tenant, customer_id, purchased_at DESC);

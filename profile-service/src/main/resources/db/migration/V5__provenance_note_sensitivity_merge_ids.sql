-- Issue 19: who wrote a timeline entry, sensitive notes redacted everywhere, merge ids that tell nothing.

-- 1. Provenance. The platform's own API changes are told apart from partners' events by the path they came in on,
-- never by what an event says (a partner could send source_service "profile-api" and metadata.actor "acme-admin").
-- origin is 'platform' or 'partner'; actor is the verified token subject of a platform change, null for partners.
ALTER TABLE timeline_events
    ADD COLUMN origin           text NOT NULL DEFAULT 'partner' CHECK (origin IN ('partner', 'platform')),
    ADD COLUMN actor            text,
    -- the note an event writes (note, observation, note_deleted), and what it says of the note's sensitivity:
    -- 'raised' (sensitive: true, from anyone) or 'lowered' (sensitive: false, from the platform only)
    ADD COLUMN note_id          text,
    ADD COLUMN sensitivity_mark text CHECK (sensitivity_mark IN ('raised', 'lowered'));

-- Entries written before this migration by the API: an id api_<uuid>, source profile-api, metadata holding only the
-- actor, and received at the very instant it occurred (the API stamps both with one clock reading; ingest stamps
-- received_at itself, so a partner event cannot arrange that). Everything else stays a partner's.
UPDATE timeline_events SET origin = 'platform', actor = metadata ->> 'actor', metadata = '{}'::jsonb
WHERE source_service = 'profile-api' AND event_id ~ '^api_[0-9a-f-]{36}$' AND occurred_at = received_at
  AND jsonb_typeof(metadata -> 'actor') = 'string' AND (SELECT count(*) FROM jsonb_object_keys(metadata)) = 1;

-- The note id as Projector.recordId reads it (data.note_id, else the event id).
UPDATE timeline_events SET note_id = CASE
        WHEN jsonb_typeof(data -> 'note_id') IN ('string', 'number', 'boolean') AND btrim(data ->> 'note_id') <> ''
             AND length(data ->> 'note_id') <= 128 THEN btrim(data ->> 'note_id')
        ELSE event_id END
WHERE event_type IN ('note', 'observation', 'note_deleted');

-- timeline_events.sensitive held each event's own flag until now: that is the raise.
UPDATE timeline_events SET sensitivity_mark = CASE
        WHEN sensitive THEN 'raised'
        WHEN origin = 'platform' AND (data -> 'sensitive' = 'false'::jsonb OR lower(data ->> 'sensitive') = 'false') THEN 'lowered' END
WHERE note_id IS NOT NULL;

CREATE INDEX timeline_by_note ON timeline_events (tenant, customer_id, note_id) WHERE note_id IS NOT NULL;

-- The version of an event as LwwMap.version writes it: epoch microseconds (at least 17 digits) | event id.
CREATE FUNCTION event_version(at timestamptz, event_id text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN length(m) >= 17 THEN m ELSE lpad(m, 17, '0') END || '|' || event_id
   FROM (SELECT greatest(floor(extract(epoch FROM at) * 1000000), 0)::bigint::text AS m) micros $$;

-- NoteSensitivity (Java) explains the rule: an entry of a note is sensitive when it raised the note itself, or when
-- the note was ever raised and no lowering lies after the last raise and at or before the entry. Answers how many
-- entries changed.
CREATE FUNCTION refresh_note_sensitivity(tenants text[], customers text[], notes text[]) RETURNS integer
    LANGUAGE sql AS
$$
WITH k AS (
    SELECT DISTINCT * FROM unnest(tenants, customers, notes) AS k(tenant, customer_id, note_id)
), raises AS (
    SELECT t.tenant, t.customer_id, t.note_id,
           max(event_version(t.occurred_at, t.event_id) COLLATE "C") FILTER (WHERE t.sensitivity_mark = 'raised') AS last_raise
    FROM timeline_events t JOIN k ON t.tenant = k.tenant AND t.customer_id = k.customer_id AND t.note_id = k.note_id
    GROUP BY t.tenant, t.customer_id, t.note_id
), effective AS (
    SELECT e.tenant, e.event_id,
           e.sensitivity_mark IS NOT DISTINCT FROM 'raised' OR (r.last_raise IS NOT NULL AND coalesce((
               SELECT max(event_version(l.occurred_at, l.event_id) COLLATE "C") FROM timeline_events l
               WHERE l.tenant = e.tenant AND l.customer_id = e.customer_id AND l.note_id = e.note_id
                 AND l.sensitivity_mark = 'lowered'
                 AND event_version(l.occurred_at, l.event_id) COLLATE "C" <= event_version(e.occurred_at, e.event_id) COLLATE "C"
           ) <= r.last_raise, true)) AS sensitive
    FROM timeline_events e
    JOIN raises r ON e.tenant = r.tenant AND e.customer_id = r.customer_id AND e.note_id = r.note_id
), changed AS (
    UPDATE timeline_events t SET sensitive = f.sensitive
    FROM effective f
    WHERE t.tenant = f.tenant AND t.event_id = f.event_id AND t.sensitive IS DISTINCT FROM f.sensitive
    RETURNING 1
)
SELECT count(*)::integer FROM changed
$$;

SELECT refresh_note_sensitivity(array_agg(tenant), array_agg(customer_id), array_agg(note_id))
FROM (SELECT DISTINCT tenant, customer_id, note_id FROM timeline_events WHERE note_id IS NOT NULL) notes;

-- A partner's "sensitive": false used to declassify a note: each note's sensitivity is now the newest of its marks
-- (raises from anyone, lowerings from the platform), exactly what folding its events again gives.
UPDATE records r SET fields = r.fields || jsonb_build_object('sensitive',
        jsonb_build_object('v', m.sensitivity_mark = 'raised', 'at', m.version))
FROM (SELECT DISTINCT ON (tenant, customer_id, note_id) tenant, customer_id, note_id, sensitivity_mark,
             event_version(occurred_at, event_id) AS version
      FROM timeline_events WHERE sensitivity_mark IS NOT NULL
      ORDER BY tenant, customer_id, note_id, event_version(occurred_at, event_id) COLLATE "C" DESC) m
WHERE r.tenant = m.tenant AND r.customer_id = m.customer_id AND r.kind = 'note' AND r.record_id = m.note_id;
-- notes never marked keep no partner's false either (absent means not sensitive)
UPDATE records SET fields = fields - 'sensitive'
WHERE kind = 'note' AND fields -> 'sensitive' ->> 'v' = 'false'
  AND NOT EXISTS (SELECT 1 FROM timeline_events t WHERE t.tenant = records.tenant AND t.customer_id = records.customer_id
                  AND t.note_id = records.record_id AND t.sensitivity_mark IS NOT NULL);

-- 3. Merge ids: a bigserial shared by every tenant told each tenant how many merges all the others made. New merges
-- get an opaque random id (mrg_ and 26 base-32 characters, MergeIds); the ids already given keep working as the
-- text of their number.
ALTER TABLE merges ALTER COLUMN id DROP DEFAULT;
ALTER TABLE merges ALTER COLUMN id TYPE text USING id::text;
DROP SEQUENCE IF EXISTS merges_id_seq;
ALTER TABLE timeline_events ALTER COLUMN merge_id TYPE text USING merge_id::text;
ALTER TABLE customer_identities ALTER COLUMN merge_id TYPE text USING merge_id::text;
ALTER TABLE customer_aliases ALTER COLUMN merge_id TYPE text USING merge_id::text;
CREATE INDEX merges_by_time ON merges (tenant, merged_at);

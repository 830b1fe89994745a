-- Customer tags and custom fields (issue 21; the seed's customers.tags, a JSON array, and custom_fields, a JSON object).
-- Both live in the profile's last-writer-wins map like every other profile field: `tags` as one field (a profile_update
-- sends the whole set), each custom field as a field of its own, `custom_fields.<key>` (updates of different keys
-- merge; null removes one). Full-text search covers them (the seed searches all customer data): the search vector is
-- regenerated with the tags and the custom fields' string and number values.
ALTER TABLE customers DROP COLUMN search;
ALTER TABLE customers ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('english', coalesce(fields -> 'name' ->> 'v', '') || ' ' || coalesce(fields -> 'email' ->> 'v', '') || ' ' ||
                               coalesce(fields -> 'company' ->> 'v', ''))
        || jsonb_to_tsvector('english', coalesce(fields -> 'tags' -> 'v', '[]'::jsonb), '["string"]')
        || jsonb_to_tsvector('english',
               jsonb_path_query_array(fields, '$.keyvalue() ? (@.key starts with "custom_fields.").value.v'),
               '["string", "numeric"]')) STORED;
CREATE INDEX customers_search ON customers USING gin (search);

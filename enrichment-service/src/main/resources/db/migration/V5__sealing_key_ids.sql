-- The sealing keyring (docs/sealing-keys.md): the id of the key each value is sealed with, so the re-sealing job finds
-- values under older keys and the service refuses to start without a key some value still needs. Values sealed before
-- key ids existed were sealed with the one key of then, key "initial" (and so is a row written by a replica still
-- running the code of before during a rolling update: hence the default).
ALTER TABLE enrichment_fields ADD COLUMN key_id text NOT NULL DEFAULT 'initial';
CREATE INDEX enrichment_fields_key_id ON enrichment_fields (key_id);

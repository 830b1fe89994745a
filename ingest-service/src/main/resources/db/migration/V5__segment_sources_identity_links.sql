-- Sources of the Segment-compatible intake (/v1/): one partner service of one tenant, identified by its write key.
-- Only the SHA-256 of the key is kept (the key is 256 random bits, so a fast hash is as strong as a slow one, and every
-- event call checks it); the key itself is shown once, when the source is created.
CREATE TABLE segment_sources (
    id          uuid PRIMARY KEY,
    tenant      text        NOT NULL,
    name        text        NOT NULL,
    key_hash    bytea       NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    revoked_at  timestamptz,
    revoked_by  text
);

CREATE INDEX segment_sources_tenant ON segment_sources (tenant, created_at, id);

-- Identity stitching: the user an anonymous id was tied to (identify or alias), per tenant. The first claim wins; a
-- second user claiming the same anonymous id is a conflict (dead-lettered), never a second merge.
CREATE TABLE segment_identity_links (
    tenant       text        NOT NULL,
    anonymous_id text        NOT NULL,
    user_id      text        NOT NULL,
    source_id    uuid        NOT NULL,
    event_id     text        NOT NULL,
    linked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, anonymous_id)
);

CREATE INDEX segment_identity_links_user ON segment_identity_links (tenant, user_id);

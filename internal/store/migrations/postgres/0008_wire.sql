-- The wire desk: other agencies' feeds, the items they sent (never in
-- stories), the LSH keys that find an item's near-duplicates, and where
-- a republished story came from.
CREATE TABLE wire_sources (
	id            BIGSERIAL PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	format        TEXT NOT NULL DEFAULT '',
	credit        TEXT NOT NULL,
	every_s       INTEGER NOT NULL,
	enabled       BOOLEAN NOT NULL DEFAULT TRUE,
	created_us    BIGINT NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	next_us       BIGINT NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	last_error_us BIGINT,
	last_ok_us    BIGINT
);

CREATE TABLE wire_items (
	id           BIGSERIAL PRIMARY KEY,
	source_id    BIGINT REFERENCES wire_sources(id) ON DELETE SET NULL,
	-- the source's credit as it was: a republished item outlives its source
	credit       TEXT NOT NULL,
	-- the feed's own id: a URI as it is, anything else prefixed by the source
	guid         TEXT NOT NULL UNIQUE,
	-- the normalized text's hash: the same text twice is stored once
	fingerprint  TEXT NOT NULL UNIQUE,
	group_id     BIGINT NOT NULL,
	headline     TEXT NOT NULL,
	lead         TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	link         TEXT NOT NULL DEFAULT '',
	published_us BIGINT,
	arrived_us   BIGINT NOT NULL,
	signature    BYTEA NOT NULL,
	-- the analysed terms, each between spaces, for the desk's search
	terms        TEXT NOT NULL DEFAULT '',
	story_id     BIGINT REFERENCES stories(id) ON DELETE SET NULL
);
CREATE INDEX wire_items_arrived ON wire_items (arrived_us, id);
CREATE INDEX wire_items_source ON wire_items (source_id, arrived_us, id);
CREATE INDEX wire_items_group ON wire_items (group_id);

CREATE TABLE wire_bands (
	band    BIGINT NOT NULL,
	item_id BIGINT NOT NULL REFERENCES wire_items(id) ON DELETE CASCADE,
	PRIMARY KEY (band, item_id)
);
CREATE INDEX wire_bands_item ON wire_bands (item_id);

CREATE TABLE story_origins (
	story_id     BIGINT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	credit       TEXT NOT NULL,
	link         TEXT NOT NULL DEFAULT '',
	published_us BIGINT
);

-- The wire desk: other agencies' feeds, the items they sent (never in
-- stories), the LSH keys that find an item's near-duplicates, and where
-- a republished story came from.
CREATE TABLE wire_sources (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	format        TEXT NOT NULL DEFAULT '',
	credit        TEXT NOT NULL,
	every_s       INTEGER NOT NULL,
	enabled       INTEGER NOT NULL DEFAULT 1,
	created_us    INTEGER NOT NULL,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	next_us       INTEGER NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	last_error_us INTEGER,
	last_ok_us    INTEGER
);

CREATE TABLE wire_items (
	id           INTEGER PRIMARY KEY,
	source_id    INTEGER REFERENCES wire_sources(id) ON DELETE SET NULL,
	-- the source's credit as it was: a republished item outlives its source
	credit       TEXT NOT NULL,
	-- the feed's own id: a URI as it is, anything else prefixed by the source
	guid         TEXT NOT NULL UNIQUE,
	-- the normalized text's hash: the same text twice is stored once
	fingerprint  TEXT NOT NULL UNIQUE,
	group_id     INTEGER NOT NULL,
	headline     TEXT NOT NULL,
	lead         TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	link         TEXT NOT NULL DEFAULT '',
	published_us INTEGER,
	arrived_us   INTEGER NOT NULL,
	signature    BLOB NOT NULL,
	-- the analysed terms, each between spaces, for the desk's search
	terms        TEXT NOT NULL DEFAULT '',
	story_id     INTEGER REFERENCES stories(id) ON DELETE SET NULL
);
CREATE INDEX wire_items_arrived ON wire_items (arrived_us, id);
CREATE INDEX wire_items_source ON wire_items (source_id, arrived_us, id);
CREATE INDEX wire_items_group ON wire_items (group_id);

CREATE TABLE wire_bands (
	band    INTEGER NOT NULL,
	item_id INTEGER NOT NULL REFERENCES wire_items(id) ON DELETE CASCADE,
	PRIMARY KEY (band, item_id)
) WITHOUT ROWID;
CREATE INDEX wire_bands_item ON wire_bands (item_id);

CREATE TABLE story_origins (
	story_id     INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	credit       TEXT NOT NULL,
	link         TEXT NOT NULL DEFAULT '',
	published_us INTEGER
);

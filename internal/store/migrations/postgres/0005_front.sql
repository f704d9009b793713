-- Sections as a tree the admins arrange, with the names imports know
-- them by; tags matched however they are spelled; the edited front page,
-- breaking news, page views and related stories.
ALTER TABLE sections ADD COLUMN parent_id BIGINT REFERENCES sections(id);
ALTER TABLE sections ADD COLUMN in_nav BOOLEAN NOT NULL DEFAULT FALSE;
-- the name as imports compare it: folded, without ZWNJ or spaces
-- (filled in by the migration's Go step)
ALTER TABLE sections ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE sections SET in_nav = TRUE WHERE id IN (SELECT id FROM sections ORDER BY position, id LIMIT 11);
CREATE INDEX sections_parent ON sections (parent_id, position);
CREATE INDEX sections_name_key ON sections (name_key);

-- Other names of a section (an agency's feed may call «اجتماعی» social),
-- by their key as name_key.
CREATE TABLE section_aliases (
	alias_key  TEXT PRIMARY KEY,
	section_id BIGINT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
	alias      TEXT NOT NULL
);
CREATE INDEX section_aliases_section ON section_aliases (section_id);

-- Slugs a section was once known by (merged away, renamed): their pages
-- redirect, and imports naming them file into the section.
CREATE TABLE section_redirects (
	slug       TEXT PRIMARY KEY,
	section_id BIGINT NOT NULL REFERENCES sections(id) ON DELETE CASCADE
);

ALTER TABLE story_tags ADD COLUMN tag_key TEXT NOT NULL DEFAULT '';
CREATE INDEX story_tags_key ON story_tags (tag_key, story_id);

-- Every version of the front page; the newest is shown. featured is
-- story ids, comma-separated, in order. No foreign keys: the history
-- outlives stories removed with the demo edition.
CREATE TABLE front_pages (
	revision   BIGINT PRIMARY KEY,
	at_us      BIGINT NOT NULL,
	actor_id   BIGINT,
	actor_name TEXT NOT NULL,
	lead_id    BIGINT NOT NULL DEFAULT 0,
	featured   TEXT NOT NULL DEFAULT ''
);

-- Stories marked breaking («فوری»), until when.
CREATE TABLE breaking (
	story_id   BIGINT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	until_us   BIGINT NOT NULL,
	at_us      BIGINT NOT NULL,
	actor_name TEXT NOT NULL
);
CREATE INDEX breaking_until ON breaking (until_us);

-- Page views, added up per story and hour by every node's flushes, and
-- in all. No foreign keys: a flush may name a story removed since.
CREATE TABLE story_reads (
	story_id BIGINT NOT NULL,
	hour     BIGINT NOT NULL, -- hours since 1970, UTC
	reads    BIGINT NOT NULL,
	PRIMARY KEY (story_id, hour)
);
CREATE INDEX story_reads_hour ON story_reads (hour, story_id);
CREATE TABLE story_read_totals (
	story_id BIGINT PRIMARY KEY,
	reads    BIGINT NOT NULL
);

-- The stories related to each story, computed from the search index
-- when the story changed (revision says at which one): ids in order.
CREATE TABLE related_stories (
	story_id    BIGINT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	revision    BIGINT NOT NULL,
	computed_us BIGINT NOT NULL,
	related     TEXT NOT NULL DEFAULT ''
);

-- The settings table (0004) says 'demo' = 'removed' once the demo
-- edition was taken out, so it is never loaded again.

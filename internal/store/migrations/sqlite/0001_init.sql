-- Sections, stories, tags, comments and the news-code counter.
CREATE TABLE sections (
	id       INTEGER PRIMARY KEY,
	slug     TEXT NOT NULL UNIQUE,
	name     TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0
);

-- One row: the next news code to hand out. Codes only grow.
CREATE TABLE news_code_counter (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	next_code INTEGER NOT NULL
);
INSERT INTO news_code_counter (id, next_code) VALUES (1, 100001);

-- Every code ever given out, so a code is never reused even after its
-- story is gone.
CREATE TABLE news_codes (
	code INTEGER PRIMARY KEY
);

CREATE TABLE stories (
	id           INTEGER PRIMARY KEY,
	code         INTEGER NOT NULL UNIQUE REFERENCES news_codes(code),
	uri          TEXT NOT NULL UNIQUE,
	section_id   INTEGER NOT NULL REFERENCES sections(id),
	kicker       TEXT NOT NULL DEFAULT '',
	headline     TEXT NOT NULL,
	lead         TEXT NOT NULL DEFAULT '',
	source       TEXT NOT NULL DEFAULT '',
	provider     TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT 'fa',
	status       TEXT NOT NULL,
	published_us INTEGER,
	updated_us   INTEGER,
	demo         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_public ON stories (status, published_us DESC);
CREATE INDEX stories_section ON stories (section_id, status, published_us DESC);

CREATE TABLE story_tags (
	story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	tag      TEXT NOT NULL,
	PRIMARY KEY (story_id, position)
);
CREATE INDEX story_tags_tag ON story_tags (tag, story_id);

CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'pending',
	created_us INTEGER NOT NULL
);
CREATE INDEX comments_story ON comments (story_id, status);

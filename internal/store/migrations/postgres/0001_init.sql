-- Sections, stories, tags, comments and the news-code counter.
CREATE TABLE sections (
	id       BIGSERIAL PRIMARY KEY,
	slug     TEXT NOT NULL UNIQUE,
	name     TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0
);

-- One row: the next news code to hand out. Codes only grow.
CREATE TABLE news_code_counter (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	next_code BIGINT NOT NULL
);
INSERT INTO news_code_counter (id, next_code) VALUES (1, 100001);

-- Every code ever given out, so a code is never reused even after its
-- story is gone.
CREATE TABLE news_codes (
	code BIGINT PRIMARY KEY
);

CREATE TABLE stories (
	id           BIGSERIAL PRIMARY KEY,
	code         BIGINT NOT NULL UNIQUE REFERENCES news_codes(code),
	uri          TEXT NOT NULL UNIQUE,
	section_id   BIGINT NOT NULL REFERENCES sections(id),
	kicker       TEXT NOT NULL DEFAULT '',
	headline     TEXT NOT NULL,
	lead         TEXT NOT NULL DEFAULT '',
	source       TEXT NOT NULL DEFAULT '',
	provider     TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	language     TEXT NOT NULL DEFAULT 'fa',
	status       TEXT NOT NULL,
	published_us BIGINT,
	updated_us   BIGINT,
	demo         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX stories_public ON stories (status, published_us DESC);
CREATE INDEX stories_section ON stories (section_id, status, published_us DESC);

CREATE TABLE story_tags (
	story_id BIGINT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	tag      TEXT NOT NULL,
	PRIMARY KEY (story_id, position)
);
CREATE INDEX story_tags_tag ON story_tags (tag, story_id);

CREATE TABLE comments (
	id         BIGSERIAL PRIMARY KEY,
	story_id   BIGINT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'pending',
	created_us BIGINT NOT NULL
);
CREATE INDEX comments_story ON comments (story_id, status);

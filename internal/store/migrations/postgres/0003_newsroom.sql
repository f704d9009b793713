-- The newsroom: people, sessions and API tokens; stories written by
-- intent, each write a revision and an audit entry; a change log that
-- everything following the content reads. A news code is now given at
-- first publication, so drafts have none.
CREATE TABLE users (
	id                   BIGSERIAL PRIMARY KEY,
	name                 TEXT NOT NULL UNIQUE,
	display_name         TEXT NOT NULL DEFAULT '',
	password_hash        TEXT NOT NULL,
	roles                TEXT NOT NULL,
	disabled             BOOLEAN NOT NULL DEFAULT FALSE,
	must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
	created_us           BIGINT NOT NULL,
	password_changed_us  BIGINT NOT NULL
);

-- A session is known by the SHA-256 of its cookie, so the table alone
-- lets nobody in.
CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_us BIGINT NOT NULL,
	seen_us    BIGINT NOT NULL,
	expires_us BIGINT NOT NULL,
	ip         TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         BIGSERIAL PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	hash       TEXT NOT NULL UNIQUE,
	created_us BIGINT NOT NULL,
	used_us    BIGINT,
	revoked_us BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins per account and per address, for throttling.
CREATE TABLE login_failures (
	key             TEXT PRIMARY KEY,
	failures        INTEGER NOT NULL,
	first_us        BIGINT NOT NULL,
	locked_until_us BIGINT NOT NULL DEFAULT 0
);

ALTER TABLE stories ALTER COLUMN code DROP NOT NULL;
ALTER TABLE stories
	ADD COLUMN byline TEXT NOT NULL DEFAULT '',
	ADD COLUMN author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	ADD COLUMN revision BIGINT NOT NULL DEFAULT 1,
	-- who wrote the content last: 'import', or 'newsroom' once anyone
	-- saved it there (an import then leaves the content alone)
	ADD COLUMN origin TEXT NOT NULL DEFAULT 'import',
	-- the headline's analyzer terms, space-separated with a space at
	-- each end, for the newsroom's headline search
	ADD COLUMN headline_terms TEXT NOT NULL DEFAULT '',
	ADD COLUMN changed_us BIGINT NOT NULL DEFAULT 0;
UPDATE stories SET changed_us = coalesce(updated_us, published_us, 0);
CREATE INDEX stories_changed ON stories (changed_us DESC, id DESC);
CREATE INDEX stories_author ON stories (author_id, changed_us DESC);

-- Every version of every story. content holds the revision's content
-- (news.Content as JSON) once a later revision changed it; NULL means
-- "as the next revision", and for the newest, as the story row.
CREATE TABLE story_revisions (
	story_id   BIGINT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	rev        BIGINT NOT NULL,
	actor_id   BIGINT,
	actor_name TEXT NOT NULL,
	at_us      BIGINT NOT NULL,
	action     TEXT NOT NULL,
	status     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	content    TEXT,
	PRIMARY KEY (story_id, rev)
);
INSERT INTO story_revisions (story_id, rev, actor_name, at_us, action, status)
SELECT id, 1, 'ورود خودکار', changed_us, 'import', status FROM stories;

CREATE TABLE corrections (
	id       BIGSERIAL PRIMARY KEY,
	story_id BIGINT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	at_us    BIGINT NOT NULL,
	note     TEXT NOT NULL
);
CREATE INDEX corrections_story ON corrections (story_id, at_us);

CREATE TABLE audit_log (
	id         BIGSERIAL PRIMARY KEY,
	at_us      BIGINT NOT NULL,
	actor_id   BIGINT,
	actor_name TEXT NOT NULL,
	action     TEXT NOT NULL,
	kind       TEXT NOT NULL,
	object_id  BIGINT NOT NULL DEFAULT 0,
	label      TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_actor ON audit_log (actor_id, id);
CREATE INDEX audit_object ON audit_log (kind, object_id, id);

-- A draft's autosaved text, per writer and story (0: a story not yet
-- saved): no revision, no change, until the writer saves.
CREATE TABLE autosaves (
	user_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	story_id BIGINT NOT NULL,
	base_rev BIGINT NOT NULL,
	at_us    BIGINT NOT NULL,
	content  TEXT NOT NULL,
	PRIMARY KEY (user_id, story_id)
);

-- The change log: one row per change that something outside the
-- writing transaction must follow (search statistics, page caches,
-- other nodes). Ids come from change_counter, taken last in the
-- transaction, so they are given in commit order with no gaps; each
-- commit is announced with pg_notify.
CREATE TABLE change_counter (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	last BIGINT NOT NULL
);
INSERT INTO change_counter (id, last) VALUES (1, 1);
CREATE TABLE changes (
	id         BIGINT PRIMARY KEY,
	at_us      BIGINT NOT NULL,
	kind       TEXT NOT NULL,
	story_id   BIGINT NOT NULL DEFAULT 0,
	section_id BIGINT NOT NULL DEFAULT 0,
	-- 1: the story's search entry changed, and terms says how: the
	-- terms it gained and lost, a "+term" or "-term" line each;
	-- 2: the whole index changed
	search     SMALLINT NOT NULL DEFAULT 0,
	terms      TEXT NOT NULL DEFAULT ''
);
INSERT INTO changes (id, at_us, kind, search) VALUES (1, 0, 'migrate', 2);

DROP TABLE search_generation;

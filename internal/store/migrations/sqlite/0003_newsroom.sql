-- khabar: foreign_keys off
-- The newsroom: people, sessions and API tokens; stories written by
-- intent, each write a revision and an audit entry; a change log that
-- everything following the content reads. The stories table is rebuilt
-- (SQLite cannot drop a NOT NULL): a news code is now given at first
-- publication, so drafts have none.
CREATE TABLE users (
	id                   INTEGER PRIMARY KEY,
	name                 TEXT NOT NULL UNIQUE,
	display_name         TEXT NOT NULL DEFAULT '',
	password_hash        TEXT NOT NULL,
	roles                TEXT NOT NULL,
	disabled             INTEGER NOT NULL DEFAULT 0,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	created_us           INTEGER NOT NULL,
	password_changed_us  INTEGER NOT NULL
);

-- A session is known by the SHA-256 of its cookie, so the table alone
-- lets nobody in.
CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_us INTEGER NOT NULL,
	seen_us    INTEGER NOT NULL,
	expires_us INTEGER NOT NULL,
	ip         TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	hash       TEXT NOT NULL UNIQUE,
	created_us INTEGER NOT NULL,
	used_us    INTEGER,
	revoked_us INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins per account and per address, for throttling.
CREATE TABLE login_failures (
	key             TEXT PRIMARY KEY,
	failures        INTEGER NOT NULL,
	first_us        INTEGER NOT NULL,
	locked_until_us INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE stories_new (
	id             INTEGER PRIMARY KEY,
	code           INTEGER UNIQUE REFERENCES news_codes(code),
	uri            TEXT NOT NULL UNIQUE,
	section_id     INTEGER NOT NULL REFERENCES sections(id),
	kicker         TEXT NOT NULL DEFAULT '',
	headline       TEXT NOT NULL,
	lead           TEXT NOT NULL DEFAULT '',
	source         TEXT NOT NULL DEFAULT '',
	provider       TEXT NOT NULL DEFAULT '',
	byline         TEXT NOT NULL DEFAULT '',
	body           TEXT NOT NULL DEFAULT '',
	language       TEXT NOT NULL DEFAULT 'fa',
	status         TEXT NOT NULL,
	published_us   INTEGER,
	updated_us     INTEGER,
	demo           INTEGER NOT NULL DEFAULT 0,
	author_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
	revision       INTEGER NOT NULL DEFAULT 1,
	-- who wrote the content last: 'import', or 'newsroom' once anyone
	-- saved it there (an import then leaves the content alone)
	origin         TEXT NOT NULL DEFAULT 'import',
	-- the headline's analyzer terms, space-separated with a space at
	-- each end, for the newsroom's headline search
	headline_terms TEXT NOT NULL DEFAULT '',
	changed_us     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO stories_new (id, code, uri, section_id, kicker, headline, lead, source, provider, body,
	language, status, published_us, updated_us, demo, changed_us)
SELECT id, code, uri, section_id, kicker, headline, lead, source, provider, body,
	language, status, published_us, updated_us, demo, coalesce(updated_us, published_us, 0)
FROM stories;
DROP TABLE stories;
ALTER TABLE stories_new RENAME TO stories;
CREATE INDEX stories_public ON stories (status, published_us DESC);
CREATE INDEX stories_section ON stories (section_id, status, published_us DESC);
CREATE INDEX stories_changed ON stories (changed_us DESC, id DESC);
CREATE INDEX stories_author ON stories (author_id, changed_us DESC);

-- Every version of every story. content holds the revision's content
-- (news.Content as JSON) once a later revision changed it; NULL means
-- "as the next revision", and for the newest, as the story row.
CREATE TABLE story_revisions (
	story_id   INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	rev        INTEGER NOT NULL,
	actor_id   INTEGER,
	actor_name TEXT NOT NULL,
	at_us      INTEGER NOT NULL,
	action     TEXT NOT NULL,
	status     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	content    TEXT,
	PRIMARY KEY (story_id, rev)
);
INSERT INTO story_revisions (story_id, rev, actor_name, at_us, action, status)
SELECT id, 1, 'ورود خودکار', changed_us, 'import', status FROM stories;

CREATE TABLE corrections (
	id       INTEGER PRIMARY KEY,
	story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	at_us    INTEGER NOT NULL,
	note     TEXT NOT NULL
);
CREATE INDEX corrections_story ON corrections (story_id, at_us);

CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at_us      INTEGER NOT NULL,
	actor_id   INTEGER,
	actor_name TEXT NOT NULL,
	action     TEXT NOT NULL,
	kind       TEXT NOT NULL,
	object_id  INTEGER NOT NULL DEFAULT 0,
	label      TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_actor ON audit_log (actor_id, id);
CREATE INDEX audit_object ON audit_log (kind, object_id, id);

-- A draft's autosaved text, per writer and story (0: a story not yet
-- saved): no revision, no change, until the writer saves.
CREATE TABLE autosaves (
	user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	story_id INTEGER NOT NULL,
	base_rev INTEGER NOT NULL,
	at_us    INTEGER NOT NULL,
	content  TEXT NOT NULL,
	PRIMARY KEY (user_id, story_id)
);

-- The change log: one row per change that something outside the
-- writing transaction must follow (search statistics, page caches,
-- other nodes). Ids come from change_counter, taken last in the
-- transaction, so they are given in commit order with no gaps.
CREATE TABLE change_counter (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	last INTEGER NOT NULL
);
INSERT INTO change_counter (id, last) VALUES (1, 1);
CREATE TABLE changes (
	id         INTEGER PRIMARY KEY,
	at_us      INTEGER NOT NULL,
	kind       TEXT NOT NULL,
	story_id   INTEGER NOT NULL DEFAULT 0,
	section_id INTEGER NOT NULL DEFAULT 0,
	-- 1: the story's search entry changed, and terms says how: the
	-- terms it gained and lost, a "+term" or "-term" line each;
	-- 2: the whole index changed
	search     INTEGER NOT NULL DEFAULT 0,
	terms      TEXT NOT NULL DEFAULT ''
);
INSERT INTO changes (id, at_us, kind, search) VALUES (1, 0, 'migrate', 2);

DROP TABLE search_generation;

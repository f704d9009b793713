-- Reader comments: who sent them (the address for the rate limit, an
-- email never shown), what they answer, their spam score and its
-- reasons, and who moderated them. Site settings, the per-address
-- posting counters and the stories whose comments a moderator closed.
ALTER TABLE comments ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN reply_to INTEGER REFERENCES comments(id) ON DELETE SET NULL;
ALTER TABLE comments ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
-- a line per reason: code, points and argument, tab-separated
ALTER TABLE comments ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
-- the folded text's hash, to know a text sent again; '' for short texts
ALTER TABLE comments ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
-- a form post's key (its token and content), so a post sent twice is
-- stored once; NULL for the API's
ALTER TABLE comments ADD COLUMN dedup TEXT;
ALTER TABLE comments ADD COLUMN decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE comments ADD COLUMN decided_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN decided_us INTEGER;
DROP INDEX comments_story;
CREATE INDEX comments_story ON comments (story_id, status, created_us, id);
CREATE INDEX comments_queue ON comments (status, id);
CREATE INDEX comments_reply ON comments (reply_to, status) WHERE reply_to IS NOT NULL;
CREATE INDEX comments_fingerprint ON comments (fingerprint, created_us) WHERE fingerprint <> '';
CREATE UNIQUE INDEX comments_dedup ON comments (dedup);

-- Posts per address (an IPv6 /64) in the current window.
CREATE TABLE comment_rate (
	key      TEXT PRIMARY KEY,
	start_us INTEGER NOT NULL,
	posts    INTEGER NOT NULL
);

-- Stories whose comments a moderator closed.
CREATE TABLE comment_closures (
	story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	at_us    INTEGER NOT NULL
);

-- Site settings admins edit in the newsroom, and the secret that signs
-- the comment form's tokens (made at first use).
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('comment_moderation', 'pre'), ('comment_close_days', '0'),
	('comment_blocked_words', '');

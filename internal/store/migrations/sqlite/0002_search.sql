-- Search index. Terms come from khabar's Persian analyzer (Go side),
-- written space-separated, so FTS5's ascii tokenizer only splits at
-- spaces. Lengths and filter fields live in search_docs, shared in shape
-- with PostgreSQL so both rank alike.
CREATE VIRTUAL TABLE search_fts USING fts5 (
	head, lead, body,
	tokenize = 'ascii',
	content = '',
	contentless_delete = 1
);
CREATE VIRTUAL TABLE search_vocab_row USING fts5vocab (search_fts, row);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_fts, instance);

CREATE TABLE search_docs (
	story_id     INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	section_id   INTEGER NOT NULL,
	source       TEXT NOT NULL,
	published_us INTEGER,
	len_head     INTEGER NOT NULL,
	len_lead     INTEGER NOT NULL,
	len_body     INTEGER NOT NULL,
	-- The story's terms with their counts per field, a "term head lead
	-- body" line each in term order: how ranking scores the terms too
	-- common to read the postings of (search_rank.go).
	fwd          TEXT NOT NULL DEFAULT ''
);

-- Bumped in every transaction that changes the index, so each process
-- knows when its cached vocabulary is stale.
CREATE TABLE search_generation (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	gen INTEGER NOT NULL
);
INSERT INTO search_generation (id, gen) VALUES (1, 1);

-- Search index. Terms come from khabar's Persian analyzer (Go side) and
-- are written as a tsvector literal with weights A (headline), B (lead)
-- and D (body); no PostgreSQL parser or dictionary touches them. The
-- tsvector under GIN answers which stories hold a term, and gives the
-- vocabulary (ts_stat).
CREATE TABLE search_docs (
	story_id     BIGINT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	section_id   BIGINT NOT NULL,
	source       TEXT NOT NULL,
	published_us BIGINT,
	len_head     INTEGER NOT NULL,
	len_lead     INTEGER NOT NULL,
	len_body     INTEGER NOT NULL,
	tsv          TSVECTOR NOT NULL,
	-- The story's terms with their counts per field, a "term head lead
	-- body" line each in term order: how ranking scores the terms too
	-- common to read the postings of (search_rank.go).
	fwd          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

-- Ranking needs each term's count per field in each story. A tsvector
-- gives those only by unnesting every lexeme of every matching story,
-- which costs tens of milliseconds for a common word, so the same counts
-- are also kept here, one row per term and story: the shape of SQLite's
-- fts5vocab, read with one index range scan per term.
CREATE TABLE search_postings (
	term     TEXT NOT NULL,
	-- No foreign key: checking one per row was most of a bulk import's
	-- time; the store deletes a story's postings with its entry.
	story_id BIGINT NOT NULL,
	tf_head  INTEGER NOT NULL,
	tf_lead  INTEGER NOT NULL,
	tf_body  INTEGER NOT NULL,
	PRIMARY KEY (term, story_id)
);
CREATE INDEX search_postings_story ON search_postings (story_id);

-- Bumped in every transaction that changes the index, so each process
-- knows when its cached vocabulary is stale.
CREATE TABLE search_generation (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	gen BIGINT NOT NULL
);
INSERT INTO search_generation (id, gen) VALUES (1, 1);

-- Search index. Terms come from khabar's Persian analyzer (Go side) and
-- are written as a tsvector literal with weights A (headline), B (lead)
-- and D (body); no PostgreSQL parser or dictionary touches them.
CREATE TABLE search_docs (
	story_id     BIGINT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
	section_id   BIGINT NOT NULL,
	source       TEXT NOT NULL,
	published_us BIGINT,
	len_head     INTEGER NOT NULL,
	len_lead     INTEGER NOT NULL,
	len_body     INTEGER NOT NULL,
	tsv          TSVECTOR NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

-- Bumped in every transaction that changes the index, so each process
-- knows when its cached vocabulary is stale.
CREATE TABLE search_generation (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	gen BIGINT NOT NULL
);
INSERT INTO search_generation (id, gen) VALUES (1, 1);

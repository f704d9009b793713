-- The wire desk's grouping, made to scale: a new item's candidates are
-- compared by their signatures, which lived in wire_items beside the
-- bodies; on a full desk each look-up then read wide rows from all over
-- the file. They now live in a narrow table of their own, with what the
-- look-up filters by (arrival) and returns (the group), so the pages a
-- look-up touches stay few and cached.
CREATE TABLE wire_signatures (
	item_id    BIGINT PRIMARY KEY REFERENCES wire_items(id) ON DELETE CASCADE,
	group_id   BIGINT NOT NULL,
	arrived_us BIGINT NOT NULL,
	signature  BYTEA NOT NULL
);
INSERT INTO wire_signatures (item_id, group_id, arrived_us, signature)
	SELECT id, group_id, arrived_us, signature FROM wire_items;

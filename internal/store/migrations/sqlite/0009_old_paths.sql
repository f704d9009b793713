-- The addresses imported stories had on the site they came from
-- (news.OldPath), which the public site sends on to the story.
CREATE TABLE old_paths (
	path     TEXT PRIMARY KEY,
	story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE
);

-- Photos: each uploaded image once, known by the SHA-256 of the file as
-- it came; its renditions live in the media storage, not here. A story
-- names its lead photo and gives it a caption of its own.
CREATE TABLE photos (
	id            TEXT PRIMARY KEY,
	width         INTEGER NOT NULL,
	height        INTEGER NOT NULL,
	-- the renditions' widths, "320,640,1024,1600"
	widths        TEXT NOT NULL,
	webp          INTEGER NOT NULL DEFAULT 0,
	caption       TEXT NOT NULL DEFAULT '',
	credit        TEXT NOT NULL DEFAULT '',
	-- the caption's analyzer terms, space-separated with a space at each
	-- end, for the library's search
	caption_terms TEXT NOT NULL DEFAULT '',
	uploader_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
	uploader_name TEXT NOT NULL DEFAULT '',
	uploaded_us   INTEGER NOT NULL,
	bytes         INTEGER NOT NULL,
	format        TEXT NOT NULL
);
CREATE INDEX photos_uploaded ON photos (uploaded_us DESC, id);

ALTER TABLE stories ADD COLUMN photo_id TEXT REFERENCES photos(id);
ALTER TABLE stories ADD COLUMN photo_caption TEXT NOT NULL DEFAULT '';

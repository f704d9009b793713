package news

import "time"

// StoryFilter selects stories for listings. Zero fields do not filter.
type StoryFilter struct {
	SectionSlug string
	// SectionIDs keeps the stories filed under any of these sections (a
	// section and the sections under it).
	SectionIDs []int64
	// Tag keeps the stories carrying the tag, however its letters and
	// ZWNJ are written.
	Tag string
	// From and To bound the publish time: From <= t < To.
	From, To time.Time
	// PublicAt, when set, keeps only stories visible to readers at that time.
	PublicAt time.Time
	Limit    int
	Offset   int
	// NoTotal skips counting the matches (Page.Total is then 0): a
	// block of the home page needs only its first few.
	NoTotal bool
}

// Page is one page of a listing and the total it was cut from.
type Page struct {
	Stories []*Story
	Total   int
}

// DeskFilter selects stories for the newsroom's list, whatever their
// state. Zero fields do not filter.
type DeskFilter struct {
	Status      Status
	SectionSlug string
	AuthorID    int64
	// From and To bound the time of the story's last change: From <= t < To.
	From, To time.Time
	// Headline keeps stories whose headline holds every word of it,
	// matched as the Persian search matches words.
	Headline string
	Limit    int
	// After continues a listing past the story with this cursor (see
	// DeskPage.Next); Offset skips as many stories instead.
	After  string
	Offset int
}

// DeskPage is one page of the newsroom's list.
type DeskPage struct {
	Stories []*Story
	Total   int
	// Next is the cursor of the page after this one; "" on the last.
	Next string
}

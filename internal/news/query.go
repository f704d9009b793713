package news

import "time"

// StoryFilter selects stories for listings. Zero fields do not filter.
type StoryFilter struct {
	SectionSlug string
	Tag         string
	// From and To bound the publish time: From <= t < To.
	From, To time.Time
	// PublicAt, when set, keeps only stories visible to readers at that time.
	PublicAt time.Time
	Limit    int
	Offset   int
}

// Page is one page of a listing and the total it was cut from.
type Page struct {
	Stories []*Story
	Total   int
}

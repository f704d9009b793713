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

// PublicFilter selects the stories readers see, for the feeds, the
// sitemaps and the ninjs API. Zero fields do not filter, but At is
// required: only stories visible at At are listed.
type PublicFilter struct {
	SectionSlug string
	Tag         string
	// From and To bound the publish time: From <= t < To.
	From, To time.Time
	At       time.Time
	Limit    int
	// After continues the listing past the story with this key: newest
	// first by publish time, then by news code.
	After *StoryKey
}

// StoryKey is a story's place in the public listings, which are ordered
// newest first by Published, then by Code. A public story keeps its key,
// so a listing continued after a key neither repeats nor skips a story
// however many are published meanwhile: a new story sorts first.
type StoryKey struct {
	Published time.Time
	Code      int64
}

// Key returns the story's place in the public listings.
func (s *Story) Key() StoryKey { return StoryKey{Published: s.Published, Code: s.Code} }

// StoryLink is what a sitemap says of a story.
type StoryLink struct {
	Code      int64
	Headline  string
	Published time.Time
	Updated   time.Time // zero when never changed after publication
}

// Slug is the story's URL slug, as Story.Slug.
func (l StoryLink) Slug() string { return Slugify(l.Headline) }

// Modified is when the story last changed: its update or publication.
func (l StoryLink) Modified() time.Time {
	if l.Updated.After(l.Published) {
		return l.Updated
	}
	return l.Published
}

// PublicState is what every public listing depends on at a given time:
// when any story last changed, and the newest publish time readers can
// see. Two listings made at states that are equal hold the same stories.
type PublicState struct {
	Changed time.Time
	Newest  time.Time
}

// Modified is the later of the two times: the Last-Modified of anything
// built from the public listings.
func (p PublicState) Modified() time.Time {
	if p.Newest.After(p.Changed) {
		return p.Newest
	}
	return p.Changed
}

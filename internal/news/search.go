package news

import "time"

// SearchQuery is what a reader or an API client asks the search for.
type SearchQuery struct {
	Text        string
	SectionSlug string
	Source      string
	// From and To bound the publish time: From <= t < To; zero is open.
	From, To time.Time
	// At is the time whose public stories are searched: stories
	// published later are left out. Zero means now.
	At     time.Time
	Limit  int
	Offset int
	// AsTyped searches the words as they were typed: a correction is
	// still suggested but never searched in their place.
	AsTyped bool
}

// Search limits.
const (
	SearchDefaultLimit = 10
	SearchMaxLimit     = 100
	SearchMaxQuery     = 512 // runes; longer queries are cut, not refused
)

// SearchHit is one story found, best first.
type SearchHit struct {
	Story *Story
	Score float64
	// Terms are the indexed words that matched, in normalized form, so a
	// snippet can highlight them whatever spelling the reader typed.
	Terms []string
}

// SearchResult is one page of hits and what the search understood.
type SearchResult struct {
	Hits  []SearchHit
	Total int
	// Suggestion is the corrected query when a query word is likelier
	// a misspelling of a word the stories hold than what was meant;
	// empty otherwise.
	Suggestion string
	// Corrected says the hits are for Suggestion, not for the query as
	// typed.
	Corrected bool
}

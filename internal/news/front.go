package news

import (
	"slices"
	"time"
)

// FrontPage is the editors' choice for the home page: the lead story
// and the featured stories under it, in order. Each save is a new
// revision; the newest is the one shown.
type FrontPage struct {
	Revision int64
	LeadID   int64   // 0: none chosen
	Featured []int64 // story ids, in the order shown
	By       string  // who saved it
	At       time.Time
}

// MaxFeatured bounds the featured stories of the front page.
const MaxFeatured = 8

// Chosen reports whether an editor has chosen anything: otherwise the
// home page shows the newest stories.
func (f FrontPage) Chosen() bool { return f.LeadID != 0 || len(f.Featured) > 0 }

// Clean returns the layout with duplicates dropped (the lead is not
// featured too), zero ids dropped and at most MaxFeatured featured.
func (f FrontPage) Clean() FrontPage {
	var out []int64
	for _, id := range f.Featured {
		if id > 0 && id != f.LeadID && !slices.Contains(out, id) && len(out) < MaxFeatured {
			out = append(out, id)
		}
	}
	f.Featured = out
	if f.LeadID < 0 {
		f.LeadID = 0
	}
	return f
}

// Breaking marks a published story «فوری» until a time: a ticker on
// every public page shows it, and it takes the home page's lead slot.
type Breaking struct {
	Story *Story
	Until time.Time
	By    string
	At    time.Time
}

// Limits on breaking news.
const (
	DefaultBreaking = time.Hour      // how long a story stays breaking unless told
	MaxBreaking     = 24 * time.Hour // the longest it may
	MaxTicker       = 5              // how many breaking stories the ticker shows
)

// TagCount is a tag and how many stories carry it.
type TagCount struct {
	Tag     string
	Stories int
}

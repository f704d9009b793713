package news

import (
	"fmt"
	"time"
)

// Content is what a writer edits: the text of a story and where it is
// filed. Every revision of a story keeps one.
type Content struct {
	Section  string   `json:"section"` // section slug
	Kicker   string   `json:"kicker"`
	Headline string   `json:"headline"`
	Lead     string   `json:"lead"`
	Source   string   `json:"credit"` // credited source agency
	Byline   string   `json:"byline"`
	Body     string   `json:"body"` // sanitized HTML
	Tags     []string `json:"tags"`
	// Photo is the id of the lead photo, "" for none; PhotoCaption its
	// caption in this story.
	Photo        string `json:"photo,omitempty"`
	PhotoCaption string `json:"photo_caption,omitempty"`
}

// ContentOf returns the editable content of st.
func ContentOf(st *Story) Content {
	c := Content{Section: st.Section.Slug, Kicker: st.Kicker, Headline: st.Headline, Lead: st.Lead,
		Source: st.Source, Byline: st.Byline, Body: st.Body, Tags: append([]string(nil), st.Tags...)}
	if st.Photo != nil {
		c.Photo, c.PhotoCaption = st.Photo.ID, st.PhotoCaption
	}
	return c
}

// Apply writes c into st. The section and the photo are set by slug
// and id only; the store fills in the rest.
func (c Content) Apply(st *Story) {
	if st.Section.Slug != c.Section {
		st.Section = Section{Slug: c.Section}
	}
	switch {
	case c.Photo == "":
		st.Photo, st.PhotoCaption = nil, ""
	case st.Photo == nil || st.Photo.ID != c.Photo:
		st.Photo = &Photo{ID: c.Photo}
	}
	if st.Photo != nil {
		st.PhotoCaption = c.PhotoCaption
	}
	st.Kicker, st.Headline, st.Lead, st.Source, st.Byline, st.Body = c.Kicker, c.Headline, c.Lead, c.Source, c.Byline, c.Body
	st.Tags = append([]string(nil), c.Tags...)
}

// Equal reports whether c and d hold the same text.
func (c Content) Equal(d Content) bool {
	if c.Section != d.Section || c.Kicker != d.Kicker || c.Headline != d.Headline || c.Lead != d.Lead ||
		c.Source != d.Source || c.Byline != d.Byline || c.Body != d.Body || len(c.Tags) != len(d.Tags) ||
		c.Photo != d.Photo || c.PhotoCaption != d.PhotoCaption {
		return false
	}
	for i := range c.Tags {
		if c.Tags[i] != d.Tags[i] {
			return false
		}
	}
	return true
}

// Revision is one recorded version of a story: who did what, when, and
// the content as it stood afterwards.
type Revision struct {
	StoryID int64
	Number  int64
	Actor   Actor
	At      time.Time
	Action  Action
	Status  Status // the story's state after the action
	Note    string // a correction's text, a kill's reason, …
	Content Content
}

// Correction is a published notice that a story was corrected.
type Correction struct {
	At   time.Time
	Note string
}

// Stale is the error of a write made from an older revision than the
// story's current one: someone else saved in between. It carries what
// the writer needs to decide: the revision they started from and the
// one they would have overwritten.
type Stale struct {
	Base    *Revision // the writer's starting point; nil if unknown
	Current *Story
}

func (e *Stale) Error() string {
	if e.Current == nil {
		return "این خبر در این فاصله ویرایش شده است"
	}
	return fmt.Sprintf("این خبر در این فاصله ویرایش شده است (نسخهٔ کنونی %d)؛ تغییر دیگری که ذخیره شد را ببینید و دوباره ذخیره کنید", e.Current.Revision)
}

// ErrorCode makes a *Stale an ESTALE error.
func (e *Stale) ErrorCode() string { return ESTALE }

// AuditEntry is one line of the audit log: who did what to which
// object, when.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  Actor
	Action string
	Kind   string // story, user, section, …
	Object int64  // its id
	Label  string // its headline or name when it was done
	Detail string
}

// AuditFilter selects audit entries. Zero fields do not filter.
type AuditFilter struct {
	ActorID  int64
	Kind     string
	ObjectID int64
	Action   string
	From, To time.Time
	Limit    int
	Before   int64 // entries with a smaller id only (paging)
}

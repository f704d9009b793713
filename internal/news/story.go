// Package news holds khabar's domain: stories, sections and the rules
// that govern them. It does no I/O: no SQL, no HTTP.
package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Status is where a story stands in the newsroom workflow.
type Status string

// The workflow states. Only Published stories are visible to the public.
const (
	StatusDraft       Status = "draft"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished"
)

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusPublished, StatusUnpublished:
		return true
	}
	return false
}

// Story is one news item: the unit a reporter writes, an editor
// publishes and a reader opens at /news/{code}/{slug}.
type Story struct {
	ID int64
	// Code is the public news code (کد خبر): assigned once when the
	// story is first stored, never changed and never reused.
	Code int64
	// URI identifies the story across systems (ninjs uri). Imported
	// stories keep the uri they came with; importing the same uri again
	// updates the story instead of adding one.
	URI string

	Section  Section
	Kicker   string // روتیتر, optional line above the headline
	Headline string
	Lead     string // لید
	Source   string // credited source agency, e.g. «نصر»; opens the lead
	// Provider is the agency whose page an imported story came from,
	// e.g. «ایلنا - خبرگزاری کار ایران»; empty for the newsroom's own.
	Provider string
	Body     string // sanitized HTML: <p> paragraphs and inline markup
	Tags     []string
	Language string // BCP 47, "fa" by default

	Status Status
	// Published is the publish time in UTC; zero when unknown (some
	// imported stories carry no date).
	Published time.Time
	Updated   time.Time
	// Demo marks the demonstration content loaded into a new database.
	Demo bool
}

// Section is a desk of the agency (سرویس): politics, sports, …
type Section struct {
	ID   int64
	Slug string // URL name, ASCII or Persian: /section/{slug}
	Name string // shown to readers
}

// Limits on what a story may hold; larger input is refused as invalid.
const (
	MaxHeadline = 500
	MaxLead     = 4000
	MaxBody     = 1 << 20
	MaxTags     = 50
)

// Validate checks the fields every stored story must have and returns an
// *Error with code EINVALID naming the first problem.
func (s *Story) Validate() error {
	fields := []struct{ name, value string }{
		{"headline", s.Headline}, {"kicker", s.Kicker}, {"lead", s.Lead},
		{"source", s.Source}, {"body", s.Body}, {"uri", s.URI},
	}
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return Errorf(EINVALID, "%s is not valid UTF-8", f.name)
		}
	}
	switch {
	case strings.TrimSpace(s.Headline) == "":
		return Errorf(EINVALID, "headline is required")
	case utf8.RuneCountInString(s.Headline) > MaxHeadline:
		return Errorf(EINVALID, "headline is longer than %d characters", MaxHeadline)
	case utf8.RuneCountInString(s.Lead) > MaxLead:
		return Errorf(EINVALID, "lead is longer than %d characters", MaxLead)
	case len(s.Body) > MaxBody:
		return Errorf(EINVALID, "body is larger than %d bytes", MaxBody)
	case len(s.Tags) > MaxTags:
		return Errorf(EINVALID, "more than %d tags", MaxTags)
	case s.Code < 0:
		return Errorf(EINVALID, "news code must be positive")
	case s.Status != "" && !s.Status.Valid():
		return Errorf(EINVALID, "unknown status %q", s.Status)
	}
	for _, tag := range s.Tags {
		if !utf8.ValidString(tag) || strings.TrimSpace(tag) == "" || strings.ContainsFunc(tag, unicode.IsControl) {
			return Errorf(EINVALID, "tag %q is empty, not valid UTF-8 or holds control characters", tag)
		}
	}
	return nil
}

// Slug returns the URL slug of the headline: its words joined by '-',
// at most maxSlugWords of them, Persian letters kept as they are.
func (s *Story) Slug() string { return Slugify(s.Headline) }

const maxSlugWords = 12

// Slugify turns a headline into a URL slug: letters and digits kept,
// everything else a word break, words joined with '-'.
func Slugify(text string) string {
	var words []string
	var b strings.Builder
	zwnj := false // a ZWNJ seen since the last letter of the word
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
		zwnj = false
	}
	for _, r := range text {
		switch {
		case r == '\u200c':
			// ZWNJ belongs inside the word («می‌شود» → می-شود). It
			// becomes '-' only between letters, so a stray one at a
			// word's edge or a doubled one adds no "--" and no word.
			zwnj = b.Len() > 0
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if zwnj {
				b.WriteRune('-')
				zwnj = false
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// harakat: dropped
		default:
			flush()
		}
		if len(words) >= maxSlugWords {
			break
		}
	}
	flush()
	if len(words) > maxSlugWords {
		words = words[:maxSlugWords]
	}
	return strings.Trim(strings.Join(words, "-"), "-")
}

// Visible reports whether the public may see the story at time now.
func (s *Story) Visible(now time.Time) bool {
	return s.Status == StatusPublished && !s.Published.After(now)
}

// Package news holds khabar's domain: stories, sections and the rules
// that govern them. It does no I/O: no SQL, no HTTP.
package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Story is one news item: the unit a reporter writes, an editor
// publishes and a reader opens at /news/{code}/{slug}.
type Story struct {
	ID int64
	// Code is the public news code (کد خبر): assigned once when the
	// story is first published (an imported story keeps its own), never
	// changed and never reused; 0 until then.
	Code int64
	// Revision counts the story's recorded versions: every write makes
	// a new one, and a writer names the one it started from.
	Revision int64
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
	Byline   string // the writer as credited, e.g. «خبرنگار: مریم احمدی»
	Body     string // sanitized HTML: <p> paragraphs and inline markup
	Tags     []string
	// Photo is the lead photo, nil for none: shown above the text, as
	// the thumbnail in listings and with the link on social networks.
	// PhotoCaption is its caption in this story.
	Photo        *Photo
	PhotoCaption string
	Language     string // BCP 47, "fa" by default
	// AuthorID is the newsroom user who created the story; 0 for an
	// imported one.
	AuthorID int64
	// Corrections are the notices published with the story, oldest
	// first; loaded with a single story, not with listings.
	Corrections []Correction

	Status Status
	// Published is the publish time in UTC (for a scheduled story, the
	// time it is due); zero when unknown (some imported stories carry no
	// date) or not yet published.
	Published time.Time
	// Updated is the time of the content's version (ninjs versioncreated).
	Updated time.Time
	// Changed is the time of the story's last write of any kind, as the
	// newsroom's list orders stories.
	Changed time.Time
	// Origin is where a story republished from the wire desk came
	// from; nil for the others. Loaded with a single story.
	Origin *Origin
	// Demo marks the demonstration content loaded into a new database.
	Demo bool
}

// Section is a desk of the agency (سرویس): politics, sports, … Sections
// form a tree the admins arrange (see section.go). A story's section
// carries its id, slug and name only.
type Section struct {
	ID   int64
	Slug string // URL name, ASCII or Persian: /section/{slug}
	Name string // shown to readers
	// ParentID is the section this one is filed under; 0 at the top.
	ParentID int64
	// Position orders the section among its siblings.
	Position int
	// InNav puts a top-level section in the public navigation.
	InNav bool
	// Parent, on a story being imported, is where a section the import
	// creates goes (a province under «استان‌ها»); an existing section
	// stays where the admins put it.
	Parent *Section
}

// Limits on what a story may hold; larger input is refused as invalid.
const (
	MaxHeadline = 500
	MaxKicker   = 500
	MaxLead     = 4000
	MaxSource   = 200
	MaxByline   = 300
	MaxBody     = 1 << 20
	MaxTags     = 50
	MaxTag      = 200
	MaxURI      = 2000
)

// MaxImportedSections is how many sections the site may have before an
// import stops creating them: every section is listed in every page's
// menu, so an archive with a category per story would bloat each page.
// A story of a new category beyond it goes to the default section.
const MaxImportedSections = 60

// Validate checks the fields every stored story must have and returns an
// *Error with code EINVALID naming the first problem, in Persian, and
// the field.
func (s *Story) Validate() error {
	checks := []struct {
		field, name, value string
		max                int
		lines              bool // line breaks allowed
	}{
		{"headline", "تیتر", s.Headline, MaxHeadline, true},
		{"kicker", "روتیتر", s.Kicker, MaxKicker, true},
		{"lead", "لید", s.Lead, MaxLead, true},
		{"credit", "منبع", s.Source, MaxSource, false},
		{"byline", "نویسنده", s.Byline, MaxByline, false},
		{"provider", "ناشر", s.Provider, MaxSource, false},
		{"uri", "شناسه (uri)", s.URI, MaxURI, false},
		{"section", "سرویس", s.Section.Slug, MaxTag, false},
	}
	for _, c := range checks {
		if err := plainText(c.field, c.name, c.value, c.max, c.lines); err != nil {
			return err
		}
	}
	switch {
	case !utf8.ValidString(s.Body):
		return FieldErrorf("body", EINVALID, "متن خبر UTF-8 معتبر نیست")
	case strings.IndexByte(s.Body, 0) >= 0:
		return FieldErrorf("body", EINVALID, "متن خبر نویسهٔ NUL دارد")
	case strings.TrimSpace(s.Headline) == "":
		return FieldErrorf("headline", EINVALID, "تیتر خبر لازم است")
	case len(s.Body) > MaxBody:
		return FieldErrorf("body", EINVALID, "متن خبر بیش از %d بایت است", MaxBody)
	case len(s.Tags) > MaxTags:
		return FieldErrorf("tags", EINVALID, "بیش از %d برچسب", MaxTags)
	case s.Code < 0:
		return FieldErrorf("code", EINVALID, "کد خبر باید عددی مثبت باشد")
	case s.Status != "" && !s.Status.Valid():
		return FieldErrorf("state", EINVALID, "وضعیت ناشناخته %q", s.Status)
	case s.Photo != nil && !ValidPhotoID(s.Photo.ID):
		return FieldErrorf("photo", EINVALID, "شناسهٔ عکس %q درست نیست", s.Photo.ID)
	case s.Photo == nil && s.PhotoCaption != "":
		return FieldErrorf("photo_caption", EINVALID, "زیرنویس بدون عکس آمده است")
	}
	if err := plainText("photo_caption", "زیرنویس عکس", s.PhotoCaption, MaxPhotoCaption, false); err != nil {
		return err
	}
	for _, tag := range s.Tags {
		if strings.TrimSpace(tag) == "" {
			return FieldErrorf("tags", EINVALID, "برچسب خالی است")
		}
		if err := plainText("tags", "برچسب", tag, MaxTag, false); err != nil {
			return err
		}
	}
	return nil
}

// plainText checks one text field: valid UTF-8, no control characters
// (line breaks and tabs only where lines is set), at most max runes.
func plainText(field, name, value string, max int, lines bool) error {
	if !utf8.ValidString(value) {
		return FieldErrorf(field, EINVALID, "%s UTF-8 معتبر نیست", name)
	}
	bad := func(r rune) bool {
		if lines && (r == '\n' || r == '\r' || r == '\t') {
			return false
		}
		return unicode.IsControl(r)
	}
	if strings.ContainsFunc(value, bad) {
		return FieldErrorf(field, EINVALID, "%s نویسهٔ کنترلی (مانند NUL) دارد", name)
	}
	if utf8.RuneCountInString(value) > max {
		return FieldErrorf(field, EINVALID, "%s بیش از %d نویسه است", name, max)
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
	return s.Status == StatusPublished && s.Code > 0 && !s.Published.After(now)
}

// Gone reports whether the story was killed: readers get a 410 for it.
func (s *Story) Gone() bool { return s.Status == StatusKilled }

package news

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// The formats a wire source may be read as; "" detects it from what
// the source sends.
const (
	WireAuto  = ""
	WireRSS   = "rss"
	WireAtom  = "atom"
	WireNinjs = "ninjs"
)

// Bounds on a source's poll interval.
const (
	MinWireEvery     = time.Minute
	MaxWireEvery     = 24 * time.Hour
	DefaultWireEvery = 5 * time.Minute
	MaxWireURL       = 2000
)

// WireSource is another agency's feed the wire desk polls.
type WireSource struct {
	ID      int64
	URL     string
	Format  string // rss, atom, ninjs, or "" to detect
	Credit  string // the agency as stories credit it, e.g. «نصر»
	Every   time.Duration
	Enabled bool
	Created time.Time

	// What the poller last saw.
	ETag, LastModified string
	Next               time.Time // when it is polled next
	Failures           int       // failed polls in a row
	LastError          string    // "" after a good poll
	LastErrorAt        time.Time
	LastOK             time.Time
	Items              int // items on the desk from it
}

// Check cleans the source and returns an EINVALID *Error naming the
// first field at fault.
func (s *WireSource) Check() error {
	s.URL = strings.TrimSpace(s.URL)
	s.Credit = strings.TrimSpace(s.Credit)
	s.Format = strings.ToLower(strings.TrimSpace(s.Format))
	if s.Every == 0 {
		s.Every = DefaultWireEvery
	}
	u, err := url.Parse(s.URL)
	switch {
	case s.URL == "":
		return FieldErrorf("url", EINVALID, "نشانی خوراک لازم است")
	case len(s.URL) > MaxWireURL || !utf8.ValidString(s.URL):
		return FieldErrorf("url", EINVALID, "نشانی خوراک معتبر نیست")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return FieldErrorf("url", EINVALID, "نشانی خوراک باید با http:// یا https:// آغاز شود")
	}
	switch s.Format {
	case WireAuto, WireRSS, WireAtom, WireNinjs:
	default:
		return FieldErrorf("format", EINVALID, "قالب خوراک یکی از rss، atom یا ninjs باشد (یا خالی برای تشخیص خودکار)")
	}
	if s.Credit == "" {
		return FieldErrorf("credit", EINVALID, "نام منبع (مانند «ایسنا») لازم است")
	}
	if err := plainText("credit", "نام منبع", s.Credit, MaxSource, false); err != nil {
		return err
	}
	if s.Every < MinWireEvery || s.Every > MaxWireEvery {
		return FieldErrorf("every", EINVALID, "فاصلهٔ خواندن خوراک باید از یک دقیقه تا ۲۴ ساعت باشد")
	}
	return nil
}

// WireItem is one item another agency sent, as it waits on the desk.
type WireItem struct {
	ID       int64
	SourceID int64
	Credit   string // its source's credit
	// GUID is the item's own id in its feed (guid, Atom id, ninjs uri).
	GUID      string
	Headline  string
	Lead      string // plain text
	Body      string // sanitized HTML
	Link      string
	Published time.Time // the source's time; zero when it gave none
	Arrived   time.Time
	// Group is the id of the first item of its near-duplicate group
	// (its own id when it is the first).
	Group int64
	// Story is the draft it was republished as; 0 when it was not.
	Story int64
}

// Limits on what the desk keeps of an item; longer text is cut.
const (
	MaxWireGUID = 2000
	MaxWireBody = 256 << 10
)

// WireFilter selects items on the desk, newest first.
type WireFilter struct {
	Source int64  // 0: any
	Query  string // Persian search over headline, lead and body
	// Section is a keyword the item's text must hold (as the search
	// reads it), e.g. «ورزش».
	Section string
	Limit   int
	// Cursor continues after the last item of a page: the position the
	// previous page returned.
	Cursor string
}

// WireGroup is a near-duplicate group as the desk shows it: its first
// item and the others, oldest first.
type WireGroup struct {
	First  *WireItem
	Others []*WireItem
}

// Credits lists the sources of the group, in the order they arrived,
// each once.
func (g *WireGroup) Credits() []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range append([]*WireItem{g.First}, g.Others...) {
		if !seen[it.Credit] {
			seen[it.Credit] = true
			out = append(out, it.Credit)
		}
	}
	return out
}

// Origin is where a republished story came from, kept in its record:
// the agency credited, the original's address and the agency's time.
type Origin struct {
	Credit    string
	Link      string
	Published time.Time
}

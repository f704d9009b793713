package web

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

//go:embed templates
var templateFS embed.FS

// pageFiles maps each page to its template file; each is parsed with the
// shared layout and partials, and executed from its root template.
var pageFiles = map[string]string{
	"article": "article.html",
	"print":   "print.html",
	"home":    "home.html",
	"list":    "list.html",
	"search":  "search.html",
	"error":   "error.html",
}

func parseTemplates(funcs template.FuncMap, log *slog.Logger) (*httpx.Pages, error) {
	files := make(map[string]string, len(pageFiles))
	for name, file := range pageFiles {
		files[name] = "templates/" + file
	}
	return httpx.ParsePages(templateFS, funcs, []string{"templates/layout.html", "templates/partials.html",
		"templates/distribution.html", "templates/comments.html"}, files, log)
}

// page is what the layout needs on every page; each page's data embeds it.
type page struct {
	Site        string
	Title       string // the whole <title>
	Description string
	Canonical   string
	NoIndex     bool
	Query       string // shown in the search box
	// Sections is every section, in tree order; Nav the top-level ones
	// the navigation shows.
	Sections []news.Section
	Nav      []news.Section
	tree     *news.SectionTree
	Current  string // slug of the section being shown, if any
	Today    time.Time
	Pager    *pager
	// Ticker is the breaking news shown across the top.
	Ticker []news.Breaking
	// Demo marks a page showing demo content: it says so.
	Demo  bool
	Feeds []feedLink // announced with <link rel="alternate">
}

// newPage loads what every page shows: the navigation and the ticker.
func (s *server) newPage(r *http.Request, title string) (page, error) {
	tree, err := s.store.SectionTree(r.Context())
	if err != nil {
		return page{}, fmt.Errorf("web: load sections: %w", err)
	}
	now := s.now()
	ticker, err := s.store.Breaking(r.Context(), now)
	if err != nil {
		return page{}, fmt.Errorf("web: load breaking news: %w", err)
	}
	full := s.cfg.SiteName
	if title != "" {
		full = title + " - " + s.cfg.SiteName
	}
	p := page{Site: s.cfg.SiteName, Title: full, Sections: tree.All, Nav: tree.Nav(), tree: tree, Today: now, Ticker: ticker,
		Feeds: siteFeeds(s.cfg.SiteName)}
	for _, b := range ticker {
		p.showing(b.Story)
	}
	return p, nil
}

// showing notes the stories a page shows, so a page with a demo story
// says it holds demo content.
func (p *page) showing(stories ...*news.Story) {
	for _, st := range stories {
		if st != nil && st.Demo {
			p.Demo = true
		}
	}
}

// crumbs returns the path of st's section in the page's tree, or the
// section alone when the tree does not hold it (a preview's new one).
func (p *page) crumbs(sec news.Section) []news.Section {
	if p.tree != nil {
		if path := p.tree.Path(sec.ID); len(path) > 0 {
			return path
		}
	}
	if sec.Slug == "" {
		return nil
	}
	return []news.Section{sec}
}

// navSlug is the slug the navigation marks for a page of sec: the
// top-level section it is filed under.
func (p *page) navSlug(sec news.Section) string {
	if p.tree != nil {
		if path := p.tree.Path(sec.ID); len(path) > 0 {
			return path[0].Slug
		}
	}
	return sec.Slug
}

// tickerCacheSeconds bounds how long a page showing the ticker may be
// kept: an unmarked story leaves it within this, an expired one at its
// expiry.
const tickerCacheSeconds = 10

// cacheControl is the Cache-Control of the page answered with status
// (below 500): cc, unless the ticker shows.
func (p page) cacheControl(cc string) string {
	if len(p.Ticker) == 0 {
		return cc
	}
	secs := tickerCacheSeconds
	for _, b := range p.Ticker {
		if left := int(b.Until.Sub(p.Today).Seconds()); left < secs {
			secs = max(left, 0)
		}
	}
	return "public, max-age=" + strconv.Itoa(secs)
}

// HTML pages may be cached briefly by browsers, more briefly by shared
// caches in front (nginx, a CDN: they hear of no change), and served
// stale while a fresh copy is fetched.
const (
	htmlCacheControl  = "public, max-age=60, s-maxage=10, stale-while-revalidate=600"
	errorCacheControl = "public, max-age=60"
)

// render writes the named page with status, rendered whole first so a
// template error becomes a clean 500 instead of half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	root := "layout"
	if name == "print" {
		root = "print"
	}
	cc := "no-store"
	switch {
	case status < 300:
		cc = htmlCacheControl
	case status == http.StatusTooManyRequests:
		// One client's refusal, not the page's: no cache may keep it.
	case status < 500:
		cc = errorCacheControl
	}
	if p, ok := data.(interface{ cacheControl(string) string }); ok && status < 500 {
		cc = p.cacheControl(cc)
	}
	s.pages.Render(w, r, status, name, root, cc, data)
}

func (s *server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":        s.assets.URL,
		"fa":           jalali.PersianValue,
		"jdate":        jdate,
		"jday":         func(t time.Time) string { return jalali.FormatDate(jalali.FromTime(t)) },
		"jnum":         jnum,
		"clock":        clock,
		"short":        short,
		"iso":          iso,
		"excerpt":      excerpt,
		"highlight":    highlight,
		"storyURL":     storyURL,
		"printURL":     printURL,
		"sectionURL":   sectionURL,
		"tagURL":       tagURL,
		"archiveURL":   func(t time.Time) string { return archiveURL(jalali.FromTime(t)) },
		"secClass":     secClass,
		"year":         func(t time.Time) string { return jalali.PersianValue(jalali.FromTime(t).Year) },
		"readableURL":  readableURL,
		"leadPicture":  leadPicture,
		"thumbPicture": thumbPicture,
		"shared":       s.shared.render,
		"storyPart":    s.storyPart,
	}
}

// jdate returns t as the model page prints it, "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵";
// empty for the zero time of an undated import.
func jdate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jalali.FormatNumeric(t)
}

// jnum returns t's Jalali day in Tehran as a reader types it in a date
// field, "۱۴۰۲/۰۸/۰۴".
func jnum(t time.Time) string {
	d := jalali.FromTime(t)
	return jalali.PersianDigits(fmt.Sprintf("%04d/%02d/%02d", d.Year, d.Month, d.Day))
}

// clock returns t's time of day in Tehran, "۱۶:۴۵".
func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jalali.PersianDigits(t.In(jalali.Tehran).Format("15:04"))
}

// short returns when t was, briefly, as seen on day now: its time of
// day when it is that day, else its day and month, else its date.
func short(t, now time.Time) string {
	d, today := jalali.FromTime(t), jalali.FromTime(now)
	switch {
	case d == today:
		return clock(t)
	case d.Year == today.Year:
		return jalali.PersianDigits(strconv.Itoa(d.Day)) + " " + jalali.MonthNames[d.Month-1]
	}
	return jnum(t)
}

// iso returns t in Tehran as RFC 3339 with its offset, for <time datetime>.
func iso(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jalali.Tehran).Format(time.RFC3339)
}

// excerpt cuts text to at most n runes, at a word boundary when it can.
func excerpt(text string, n int) string {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := []rune(text)[:n]
	if i := strings.LastIndexAny(string(cut), " \u200c"); i > len(string(cut))/2 {
		return strings.TrimSpace(string(cut)[:i]) + "…"
	}
	return string(cut) + "…"
}

// secClass gives each section one of a few subtle accent colours, stable
// for the section, as a class (the CSP forbids inline styles).
func secClass(sec news.Section) string {
	const colours = 6
	id := sec.ID
	if id == 0 {
		for _, r := range sec.Slug {
			id = id*31 + int64(r)
		}
	}
	if id < 0 {
		id = -id
	}
	return "sec-" + strconv.FormatInt(id%colours, 10)
}

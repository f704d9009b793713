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
	Sections    []news.Section
	Current     string // slug of the section being shown, if any
	Today       time.Time
	Pager       *pager
	Feeds       []feedLink // announced with <link rel="alternate">
}

// newPage loads what every page shows: the section nav.
func (s *server) newPage(r *http.Request, title string) (page, error) {
	sections, err := s.store.Sections(r.Context())
	if err != nil {
		return page{}, fmt.Errorf("web: load sections: %w", err)
	}
	full := s.cfg.SiteName
	if title != "" {
		full = title + " - " + s.cfg.SiteName
	}
	return page{Site: s.cfg.SiteName, Title: full, Sections: sections, Today: s.now(), Feeds: siteFeeds(s.cfg.SiteName)}, nil
}

// HTML pages may be cached briefly by browsers and shared caches, and
// served stale while a fresh copy is fetched.
const (
	htmlCacheControl  = "public, max-age=60, stale-while-revalidate=600"
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
	s.pages.Render(w, r, status, name, root, cc, data)
}

func (s *server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":        s.assets.URL,
		"fa":           fa,
		"jdate":        jdate,
		"jday":         func(t time.Time) string { return jalali.FormatDate(jalali.FromTime(t)) },
		"iso":          iso,
		"excerpt":      excerpt,
		"highlight":    highlight,
		"storyURL":     storyURL,
		"printURL":     printURL,
		"sectionURL":   sectionURL,
		"tagURL":       tagURL,
		"archiveURL":   func(t time.Time) string { return archiveURL(jalali.FromTime(t)) },
		"secClass":     secClass,
		"year":         func(t time.Time) string { return fa(jalali.FromTime(t).Year) },
		"leadPicture":  leadPicture,
		"thumbPicture": thumbPicture,
		"readableURL":  readableURL,
	}
}

// fa returns v as text with Persian digits.
func fa(v any) string {
	switch v := v.(type) {
	case string:
		return jalali.PersianDigits(v)
	case int:
		return jalali.PersianDigits(strconv.Itoa(v))
	case int64:
		return jalali.PersianDigits(strconv.FormatInt(v, 10))
	}
	return jalali.PersianDigits(fmt.Sprint(v))
}

// jdate returns t as the model page prints it, "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵";
// empty for the zero time of an undated import.
func jdate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jalali.FormatNumeric(t)
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

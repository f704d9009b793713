package web

import (
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"unicode/utf8"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// storyURL is the canonical path of a story: /news/{code}/{slug}, or
// /news/{code} for a headline that makes no slug.
//
// Listings and related stories ask for the same stories' paths page
// after page, so the slug is kept by headline (a bounded map, started
// again when full).
func storyURL(st *news.Story) string {
	p := "/news/" + strconv.FormatInt(st.Code, 10)
	if slug := slugOf(st.Headline); slug.escaped != "" {
		p += "/" + slug.escaped
	}
	return p
}

// slug is a headline's slug, as it reads and as a path holds it.
type slug struct{ text, escaped string }

var slugs struct {
	sync.RWMutex
	m map[string]slug
}

// maxSlugs bounds the headlines whose slugs are kept.
const maxSlugs = 8192

func slugOf(headline string) slug {
	slugs.RLock()
	sl, ok := slugs.m[headline]
	slugs.RUnlock()
	if ok {
		return sl
	}
	sl.text = news.Slugify(headline)
	sl.escaped = url.PathEscape(sl.text)
	slugs.Lock()
	if slugs.m == nil || len(slugs.m) >= maxSlugs {
		slugs.m = make(map[string]slug)
	}
	slugs.m[headline] = sl
	slugs.Unlock()
	return sl
}

func printURL(st *news.Story) string {
	return "/news/" + strconv.FormatInt(st.Code, 10) + "/print"
}

func sectionURL(sec news.Section) string { return "/section/" + url.PathEscape(sec.Slug) }

func tagURL(tag string) string { return "/tag/" + url.PathEscape(tag) }

func archiveURL(d jalali.Date) string {
	return fmt.Sprintf("/archive/%04d/%02d/%02d", d.Year, d.Month, d.Day)
}

// readableURL returns u with its escapes decoded, for printing; u itself
// when it does not decode to valid text.
func readableURL(u string) string {
	if s, err := url.PathUnescape(u); err == nil && utf8.ValidString(s) {
		return s
	}
	return u
}

// absolute returns path on the configured public origin.
func (s *server) absolute(path string) string { return s.cfg.BaseURL + path }

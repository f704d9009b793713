package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"khabar/internal/news"
)

type searchData struct {
	page
	Hits       []news.SearchHit
	Total      int
	Searched   bool
	Suggestion string
	SuggestURL string
}

// showSearch serves /search?q=…&page=N (and an optional section=slug).
func (s *server) showSearch(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	q := cleanQuery(query.Get("q"))
	pageNo, err := parsePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "جست‌وجو"
	if q != "" {
		title = "جست‌وجوی «" + q + "»"
	}
	p, err := s.newPage(r, pageTitle(title, pageNo))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Query, p.NoIndex = q, true
	d := searchData{page: p}
	if q == "" {
		s.render(w, r, http.StatusOK, "search", d)
		return
	}
	res, err := s.store.Search(r.Context(), news.SearchQuery{
		Text:        q,
		SectionSlug: cleanQuery(query.Get("section")),
		Limit:       news.SearchDefaultLimit,
		Offset:      (pageNo - 1) * news.SearchDefaultLimit,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if outOfRange(pageNo, res.Total, news.SearchDefaultLimit) {
		s.notFound(w, r)
		return
	}
	now := s.now()
	for _, h := range res.Hits {
		// The index holds published stories; this keeps a scheduled or
		// just-unpublished one off the page all the same.
		if h.Story != nil && h.Story.Visible(now) {
			d.Hits = append(d.Hits, h)
		}
	}
	d.Searched, d.Total = true, res.Total
	d.Pager = newPager(r.URL, pageNo, res.Total, news.SearchDefaultLimit)
	if res.Suggestion != "" && res.Suggestion != q {
		d.Suggestion = res.Suggestion
		d.SuggestURL = "/search?q=" + url.QueryEscape(res.Suggestion)
	}
	s.render(w, r, http.StatusOK, "search", d)
}

// cleanQuery makes reader input safe to search and show: valid UTF-8,
// trimmed, and no longer than the search reads.
func cleanQuery(q string) string {
	q = strings.TrimSpace(strings.ToValidUTF8(q, ""))
	if utf8.RuneCountInString(q) > news.SearchMaxQuery {
		q = string([]rune(q)[:news.SearchMaxQuery])
	}
	return q
}

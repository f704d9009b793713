package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/pagecache"
)

type searchData struct {
	page
	Hits     []searchHit
	Total    int
	Searched bool
	// Suggestion is the corrected query: the results' own when
	// Corrected, offered otherwise. AsTypedURL searches what was typed.
	Suggestion string
	SuggestURL string
	Corrected  bool
	AsTypedURL string
	// The filters as the reader wrote them, to show them back.
	Section  string
	From, To string
	// Filtered says a filter narrowed the search; DateError why a date
	// the reader gave was not used.
	Filtered  bool
	DateError string
	// Unfiltered is the same search without filters, offered when a
	// filtered search finds nothing.
	Unfiltered string
}

// searchHit is one result as the page shows it.
type searchHit struct {
	Story    *news.Story
	Headline template.HTML
	Snippet  template.HTML
}

// showSearch serves /search?q=…&section=slug&from=…&to=…&page=N. The
// dates are Jalali days in Tehran, as 1402/08/04 in Persian or Latin
// digits; a date that cannot be read is left out of the search and the
// page says so. When the search corrected a misspelling the page says
// so, with a link to the words as typed (&nocorrect=1).
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
	pagecache.Depend(r, TagSearch, TagNav)
	d := searchData{
		page:    p,
		Section: cleanQuery(query.Get("section")),
		From:    cleanQuery(query.Get("from")),
		To:      cleanQuery(query.Get("to")),
	}
	sq := news.SearchQuery{
		Text:        q,
		SectionSlug: d.Section,
		Limit:       news.SearchDefaultLimit,
		Offset:      (pageNo - 1) * news.SearchDefaultLimit,
		At:          s.now(),
		AsTyped:     asTyped(query.Get(noCorrect)),
	}
	sq.From, sq.To, d.DateError = searchDates(d.From, d.To)
	d.Filtered = sq.SectionSlug != "" || !sq.From.IsZero() || !sq.To.IsZero()
	if q == "" {
		s.render(w, r, http.StatusOK, "search", d)
		return
	}
	res, err := s.store.Search(r.Context(), sq)
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
			d.showing(h.Story)
			d.Hits = append(d.Hits, searchHit{
				Story:    h.Story,
				Headline: highlight(h.Story.Headline, h.Terms),
				Snippet:  snippet(h.Story.Lead, h.Story.Body, h.Terms),
			})
		}
	}
	d.Searched, d.Total = true, res.Total
	d.Pager = newPager(r.URL, pageNo, res.Total, news.SearchDefaultLimit)
	if res.Suggestion != "" && res.Suggestion != q {
		d.Suggestion, d.Corrected = res.Suggestion, res.Corrected
		d.SuggestURL = searchURL(r.URL, res.Suggestion, true)
		if d.Corrected {
			d.AsTypedURL = searchURL(r.URL, q, true) + "&" + noCorrect + "=1"
		}
	}
	if d.Filtered {
		d.Unfiltered = searchURL(r.URL, q, false)
	}
	s.render(w, r, http.StatusOK, "search", d)
}

// searchDates reads the page's Jalali date range: from the start of the
// from day to the end of the to day, in Tehran. A date that cannot be
// read, or a range that ends before it begins, is not used; msg then
// tells the reader why, in Persian.
func searchDates(from, to string) (start, end time.Time, msg string) {
	var bad []string
	if from != "" {
		if d, err := jalali.ParseDate(from); err == nil && d.Valid() {
			start, _ = dayRange(d)
		} else {
			bad = append(bad, "«از تاریخ» ("+from+")")
		}
	}
	if to != "" {
		if d, err := jalali.ParseDate(to); err == nil && d.Valid() {
			_, end = dayRange(d)
		} else {
			bad = append(bad, "«تا تاریخ» ("+to+")")
		}
	}
	switch {
	case len(bad) > 0:
		msg = strings.Join(bad, " و ") + " تاریخ درستی نیست و در جست‌وجو به کار نرفت. " +
			"تاریخ را به شکل ۱۴۰۲/۰۸/۰۴ بنویسید."
	case !start.IsZero() && !end.IsZero() && !start.Before(end):
		return time.Time{}, time.Time{}, "«از تاریخ» پس از «تا تاریخ» است؛ بازهٔ تاریخ در جست‌وجو به کار نرفت."
	}
	return start, end, msg
}

// noCorrect is the parameter that searches the words as typed.
const noCorrect = "nocorrect"

// asTyped reads the nocorrect parameter: 1 or true.
func asTyped(v string) bool { return v == "1" || strings.EqualFold(v, "true") }

// searchURL returns the search at u for the query q: with u's filters
// when keep is set, without them otherwise; always from the first page,
// corrected.
func searchURL(u *url.URL, q string, keep bool) string {
	v := url.Values{}
	if keep {
		v = u.Query()
		v.Del("page")
		v.Del(noCorrect)
	}
	v.Set("q", q)
	return "/search?" + v.Encode()
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

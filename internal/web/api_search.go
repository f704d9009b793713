package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/pagecache"
)

// searchResponse is the body of GET /api/v1/search. Suggestion is the
// corrected query; Corrected says the items are for it rather than for
// q, as the search page says «نتایج برای …».
type searchResponse struct {
	Total      int           `json:"total"`
	Items      []*ninjs.Item `json:"items"`
	Suggestion string        `json:"suggestion,omitempty"`
	Corrected  bool          `json:"corrected,omitempty"`
}

// apiMaxOffset bounds ?offset=: nobody pages that deep, and the search
// ranks every hit before it cuts a page.
const apiMaxOffset = 10000

// apiSearch serves GET /api/v1/search?q=&limit=&offset=&section=&source=&from=&to=&nocorrect=:
// the stories matching q, best first, as ninjs items without bodies,
// and the spelling the search suggests or searched instead.
// A bad parameter is a 400 with a JSON error naming it; a query the
// search cannot use (empty, only punctuation) finds nothing.
func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseAPISearch(r.URL.Query())
	q.At = s.now()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pagecache.Depend(r, TagSearch)
	out := searchResponse{Items: []*ninjs.Item{}}
	if q.Text == "" {
		writeJSON(w, http.StatusOK, out)
		return
	}
	res, err := s.store.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now, hidden := s.now(), 0
	for _, h := range res.Hits {
		// The index holds published stories; this keeps a scheduled or
		// just-unpublished one out all the same.
		if h.Story == nil || !h.Story.Visible(now) {
			hidden++
			continue
		}
		// A search result points to the story; it does not carry it.
		brief := *h.Story
		brief.Body = ""
		it, err := ninjs.FromStoryWith(&brief, ninjs.Options{MediaBase: s.cfg.BaseURL})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		it.Bodies = nil
		out.Items = append(out.Items, it)
	}
	out.Total = max(res.Total-hidden, 0)
	if res.Suggestion != "" && res.Suggestion != q.Text {
		out.Suggestion, out.Corrected = res.Suggestion, res.Corrected
	}
	writeJSON(w, http.StatusOK, out)
}

// parseAPISearch reads the API's search parameters. It returns EINVALID,
// with a message naming the parameter, for a limit outside 1..100, an
// offset outside 0..10000, a date it cannot read, from after to, or a
// nocorrect other than 1 or 0.
func parseAPISearch(v url.Values) (news.SearchQuery, error) {
	q := news.SearchQuery{
		Text:        cleanQuery(v.Get("q")),
		SectionSlug: cleanQuery(v.Get("section")),
		Source:      cleanQuery(v.Get("source")),
	}
	switch nc := strings.TrimSpace(v.Get(noCorrect)); {
	case asTyped(nc):
		q.AsTyped = true
	case nc != "" && nc != "0" && !strings.EqualFold(nc, "false"):
		return q, news.Errorf(news.EINVALID, "پارامتر nocorrect باید ۱ یا ۰ باشد")
	}
	var err error
	if q.Limit, err = intParam(v, "limit", news.SearchDefaultLimit, 1, news.SearchMaxLimit); err != nil {
		return q, err
	}
	if q.Offset, err = intParam(v, "offset", 0, 0, apiMaxOffset); err != nil {
		return q, err
	}
	if q.From, err = timeParam(v, "from", false); err != nil {
		return q, err
	}
	if q.To, err = timeParam(v, "to", true); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, news.Errorf(news.EINVALID, "پارامتر from نباید پس از to باشد")
	}
	return q, nil
}

// intParam reads the whole number parameter name, def when absent. It
// returns EINVALID when the value is not a number from lo to hi.
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(jalali.LatinDigits(s))
	if err != nil || n < lo || n > hi {
		return 0, news.Errorf(news.EINVALID, "پارامتر %s باید عددی درست از %s تا %s باشد",
			name, jalali.PersianDigits(strconv.Itoa(lo)), jalali.PersianDigits(strconv.Itoa(hi)))
	}
	return n, nil
}

// timeParam reads the date parameter name: a Jalali date (1402/08/04,
// in Persian or Latin digits) or an ISO 8601 date, either taken as that
// day in Tehran, or an RFC 3339 time. It returns the bound as
// news.SearchQuery wants it: the first instant of the range for from
// (end false), the first instant after it for to (end true), so a to
// date takes in the whole day. Zero when absent. It returns EINVALID,
// naming the parameter, for a value of no such form, and for an ISO
// date whose year reads as a Jalali one (1402-08-04 would be the
// Gregorian year 1402): which was meant cannot be told.
func timeParam(v url.Values, name string, end bool) (time.Time, error) {
	s := jalali.LatinDigits(strings.TrimSpace(v.Get(name)))
	if s == "" {
		return time.Time{}, nil
	}
	bound := func(d jalali.Date) time.Time {
		start, next := dayRange(d)
		if end {
			return next
		}
		return start
	}
	if strings.Contains(s, "/") {
		d, err := jalali.ParseDate(s)
		switch {
		case err != nil || !d.Valid():
			return time.Time{}, news.FieldErrorf(name, news.EINVALID,
				"پارامتر %s («%s») روز درستی از تقویم خورشیدی نیست؛ آن را مانند 1402/08/04 بنویسید", name, s)
		case d.Year >= gregorianYears:
			return time.Time{}, news.FieldErrorf(name, news.EINVALID,
				"پارامتر %s («%s») سال خورشیدی ندارد؛ تاریخ میلادی را مانند 2023-10-26 بنویسید", name, s)
		}
		return bound(d), nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		if err := notJalaliYear(name, s, d.Year()); err != nil {
			return time.Time{}, err
		}
		return bound(jalali.FromGregorian(d.Date())), nil
	}
	if i := strings.IndexAny(s, "Tt"); i > 0 {
		// An unescaped '+' of the zone offset arrives as a space.
		s = s[:i] + strings.ReplaceAll(strings.ToUpper(s[i:]), " ", "+")
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		if err := notJalaliYear(name, s, t.Year()); err != nil {
			return time.Time{}, err
		}
		if end {
			// The store keeps microseconds: the instant itself is in.
			return time.UnixMicro(t.UnixMicro() + 1).UTC(), nil
		}
		return t.UTC(), nil
	}
	return time.Time{}, news.FieldErrorf(name, news.EINVALID,
		"پارامتر %s باید تاریخی خورشیدی مانند 1402/08/04، تاریخی میلادی (ISO 8601) مانند 2023-10-26 یا زمانی (RFC 3339) مانند 2023-10-26T16:45:00+03:30 باشد", name)
}

// Years from jalaliYears up to gregorianYears are how Jalali years of
// the last centuries and this one are written; an ISO date with such a
// year was most likely meant as Jalali.
const (
	jalaliYears    = 1200
	gregorianYears = 1600
)

// notJalaliYear refuses an ISO date or time whose year is one a Jalali
// date would have.
func notJalaliYear(name, s string, year int) error {
	if year >= jalaliYears && year < gregorianYears {
		return news.FieldErrorf(name, news.EINVALID,
			"پارامتر %s («%s») دوپهلوست: سال %d میلادی خوانده می‌شود؛ تاریخ خورشیدی را با «/» مانند %d/08/04 و تاریخ میلادی را مانند 2023-10-26 بنویسید",
			name, s, year, year)
	}
	return nil
}

// dayRange returns the first instant of the Jalali day d in Tehran and
// the first instant of the day after.
func dayRange(d jalali.Date) (start, next time.Time) {
	start = d.Start()
	// Days are 23 to 25 hours long around daylight saving changes, so step
	// into the middle of the next day and take its date.
	return start, jalali.FromTime(start.Add(36 * time.Hour)).Start()
}

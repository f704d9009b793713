package web

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/ninjs"
)

// newsList is the body of GET /api/v1/news.
type newsList struct {
	Items []*ninjs.Item `json:"items"`
	// NextCursor continues the listing after the last item; absent on
	// the last page.
	NextCursor string `json:"next_cursor,omitempty"`
	// Next is the request for the next page, with the same filters.
	Next string `json:"next,omitempty"`
}

// apiDefaultLimit is how many stories a page of the API has unless the
// client asks otherwise.
const apiDefaultLimit = 20

// apiNewsItem serves GET /api/v1/news/{code}: the story as a ninjs 2.2
// item. A story readers cannot see is a JSON 404; a killed one, 410.
func (s *server) apiNewsItem(w http.ResponseWriter, r *http.Request) {
	allowCORS(w)
	code, err := strconv.ParseInt(jalali.LatinDigits(r.PathValue("code")), 10, 64)
	if err != nil || code <= 0 {
		s.fail(w, r, news.Errorf(news.ENOTFOUND, "خبری با این کد نیست"))
		return
	}
	key := "/api/v1/news/" + strconv.FormatInt(code, 10)
	s.servePublic(w, r, key, "application/json; charset=utf-8", apiCacheControl,
		func(now time.Time, _ news.PublicState) ([]byte, error) {
			st, err := s.store.StoryByCode(r.Context(), code)
			switch {
			case err != nil && news.ErrorCode(err) == news.ENOTFOUND:
				return nil, news.Errorf(news.ENOTFOUND, "خبری با کد %d نیست", code)
			case err != nil:
				return nil, err
			case st.Gone():
				return nil, news.Errorf(news.EGONE, "خبر %d حذف شده است", code)
			case !st.Visible(now) || st.Published.IsZero():
				return nil, news.Errorf(news.ENOTFOUND, "خبری با کد %d نیست", code)
			}
			items, err := s.apiItems(r, []*news.Story{st})
			if err != nil {
				return nil, err
			}
			return marshalJSON(items[0])
		})
}

// apiNewsList serves GET /api/v1/news?section=&tag=&since=&limit=&cursor=:
// the stories readers see, newest first, as ninjs 2.2 items, a page at a
// time. The cursor of a page continues after its last story, so paging
// on while stories are published neither repeats nor skips one. A bad
// parameter is a JSON 400 naming it; an unknown section, a 404.
func (s *server) apiNewsList(w http.ResponseWriter, r *http.Request) {
	allowCORS(w)
	v := r.URL.Query()
	f := news.PublicFilter{SectionSlug: cleanQuery(v.Get("section")), Tag: cleanQuery(v.Get("tag"))}
	var err error
	if f.Limit, err = intParam(v, "limit", apiDefaultLimit, 1, news.SearchMaxLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	if f.From, err = isoTimeParam(v, "since"); err != nil {
		s.fail(w, r, err)
		return
	}
	if c := strings.TrimSpace(v.Get("cursor")); c != "" {
		k, ok := parseStoryCursor(c)
		if !ok {
			s.fail(w, r, news.FieldErrorf("cursor", news.EINVALID, "cursor is not one this API gave out"))
			return
		}
		f.After = &k
	}
	if f.SectionSlug != "" {
		if _, err := s.store.SectionBySlug(r.Context(), f.SectionSlug); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// One key per meaning of the request, whatever the order or spelling
	// of its parameters.
	canon := url.Values{}
	canon.Set("limit", strconv.Itoa(f.Limit))
	for _, p := range []string{"section", "tag", "since", "cursor"} {
		if x := strings.TrimSpace(v.Get(p)); x != "" {
			canon.Set(p, x)
		}
	}
	s.servePublic(w, r, "/api/v1/news?"+canon.Encode(), "application/json; charset=utf-8", apiCacheControl,
		func(now time.Time, _ news.PublicState) ([]byte, error) {
			f.At = now
			want := f.Limit
			f.Limit++ // one more tells whether there is a next page
			stories, err := s.dist.PublicStories(r.Context(), f)
			if err != nil {
				return nil, err
			}
			out := newsList{Items: []*ninjs.Item{}}
			if len(stories) > want {
				stories = stories[:want]
				out.NextCursor = storyCursor(stories[want-1].Key())
				next := canon
				next.Set("cursor", out.NextCursor)
				out.Next = s.absolute("/api/v1/news?" + next.Encode())
			}
			if out.Items, err = s.apiItems(r, stories); err != nil {
				return nil, err
			}
			return marshalJSON(out)
		})
}

// apiItems returns the stories as the API serves them.
func (s *server) apiItems(r *http.Request, stories []*news.Story) ([]*ninjs.Item, error) {
	ids := make([]int64, len(stories))
	for i, st := range stories {
		ids[i] = st.ID
	}
	created, err := s.dist.FirstWritten(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	items := make([]*ninjs.Item, 0, len(stories))
	for _, st := range stories {
		it, err := ninjs.FromPublicStory(st, created[st.ID], ninjs.Pages{
			Page:  s.absolute(storyURL(st)),
			Print: s.absolute(printURL(st)),
		})
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// storyCursor writes a listing position as the API's opaque cursor.
func storyCursor(k news.StoryKey) string {
	raw := "1." + strconv.FormatInt(k.Published.UnixMicro(), 36) + "." + strconv.FormatInt(k.Code, 36)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func parseStoryCursor(c string) (news.StoryKey, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return news.StoryKey{}, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 3 || parts[0] != "1" {
		return news.StoryKey{}, false
	}
	pub, err1 := strconv.ParseInt(parts[1], 36, 64)
	code, err2 := strconv.ParseInt(parts[2], 36, 64)
	if err1 != nil || err2 != nil || code <= 0 {
		return news.StoryKey{}, false
	}
	return news.StoryKey{Published: time.UnixMicro(pub).UTC(), Code: code}, true
}

func marshalJSON(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // bodies are HTML: keep them readable
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

// allowCORS lets any site read the public API, ETag included.
func allowCORS(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
}

// limited wraps an API handler in the per-address rate limit: past it,
// a JSON 429 with Retry-After.
func (s *server) limited(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, retry := s.limiter.Allow(httpx.ClientIP(r, s.cfg.TrustProxy))
		if !ok {
			allowCORS(w)
			secs := int(retry / time.Second)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			httpx.WriteJSONError(w, news.Errorf(news.ETHROTTLED,
				"درخواست‌های شما از اندازه گذشته است؛ %s ثانیه دیگر دوباره بفرستید", jalali.PersianDigits(strconv.Itoa(secs))))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isoTimeParam reads the ninjs API's time parameter: an ISO 8601 date or
// an RFC 3339 time, as the API documents; a Jalali date, which the
// search API takes, is refused rather than read as something else.
func isoTimeParam(v url.Values, name string) (time.Time, error) {
	if strings.Contains(jalali.LatinDigits(v.Get(name)), "/") {
		return time.Time{}, news.Errorf(news.EINVALID,
			"%s باید تاریخی میلادی (ISO 8601) مانند 2023-10-26 یا زمانی (RFC 3339) مانند 2023-10-26T16:45:00+03:30 باشد", name)
	}
	return timeParam(v, name, false)
}

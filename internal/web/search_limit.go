package web

import (
	"net/http"
	"strconv"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// limitSearches answers a client past its share of searches (the page
// and the API count together) 429 with Retry-After, before any search
// work: the page without its section menu, so a refusal costs no
// database read, and the API in JSON.
func (s *server) limitSearches(h http.HandlerFunc) http.HandlerFunc {
	if s.searches == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ok, retry := s.searches.Allow(httpx.ClientIP(r, s.cfg.TrustProxy))
		if ok {
			h(w, r)
			return
		}
		n := strconv.Itoa(max(int(retry/time.Second), 1))
		w.Header().Set("Retry-After", n)
		secs := jalali.PersianDigits(n)
		if isAPI(r) {
			allowCORS(w)
			httpx.WriteJSONError(w, news.Errorf(news.ETHROTTLED,
				"جست‌وجوهای این نشانی از اندازه گذشته است؛ %s ثانیه دیگر دوباره بپرسید", secs))
			return
		}
		text := errorText[http.StatusTooManyRequests]
		p := page{Site: s.cfg.SiteName, Title: text.Title + " - " + s.cfg.SiteName, Today: s.now(), NoIndex: true}
		s.render(w, r, http.StatusTooManyRequests, "error", errorData{page: p, Status: http.StatusTooManyRequests,
			Heading: text.Title, Message: "جست‌وجوهای زیادی در زمان کوتاهی فرستاده‌اید؛ " + secs + " ثانیه دیگر دوباره جست‌وجو کنید."})
	}
}

package web

import (
	"net/http"
	"strings"

	"khabar/internal/httpx"
	"khabar/internal/news"
)

// errorText is what a reader is told for each status; never the error.
var errorText = map[int]struct{ Title, Message string }{
	http.StatusNotFound: {"صفحه پیدا نشد",
		"نشانی‌ای که باز کردید وجود ندارد یا این خبر دیگر در دسترس نیست."},
	http.StatusBadRequest: {"درخواست نادرست",
		"نشانی این صفحه درست نیست؛ شاید شماره صفحه اشتباه نوشته شده است."},
	http.StatusForbidden: {"دسترسی ممکن نیست",
		"اجازه دیدن این صفحه را ندارید."},
	http.StatusMethodNotAllowed: {"روش درخواست پذیرفته نیست",
		"این نشانی درخواستی از این نوع را نمی‌پذیرد."},
	http.StatusConflict: {"تداخل",
		"این درخواست با وضعیت کنونی سازگار نیست؛ دوباره تلاش کنید."},
	http.StatusGone: {"این خبر حذف شده است",
		"خبری که به دنبالش هستید از دسترس خارج شده است و دیگر منتشر نمی‌شود."},
	http.StatusTooManyRequests: {"درخواست‌های زیاد",
		"در زمان کوتاهی درخواست‌های زیادی فرستاده‌اید؛ کمی صبر کنید و دوباره تلاش کنید."},
	http.StatusServiceUnavailable: {"موقتاً در دسترس نیست",
		"سایت برای چند لحظه به داده‌هایش دسترسی ندارد. لطفاً چند ثانیه دیگر دوباره تلاش کنید."},
	http.StatusInternalServerError: {"خطای سرور",
		"مشکلی پیش آمد. لطفاً چند لحظه دیگر دوباره تلاش کنید."},
}

type errorData struct {
	page
	Status  int
	Heading string
	Message string
}

// fail writes the error page for err. Internal errors are logged with
// their detail and shown to the reader only as a generic 500.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "web: request failed",
			"method", r.Method, "path", r.URL.EscapedPath(), "err", err)
	}
	if isAPI(r) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		httpx.WriteJSONError(w, err) // never an internal error's detail
		return
	}
	s.renderError(w, r, status)
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	if allow := httpx.Allow(s.mux, r, "/"); allow != "" {
		w.Header().Set("Allow", allow)
		if isAPI(r) {
			httpx.MethodNotAllowed(allow)(w, r)
			return
		}
		s.renderError(w, r, http.StatusMethodNotAllowed)
		return
	}
	if isAPI(r) {
		httpx.WriteJSONError(w, news.Errorf(news.ENOTFOUND, "نشانی پیدا نشد"))
		return
	}
	s.renderError(w, r, http.StatusNotFound)
}

// isAPI reports whether r is for the JSON API, whose errors are JSON
// too: a client of /api/ never gets an HTML page.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	text, ok := errorText[status]
	if !ok {
		text = errorText[http.StatusInternalServerError]
	}
	p, err := s.newPage(r, text.Title)
	if err != nil {
		// The error page must not fail on the store: show it without the
		// section nav.
		s.log.ErrorContext(r.Context(), "web: error page", "err", err)
		p = page{Site: s.cfg.SiteName, Title: text.Title + " - " + s.cfg.SiteName, Today: s.now()}
	}
	p.NoIndex = true
	s.render(w, r, status, "error", errorData{page: p, Status: status, Heading: text.Title, Message: text.Message})
}

package web

import (
	"net/http"
	"strings"

	"khabar/internal/news"
)

// statusOf maps domain error codes to HTTP statuses: the one place where
// that happens. Any other code, EINTERNAL included, is a 500.
var statusOf = map[string]int{
	news.ENOTFOUND:  http.StatusNotFound,
	news.EINVALID:   http.StatusBadRequest,
	news.ECONFLICT:  http.StatusConflict,
	news.EFORBIDDEN: http.StatusForbidden,
}

// errorText is what a reader is told for each status; never the error.
var errorText = map[int]struct{ Title, Message string }{
	http.StatusNotFound: {"صفحه پیدا نشد",
		"نشانی‌ای که باز کردید وجود ندارد یا این خبر دیگر در دسترس نیست."},
	http.StatusBadRequest: {"درخواست نادرست",
		"نشانی این صفحه درست نیست؛ شاید شماره صفحه اشتباه نوشته شده است."},
	http.StatusForbidden: {"دسترسی ممکن نیست",
		"اجازه دیدن این صفحه را ندارید."},
	http.StatusConflict: {"تداخل",
		"این درخواست با وضعیت کنونی سازگار نیست؛ دوباره تلاش کنید."},
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
	status, ok := statusOf[news.ErrorCode(err)]
	if !ok {
		status = http.StatusInternalServerError
		s.log.ErrorContext(r.Context(), "web: request failed",
			"method", r.Method, "path", r.URL.EscapedPath(), "err", err)
	}
	if isAPI(r) {
		msg := news.ErrorMessage(err)
		if status == http.StatusInternalServerError {
			msg = "internal error" // never the detail
		}
		writeJSONError(w, status, msg)
		return
	}
	s.renderError(w, r, status)
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		writeJSONError(w, http.StatusNotFound, "not found")
		return
	}
	s.renderError(w, r, http.StatusNotFound)
}

// isAPI reports whether r is for the JSON API, whose errors are JSON
// too: a client of /api/ never gets an HTML page.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// writeJSONError writes {"error": msg} with status.
func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, struct {
		Error string `json:"error"`
	}{msg})
}

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

// writeBareError is the last resort when even a template fails.
func writeBareError(w http.ResponseWriter, status int) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(`<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8">` +
		`<title>خطای سرور</title><h1>خطای سرور</h1><p>مشکلی پیش آمد. لطفاً دوباره تلاش کنید.</p>` +
		`<p><a href="/">صفحه نخست</a></p></html>`))
}

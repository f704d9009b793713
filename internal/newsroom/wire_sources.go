package newsroom

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// The wire desk's sources, which admins add, turn off and on, and
// remove; each shows how its last poll went.

type wireSourcesData struct {
	pageData
	Sources []*news.WireSource
	// Form is what was typed, kept after a refusal.
	Form  news.WireSource
	Every string
	Error string
	Field string
}

var wireDone = map[string]string{
	"added":    "خوراک افزوده شد و به‌زودی خوانده می‌شود.",
	"enabled":  "خواندن خوراک از سر گرفته شد.",
	"disabled": "خواندن خوراک متوقف شد.",
	"removed":  "خوراک حذف شد؛ خبرهای بازنشرشده‌اش ماندند.",
}

func (n *Newsroom) showWireSources(w http.ResponseWriter, r *http.Request, v *view) {
	d := wireSourcesData{pageData: n.pageData(v, "خوراک‌های خبر"), Every: "5m", Form: news.WireSource{Enabled: true}}
	d.Flash = wireDone[r.URL.Query().Get("done")]
	n.renderWireSources(w, r, v, http.StatusOK, d)
}

func (n *Newsroom) renderWireSources(w http.ResponseWriter, r *http.Request, v *view, status int, d wireSourcesData) {
	var err error
	if d.Sources, err = n.store.WireSources(r.Context()); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.render(w, r, status, "wire_sources", d)
}

// parseEvery reads a poll interval: Go's form (5m, 1h30m) or a number
// of minutes, in any digits.
func parseEvery(s string) (time.Duration, bool) {
	s = strings.TrimSpace(jalali.LatinDigits(s))
	if s == "" {
		return news.DefaultWireEvery, true
	}
	if m, err := strconv.Atoi(s); err == nil {
		return time.Duration(m) * time.Minute, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// addWireSource adds the source the form describes.
func (n *Newsroom) addWireSource(w http.ResponseWriter, r *http.Request, v *view) {
	f := r.PostForm
	src := news.WireSource{URL: f.Get("url"), Format: f.Get("format"), Credit: f.Get("credit"), Enabled: f.Get("enabled") != ""}
	d := wireSourcesData{pageData: n.pageData(v, "خوراک‌های خبر"), Form: src, Every: f.Get("every")}
	every, ok := parseEvery(f.Get("every"))
	var err error
	if !ok {
		err = news.FieldErrorf("every", news.EINVALID, "فاصلهٔ خواندن را به دقیقه بنویسید، مانند ۵ یا 5m")
	} else {
		src.Every = every
		err = n.store.AddWireSource(r.Context(), v.Actor, &src)
	}
	if err != nil {
		if status := httpx.Status(err); status != http.StatusInternalServerError {
			d.Error, d.Field = news.ErrorMessage(err), news.ErrorField(err)
			n.renderWireSources(w, r, v, status, d)
			return
		}
		n.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/newsroom/wire/sources?done=added", http.StatusSeeOther)
}

// updateWireSource turns a source on or off (action=enable, disable)
// or removes it (action=remove).
func (n *Newsroom) updateWireSource(w http.ResponseWriter, r *http.Request, v *view) {
	id, ok := n.pathID(w, r, v, "خوراک")
	if !ok {
		return
	}
	var err error
	done := ""
	switch r.PostForm.Get("action") {
	case "enable":
		err, done = n.store.SetWireSourceEnabled(r.Context(), v.Actor, id, true), "enabled"
	case "disable":
		err, done = n.store.SetWireSourceEnabled(r.Context(), v.Actor, id, false), "disabled"
	case "remove":
		err, done = n.store.RemoveWireSource(r.Context(), v.Actor, id), "removed"
	default:
		err = news.FieldErrorf("action", news.EINVALID, "کار خواسته‌شده روشن نیست")
	}
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/newsroom/wire/sources?done="+done, http.StatusSeeOther)
}

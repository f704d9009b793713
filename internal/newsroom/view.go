package newsroom

import (
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/markup"
	"khabar/internal/news"
)

// pages maps each page to its template file.
var pageFiles = map[string]string{
	"login":     "login.html",
	"password":  "password.html",
	"dashboard": "dashboard.html",
	"stories":   "stories.html",
	"editor":    "editor.html",
	"history":   "history.html",
	"audit":     "audit.html",
	"users":     "users.html",
	"front":     "front.html",
	"sections":  "sections.html",
	"comments":  "comments.html",
	"photos":    "photos.html",
	"error":     "error.html",

	"comment_settings": "comment_settings.html",
	"wire":             "wire.html",
	"wire_item":        "wire_item.html",
	"wire_sources":     "wire_sources.html",
}

func parsePages(funcs template.FuncMap, log *slog.Logger) (*httpx.Pages, error) {
	files := make(map[string]string, len(pageFiles))
	for name, file := range pageFiles {
		files[name] = "templates/" + file
	}
	return httpx.ParsePages(templateFS, funcs, []string{"templates/layout.html", "templates/partials.html"}, files, log)
}

// pageData is what the layout of every newsroom page shows.
type pageData struct {
	*view
	Site  string
	Title string
	Flash string
	Nav   []navItem
	Today time.Time
}

type navItem struct {
	Name, URL string
}

// pageData builds what every page shows for v.
func (n *Newsroom) pageData(v *view, title string) pageData {
	d := pageData{view: v, Site: n.cfg.SiteName, Title: title, Today: n.now()}
	if v.User != nil && !v.User.MustChangePassword {
		d.Nav = append(d.Nav, navItem{"پیشخوان", "/newsroom/"})
		if writers.Admits(v.User) {
			d.Nav = append(d.Nav, navItem{"خبرها", "/newsroom/stories"}, navItem{"خبر تازه", "/newsroom/stories/new"},
				navItem{"عکس‌ها", "/newsroom/photos"})
		}
		if editors.Admits(v.User) {
			d.Nav = append(d.Nav, navItem{"صفحهٔ نخست", "/newsroom/front"})
			d.Nav = append(d.Nav, navItem{"خبرهای رسیده", "/newsroom/wire"})
		}
		if moderators.Admits(v.User) {
			d.Nav = append(d.Nav, navItem{"نظرها", "/newsroom/comments"})
		}
		if admins.Admits(v.User) {
			d.Nav = append(d.Nav, navItem{"سرویس‌ها", "/newsroom/sections"}, navItem{"کاربران", "/newsroom/users"},
				navItem{"گزارش رویدادها", "/newsroom/audit"})
		}
	}
	return d
}

// flash is the message of a redirect's ?done=.
func flash(r *http.Request) string { return doneMessages[r.URL.Query().Get("done")] }

// doneMessages are the messages a redirect after a POST may ask for, by
// name: the URL carries a name, never text.
var doneMessages = map[string]string{
	"logout":      "از تحریریه خارج شدید.",
	"password":    "گذرواژه تغییر کرد؛ نشست‌های دیگر شما بسته شد.",
	"created":     "خبر به‌صورت پیش‌نویس ذخیره شد.",
	"save":        "تغییرها ذخیره شد.",
	"submit":      "خبر برای دبیر فرستاده شد.",
	"return":      "خبر به پیش‌نویس برگشت.",
	"publish":     "خبر منتشر شد.",
	"schedule":    "انتشار خبر زمان‌بندی شد.",
	"correct":     "اصلاحیه منتشر شد.",
	"unpublish":   "خبر از انتشار برداشته شد.",
	"kill":        "خبر باطل شد و از همهٔ بخش‌های سایت برداشته شد.",
	"restore":     "خبر بازگردانده شد و اکنون منتشرنشده است.",
	"user":        "کاربر ذخیره شد.",
	"nochange":    "چیزی تغییر نکرده بود.",
	"front":       "صفحهٔ نخست ذخیره شد و اکنون در سایت است.",
	"breaking":    "خبر «فوری» شد و در نوار خبر فوری سایت آمد.",
	"unbreaking":  "خبر از «فوری» درآمد.",
	"section":     "سرویس ذخیره شد.",
	"merged":      "سرویس‌ها ادغام شدند؛ نشانی سرویس پیشین به سرویس تازه می‌رود.",
	"photo":       "عکس ذخیره شد.",
	"republished": "پیش‌نویس بازنشر با ذکر منبع ساخته شد؛ پس از بازبینی منتشرش کنید.",
}

func (n *Newsroom) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	n.pages.Render(w, r, status, name, "layout", "no-store", data)
}

type errorData struct {
	pageData
	Status  int
	Message string
}

// renderError writes the error page for err (the JSON error under the
// API), logging internal errors and showing them only as a 500.
func (n *Newsroom) renderError(w http.ResponseWriter, r *http.Request, v *view, err error) {
	status := httpx.Status(err)
	msg := news.ErrorMessage(err)
	if status == http.StatusInternalServerError {
		n.log.ErrorContext(r.Context(), "newsroom: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "مشکلی پیش آمد. لطفاً چند لحظه دیگر دوباره تلاش کنید."
	}
	if status == http.StatusNotFound && msg == "" {
		msg = "این صفحه در تحریریه نیست."
	}
	if v == nil {
		v = &view{}
	}
	n.render(w, r, status, "error", errorData{pageData: n.pageData(v, "خطا"), Status: status, Message: msg})
}

func (n *Newsroom) unknownPage(w http.ResponseWriter, r *http.Request) {
	if allow := httpx.Allow(n.mux, r, "/newsroom/", "/api/v1/newsroom/"); allow != "" {
		w.Header().Set("Allow", allow)
		n.render(w, r, http.StatusMethodNotAllowed, "error", errorData{pageData: n.pageData(&view{}, "خطا"),
			Status: http.StatusMethodNotAllowed, Message: "این نشانی درخواستی از این نوع را نمی‌پذیرد."})
		return
	}
	v, err := n.loadSession(w, r)
	if err != nil || v.User == nil {
		http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
		return
	}
	n.renderError(w, r, v, news.Errorf(news.ENOTFOUND, ""))
}

func (n *Newsroom) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":  n.assets.URL,
		"fa":     jalali.PersianValue,
		"jdate":  jdate,
		"jday":   func(t time.Time) string { return jalali.FormatDate(jalali.FromTime(t)) },
		"iso":    func(t time.Time) string { return t.In(jalali.Tehran).Format(time.RFC3339) },
		"moves":  news.Moves,
		"action": func(a news.Action) string { return a.Name() },
		"status": func(s news.Status) string { return s.Name() },
		"roles":  func(rs news.Roles) string { return rs.Names() },
		"allRoles": func() []news.Role {
			return news.AllRoles
		},
		"statuses":  func() []news.Status { return news.Statuses },
		"hasRole":   func(rs news.Roles, r news.Role) bool { return rs.Has(r) },
		"prev":      func(n int64) int64 { return n - 1 },
		"inc":       func(i int) int { return i + 1 },
		"seq":       func(n int) []int { return make([]int, n) },
		"photoURL":  func(p *news.Photo, max int) string { return news.PhotoPath(p.ID, p.Largest("jpeg", max)) },
		"photoLine": func(p *news.Photo) string { return markup.PhotoLine(p.ID, p.Caption) },
		"megabytes": func(n int) string { return jalali.PersianValue(n >> 20) },
	}
}

// jdate returns t as "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵" in Tehran; "" for the zero time.
func jdate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jalali.FormatNumeric(t)
}

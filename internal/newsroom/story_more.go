package newsroom

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/store"
)

func joinTags(tags []string) string { return strings.Join(tags, "، ") }

// autosave keeps the editor's unsaved text (its script posts it every
// little while): no revision, nothing the rest of khabar follows.
func (n *Newsroom) autosave(w http.ResponseWriter, r *http.Request, v *view) {
	var id int64
	if p := r.PathValue("id"); p != "new" {
		var ok bool
		if id, ok = n.pathID(w, r, v, "خبر"); !ok {
			return
		}
	}
	form := readForm(r.PostForm)
	a := store.Autosave{StoryID: id, Base: form.Base, Content: news.Content{Section: form.Section, Kicker: form.Kicker,
		Headline: form.Headline, Lead: form.Lead, Source: form.Credit, Byline: form.Byline, Body: form.Body,
		Tags: splitTags(form.Tags), Photo: form.Photo, PhotoCaption: form.PhotoCaption}}
	if err := n.store.SaveAutosave(r.Context(), v.User.ID, a); err != nil {
		httpx.WriteJSONError(w, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", map[string]string{"saved": jalali.FormatNumeric(n.now())})
}

type historyData struct {
	pageData
	Story     *news.Story
	Revisions []news.Revision
	From, To  int64
	Changes   []fieldDiff
}

// showHistory lists a story's revisions and the changes between two of
// them (?from=&to=; by default the newest and the one before).
func (n *Newsroom) showHistory(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	st, ok := n.story(w, r, v)
	if !ok {
		return
	}
	id := st.ID
	revs, err := n.store.Revisions(ctx, id)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d := historyData{pageData: n.pageData(v, "تاریخچهٔ "+st.Headline), Story: st, Revisions: revs}
	d.To, d.From = st.Revision, st.Revision-1
	q := r.URL.Query()
	if to, err := strconv.ParseInt(q.Get("to"), 10, 64); err == nil {
		d.To = to
	}
	if from, err := strconv.ParseInt(q.Get("from"), 10, 64); err == nil {
		d.From = from
	}
	if d.From >= 1 && d.To >= 1 && d.From != d.To {
		a, err := n.store.Revision(ctx, id, d.From)
		if err != nil {
			n.renderError(w, r, v, err)
			return
		}
		b, err := n.store.Revision(ctx, id, d.To)
		if err != nil {
			n.renderError(w, r, v, err)
			return
		}
		d.Changes = diffContents(a.Content, b.Content)
	}
	n.render(w, r, http.StatusOK, "history", d)
}

type storiesData struct {
	pageData
	Stories  []*news.Story
	Total    int
	Sections []news.Section
	Users    []*news.User
	// The filter as given.
	Status, Section, Author, From, To, Q string
	Page                                 int
	PrevURL, NextURL                     string
	Error                                string
	// Reads is how often readers opened each story, as flushed so far.
	Reads map[int64]int64
}

const deskPage = 30

// showStories is the newsroom's list: every story, the last changed
// first, filtered by state, section, author, Jalali dates and headline.
func (n *Newsroom) showStories(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	q := r.URL.Query()
	d := storiesData{pageData: n.pageData(v, "خبرها"), Status: q.Get("state"), Section: q.Get("section"),
		Author: q.Get("author"), From: q.Get("from"), To: q.Get("to"), Q: q.Get("q"), Page: 1}
	d.Flash = flash(r)
	f := news.DeskFilter{Status: news.Status(d.Status), SectionSlug: d.Section, Headline: d.Q, Limit: deskPage}
	if d.Status != "" && !f.Status.Valid() {
		d.Error, f.Status = "وضعیت شناخته نیست.", ""
	}
	if a, err := strconv.ParseInt(d.Author, 10, 64); err == nil {
		f.AuthorID = a
	}
	if p, err := strconv.Atoi(jalali.LatinDigits(q.Get("page"))); err == nil && p > 1 && p <= 10000 {
		d.Page = p
	}
	f.Offset = (d.Page - 1) * deskPage
	var err error
	if f.From, err = jalaliDay(d.From, false); err != nil {
		d.Error = "تاریخ «از» را به شکل ۱۴۰۲/۰۸/۰۱ بنویسید."
	}
	if f.To, err = jalaliDay(d.To, true); err != nil {
		d.Error = "تاریخ «تا» را به شکل ۱۴۰۲/۰۸/۰۱ بنویسید."
	}
	page, err := n.store.DeskStories(ctx, f)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d.Stories, d.Total = page.Stories, page.Total
	ids := make([]int64, len(page.Stories))
	for i, st := range page.Stories {
		ids[i] = st.ID
	}
	if d.Reads, err = n.store.ReadTotals(ctx, ids); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if d.Sections, err = n.store.Sections(ctx); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if d.Users, err = n.store.Users(ctx); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	at := func(p int) string {
		u := *r.URL
		vals := u.Query()
		vals.Set("page", strconv.Itoa(p))
		u.RawQuery = vals.Encode()
		return u.RequestURI()
	}
	if d.Page > 1 {
		d.PrevURL = at(d.Page - 1)
	}
	if d.Page*deskPage < d.Total {
		d.NextURL = at(d.Page + 1)
	}
	n.render(w, r, http.StatusOK, "stories", d)
}

// jalaliDay reads a Jalali date as the first instant of that day in
// Tehran, or of the day after when end is set; zero for "".
func jalaliDay(s string, end bool) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	d, err := jalali.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	t := d.Start()
	if end {
		t = jalali.FromTime(t.Add(36 * time.Hour)).Start()
	}
	return t, nil
}

type dashboardData struct {
	pageData
	Mine, Waiting, Scheduled []*news.Story
	Editor, Writer           bool
	// Moderator: the dashboard says how many comments wait.
	Moderator       bool
	PendingComments int
}

// showDashboard is the newsroom's first page: the user's own latest
// stories, for editors what waits for them, and for moderators how many
// comments wait.
func (n *Newsroom) showDashboard(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	d := dashboardData{pageData: n.pageData(v, "پیشخوان"), Editor: v.User.Roles.Any(news.RoleEditor, news.RoleAdmin)}
	d.Flash = flash(r)
	d.Writer, d.Moderator = writers.Admits(v.User), moderators.Admits(v.User)
	if d.Moderator {
		var err error
		if d.PendingComments, err = n.store.PendingComments(ctx); err != nil {
			n.renderError(w, r, v, err)
			return
		}
	}
	lists := []struct {
		into *[]*news.Story
		f    news.DeskFilter
		show bool
	}{
		{&d.Mine, news.DeskFilter{AuthorID: v.User.ID, Limit: 10}, d.Writer},
		{&d.Waiting, news.DeskFilter{Status: news.StatusSubmitted, Limit: 20}, d.Editor},
		{&d.Scheduled, news.DeskFilter{Status: news.StatusScheduled, Limit: 20}, d.Editor},
	}
	for _, l := range lists {
		if !l.show {
			continue
		}
		p, err := n.store.DeskStories(ctx, l.f)
		if err != nil {
			n.renderError(w, r, v, err)
			return
		}
		*l.into = p.Stories
	}
	n.render(w, r, http.StatusOK, "dashboard", d)
}

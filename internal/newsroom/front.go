package newsroom

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// The front page is edited on one form that carries the layout being
// made (lead, featured in order, the revision it started from): the up,
// down, remove, «خبر اصلی» and «افزودن» buttons each send the form back
// and get it again changed, without JavaScript and without saving;
// «ذخیره» saves it as the next revision.

type frontData struct {
	pageData
	Base     int64
	Lead     *news.Story
	Featured []*news.Story
	// Candidates are recent published stories to choose from, found by
	// headline (Q).
	Candidates []*news.Story
	Q          string
	Breaking   []news.Breaking
	Durations  []duration
	Saved      news.FrontPage
	Changed    bool // the form differs from what is saved
	Error      string
}

// duration is one choice of how long a story stays breaking.
type duration struct {
	Minutes int
	Name    string
}

var breakingDurations = []duration{
	{30, "نیم ساعت"}, {60, "یک ساعت"}, {120, "دو ساعت"}, {180, "سه ساعت"}, {360, "شش ساعت"}, {720, "دوازده ساعت"}, {1440, "یک روز"},
}

// candidatesShown is how many stories the front-page editor offers.
const candidatesShown = 30

// showFront is the front-page editor, starting from the saved layout.
func (n *Newsroom) showFront(w http.ResponseWriter, r *http.Request, v *view) {
	saved, err := n.store.FrontPage(r.Context())
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d := frontData{Base: saved.Revision, Q: r.URL.Query().Get("q")}
	d.Flash = flash(r)
	n.renderFront(w, r, v, http.StatusOK, d, saved.LeadID, saved.Featured)
}

// editFront applies one button of the front-page form: op is
// "lead:ID", "add:ID", "up:ID", "down:ID", "remove:ID", "nolead",
// "find" or "save".
func (n *Newsroom) editFront(w http.ResponseWriter, r *http.Request, v *view) {
	form := r.PostForm
	base, _ := strconv.ParseInt(form.Get("base"), 10, 64)
	lead, _ := strconv.ParseInt(form.Get("lead"), 10, 64)
	var featured []int64
	for _, f := range form["featured"] {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil && id > 0 && !slices.Contains(featured, id) {
			featured = append(featured, id)
		}
	}
	d := frontData{Base: base, Q: form.Get("q")}
	verb, arg, _ := strings.Cut(form.Get("op"), ":")
	id, _ := strconv.ParseInt(arg, 10, 64)
	i := slices.Index(featured, id)
	switch verb {
	case "lead":
		if lead != 0 && lead != id {
			featured = append([]int64{lead}, featured...) // the old lead is featured first
		}
		lead = id
		featured = slices.DeleteFunc(featured, func(x int64) bool { return x == id })
	case "nolead":
		lead = 0
	case "add":
		if id != lead && i < 0 {
			featured = append(featured, id)
		}
	case "remove":
		if i >= 0 {
			featured = slices.Delete(featured, i, i+1)
		}
	case "up":
		if i > 0 {
			featured[i-1], featured[i] = featured[i], featured[i-1]
		}
	case "down":
		if i >= 0 && i+1 < len(featured) {
			featured[i+1], featured[i] = featured[i], featured[i+1]
		}
	case "save":
		_, err := n.store.SetFrontPage(r.Context(), v.Actor, base, news.FrontPage{LeadID: lead, Featured: featured})
		if err == nil {
			http.Redirect(w, r, "/newsroom/front?done=front", http.StatusSeeOther)
			return
		}
		status := httpx.Status(err)
		if status == http.StatusInternalServerError {
			n.renderError(w, r, v, err)
			return
		}
		d.Error = news.ErrorMessage(err)
		n.renderFront(w, r, v, status, d, lead, featured)
		return
	}
	if len(featured) > news.MaxFeatured {
		featured = featured[:news.MaxFeatured]
		d.Error = "بیش از " + jalali.PersianValue(news.MaxFeatured) + " خبر برگزیده در صفحهٔ نخست جا نمی‌گیرد."
	}
	n.renderFront(w, r, v, http.StatusOK, d, lead, featured)
}

// renderFront shows the editor with the layout lead and featured.
func (n *Newsroom) renderFront(w http.ResponseWriter, r *http.Request, v *view, status int, d frontData, lead int64, featured []int64) {
	ctx := r.Context()
	msg := d.Flash
	d.pageData = n.pageData(v, "صفحهٔ نخست")
	d.Flash = msg
	var err error
	if d.Saved, err = n.store.FrontPage(ctx); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d.Changed = d.Saved.LeadID != lead || !slices.Equal(d.Saved.Featured, featured) || d.Saved.Revision != d.Base
	ids := append([]int64{lead}, featured...)
	stories, err := n.store.StoriesByID(ctx, ids)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	for _, st := range stories {
		if st.ID == lead {
			d.Lead = st
		} else {
			d.Featured = append(d.Featured, st)
		}
	}
	page, err := n.store.DeskStories(ctx, news.DeskFilter{Status: news.StatusPublished, Headline: d.Q, Limit: candidatesShown})
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	for _, st := range page.Stories {
		if st.ID != lead && !slices.Contains(featured, st.ID) {
			d.Candidates = append(d.Candidates, st)
		}
	}
	if d.Breaking, err = n.store.Breaking(ctx, n.now()); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d.Durations = breakingDurations
	n.render(w, r, status, "front", d)
}

// markBreaking marks a published story breaking for the form's minutes
// (an hour by default), or unmarks it with clear=1, then goes back to
// the page the form was on.
func (n *Newsroom) markBreaking(w http.ResponseWriter, r *http.Request, v *view) {
	id, ok := n.pathID(w, r, v, "خبر")
	if !ok {
		return
	}
	var err error
	done := "breaking"
	if r.PostForm.Get("clear") == "1" {
		err = n.store.ClearBreaking(r.Context(), v.Actor, id)
		done = "unbreaking"
	} else {
		minutes, perr := strconv.Atoi(r.PostForm.Get("minutes"))
		if perr != nil || minutes <= 0 {
			minutes = int(news.DefaultBreaking / time.Minute)
		}
		err = n.store.SetBreaking(r.Context(), v.Actor, id, n.now().Add(time.Duration(minutes)*time.Minute))
	}
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	back := r.PostForm.Get("back")
	if !strings.HasPrefix(back, "/newsroom/") || strings.ContainsAny(back, "?#\\") || strings.HasPrefix(back, "//") {
		back = "/newsroom/front"
	}
	http.Redirect(w, r, back+"?done="+done, http.StatusSeeOther)
}

// breakingForm is the «فوری» form of the story editor.
type breakingForm struct {
	Story     *news.Story
	Until     time.Time // zero when it is not breaking
	Durations []duration
}

// breakingForm returns the editor's «فوری» form for st: for editors, on
// a story readers can see; nil otherwise.
func (n *Newsroom) breakingForm(r *http.Request, v *view, st *news.Story) (*breakingForm, error) {
	if !editors.Admits(v.User) || !st.Visible(n.now()) {
		return nil, nil
	}
	until, err := n.store.BreakingUntil(r.Context(), st.ID)
	if err != nil {
		return nil, err
	}
	return &breakingForm{Story: st, Until: until, Durations: breakingDurations}, nil
}

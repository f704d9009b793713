package newsroom

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"khabar/internal/auth"
	"khabar/internal/httpx"
	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/textdiff"
)

// maxAPIBody bounds an API request's body: a story's text, escaped.
const maxAPIBody = 4 << 20

type apiHandler func(w http.ResponseWriter, r *http.Request, u *news.User)

// withToken runs h for a request carrying a valid bearer token whose
// user the route admits: 401 without one, 403 for a user it does not.
// Bearer requests need no CSRF token: a browser never sends one on its
// own.
func (n *Newsroom) withToken(a Access, h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		var u *news.User
		var err error
		if ok && strings.TrimSpace(token) != "" {
			u, err = n.store.UserByToken(r.Context(), auth.Digest(strings.TrimSpace(token)))
		}
		switch {
		case u == nil && (err == nil || news.ErrorCode(err) == news.ENOTFOUND):
			w.Header().Set("WWW-Authenticate", `Bearer realm="khabar"`)
			httpx.WriteJSONError(w, news.Errorf(news.EUNAUTHORIZED, "کلید دسترسی (Authorization: Bearer …) لازم است یا معتبر نیست"))
			return
		case err != nil:
			n.apiError(w, r, err)
			return
		case !a.Admits(u):
			httpx.WriteJSONError(w, news.Errorf(news.EFORBIDDEN, "نقش شما اجازهٔ این کار را نمی‌دهد"))
			return
		}
		h(w, r, u)
	})
}

func (n *Newsroom) apiError(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.Status(err) == http.StatusInternalServerError {
		n.log.ErrorContext(r.Context(), "newsroom api: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	httpx.WriteJSONError(w, err)
}

func (n *Newsroom) unknownAPI(w http.ResponseWriter, r *http.Request) {
	if allow := httpx.Allow(n.mux, r, "/newsroom/", "/api/v1/newsroom/"); allow != "" {
		httpx.MethodNotAllowed(allow)(w, r)
		return
	}
	httpx.WriteJSONError(w, news.Errorf(news.ENOTFOUND, "نشانی پیدا نشد"))
}

// apiStory is a story as the newsroom API reads and writes it.
type apiStory struct {
	ID       int64    `json:"id"`
	Revision int64    `json:"revision"`
	State    string   `json:"state"`
	Code     int64    `json:"code,omitempty"`
	Section  string   `json:"section"`
	Kicker   string   `json:"kicker"`
	Headline string   `json:"headline"`
	Lead     string   `json:"lead"`
	Credit   string   `json:"credit"`
	Byline   string   `json:"byline"`
	Body     string   `json:"body"`
	Tags     []string `json:"tags"`
	// Photo is the lead photo's id in the library, "" for none.
	Photo        string      `json:"photo"`
	PhotoCaption string      `json:"photo_caption"`
	Published    string      `json:"published,omitempty"` // or due, when scheduled
	Updated      string      `json:"updated,omitempty"`
	Author       int64       `json:"author,omitempty"`
	Notices      []apiNotice `json:"corrections,omitempty"`
}

type apiNotice struct {
	At   string `json:"at"`
	Note string `json:"note"`
}

func toAPI(st *news.Story) apiStory {
	out := apiStory{ID: st.ID, Revision: st.Revision, State: string(st.Status), Code: st.Code,
		Section: st.Section.Slug, Kicker: st.Kicker, Headline: st.Headline, Lead: st.Lead, Credit: st.Source,
		Byline: st.Byline, Body: st.Body, Tags: st.Tags, Author: st.AuthorID,
		Published: rfc3339(st.Published), Updated: rfc3339(st.Updated)}
	if st.Photo != nil {
		out.Photo, out.PhotoCaption = st.Photo.ID, st.PhotoCaption
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	for _, c := range st.Corrections {
		out.Notices = append(out.Notices, apiNotice{At: rfc3339(c.At), Note: c.Note})
	}
	return out
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// apiContent is the body of a create or a replace.
type apiContent struct {
	Section  *string  `json:"section"`
	Kicker   string   `json:"kicker"`
	Headline *string  `json:"headline"`
	Lead     string   `json:"lead"`
	Credit   string   `json:"credit"`
	Byline   string   `json:"byline"`
	Body     string   `json:"body"`
	Tags     []string `json:"tags"`
	// Photo names a photo of the library; a replace without it leaves
	// the story without one.
	Photo        string `json:"photo"`
	PhotoCaption string `json:"photo_caption"`
}

func (c apiContent) content() (news.Content, error) {
	switch {
	case c.Section == nil:
		return news.Content{}, news.FieldErrorf("section", news.EINVALID, "فیلد «section» (نشانی سرویس) لازم است")
	case c.Headline == nil:
		return news.Content{}, news.FieldErrorf("headline", news.EINVALID, "فیلد «headline» (تیتر) لازم است")
	}
	return news.Content{Section: *c.Section, Kicker: c.Kicker, Headline: *c.Headline, Lead: c.Lead,
		Source: c.Credit, Byline: c.Byline, Body: c.Body, Tags: c.Tags, Photo: c.Photo, PhotoCaption: c.PhotoCaption}, nil
}

func (n *Newsroom) writeStory(w http.ResponseWriter, status int, st *news.Story) {
	w.Header().Set("ETag", etag(st.Revision))
	httpx.WriteJSON(w, status, "", toAPI(st))
}

func etag(rev int64) string { return `"` + strconv.FormatInt(rev, 10) + `"` }

// POST /api/v1/newsroom/stories: a new draft.
func (n *Newsroom) apiCreateStory(w http.ResponseWriter, r *http.Request, u *news.User) {
	var body apiContent
	if err := httpx.ReadJSON(w, r, maxAPIBody, &body); err != nil {
		n.apiError(w, r, err)
		return
	}
	c, err := body.content()
	if err == nil {
		var st *news.Story
		if st, err = n.store.CreateDraft(r.Context(), news.ActorOf(u), c); err == nil {
			w.Header().Set("Location", "/api/v1/newsroom/stories/"+strconv.FormatInt(st.ID, 10))
			n.writeStory(w, http.StatusCreated, st)
			return
		}
	}
	n.apiError(w, r, err)
}

// apiPathID reads {id}, or answers 404 saying what (خبر, نظر, …) was
// not found and returns false.
func (n *Newsroom) apiPathID(w http.ResponseWriter, r *http.Request, what string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		httpx.WriteJSONError(w, news.Errorf(news.ENOTFOUND, "%s پیدا نشد", what))
		return 0, false
	}
	return id, true
}

// GET /api/v1/newsroom/stories/{id}
func (n *Newsroom) apiGetStory(w http.ResponseWriter, r *http.Request, u *news.User) {
	id, ok := n.apiPathID(w, r, "خبر")
	if !ok {
		return
	}
	st, err := n.store.StoryByID(r.Context(), id)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	if match := r.Header.Get("If-None-Match"); match != "" && match == etag(st.Revision) {
		w.Header().Set("ETag", etag(st.Revision))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	n.writeStory(w, http.StatusOK, st)
}

// parseIfMatch reads the revision an If-Match names: "3", W/"3" or 3.
func parseIfMatch(h string) (int64, bool) {
	h = strings.TrimPrefix(strings.TrimSpace(h), "W/")
	rev, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	return rev, err == nil && rev > 0
}

// staleBody is the answer to a write from an old revision: what the
// story is now, and how it changed since the writer's revision.
type staleBody struct {
	Error           string                 `json:"error"`
	CurrentRevision int64                  `json:"current_revision"`
	Diff            map[string][]diffChunk `json:"diff"`
}

type diffChunk struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// apiStale answers a *news.Stale error with 412 and the diff.
func (n *Newsroom) apiStale(w http.ResponseWriter, stale *news.Stale) {
	body := staleBody{Error: stale.Error(), CurrentRevision: stale.Current.Revision, Diff: map[string][]diffChunk{}}
	if stale.Base != nil {
		a, b := stale.Base.Content, news.ContentOf(stale.Current)
		for _, f := range []struct{ name, a, b string }{
			{"section", a.Section, b.Section}, {"kicker", a.Kicker, b.Kicker}, {"headline", a.Headline, b.Headline},
			{"lead", a.Lead, b.Lead}, {"credit", a.Source, b.Source}, {"byline", a.Byline, b.Byline},
			{"body", a.Body, b.Body}, {"tags", strings.Join(a.Tags, "\n"), strings.Join(b.Tags, "\n")},
		} {
			if f.a == f.b {
				continue
			}
			for _, c := range textdiff.Words(f.a, f.b) {
				body.Diff[f.name] = append(body.Diff[f.name], diffChunk{Op: c.Op.String(), Text: c.Text})
			}
		}
	}
	w.Header().Set("ETag", etag(stale.Current.Revision))
	httpx.WriteJSON(w, http.StatusPreconditionFailed, "", body)
}

// PUT /api/v1/newsroom/stories/{id} with If-Match: the story's content
// replaced, from the revision If-Match names.
func (n *Newsroom) apiPutStory(w http.ResponseWriter, r *http.Request, u *news.User) {
	id, ok := n.apiPathID(w, r, "خبر")
	if !ok {
		return
	}
	if r.Header.Get("If-Match") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		httpx.WriteJSON(w, http.StatusPreconditionRequired, "", httpx.ErrorBody{
			Error: "سرآیند If-Match با نسخهٔ خبر (ETag) لازم است تا ویرایش کسی دیگر بازنویسی نشود"})
		return
	}
	base, ok := parseIfMatch(r.Header.Get("If-Match"))
	if !ok {
		httpx.WriteJSONError(w, news.FieldErrorf("If-Match", news.EINVALID, "If-Match باید نسخهٔ خبر باشد، مانند \"3\""))
		return
	}
	var body apiContent
	if err := httpx.ReadJSON(w, r, maxAPIBody, &body); err != nil {
		n.apiError(w, r, err)
		return
	}
	c, err := body.content()
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	st, err := n.store.SaveStory(r.Context(), news.ActorOf(u), id, base, c)
	var stale *news.Stale
	switch {
	case errors.As(err, &stale):
		n.apiStale(w, stale)
	case err != nil:
		n.apiError(w, r, err)
	default:
		n.writeStory(w, http.StatusOK, st)
	}
}

// apiMove is the body of a transition.
type apiMove struct {
	To   string `json:"to"`
	At   string `json:"at"`
	Note string `json:"note"`
}

// POST /api/v1/newsroom/stories/{id}/transitions
func (n *Newsroom) apiTransition(w http.ResponseWriter, r *http.Request, u *news.User) {
	id, ok := n.apiPathID(w, r, "خبر")
	if !ok {
		return
	}
	var body apiMove
	if err := httpx.ReadJSON(w, r, 64<<10, &body); err != nil {
		n.apiError(w, r, err)
		return
	}
	action, ok := news.TransitionTarget(body.To)
	if !ok {
		httpx.WriteJSONError(w, news.FieldErrorf("to", news.EINVALID,
			"«to» یکی از submitted، published، scheduled، unpublished، killed، corrected، draft یا restored باشد"))
		return
	}
	cmd := store.Command{Action: action, Note: body.Note}
	if h := r.Header.Get("If-Match"); h != "" {
		if cmd.Base, ok = parseIfMatch(h); !ok {
			httpx.WriteJSONError(w, news.FieldErrorf("If-Match", news.EINVALID, "If-Match باید نسخهٔ خبر باشد، مانند \"3\""))
			return
		}
	}
	switch {
	case action == news.ActionSchedule:
		at, err := time.Parse(time.RFC3339, body.At)
		if err != nil {
			httpx.WriteJSONError(w, news.FieldErrorf("at", news.EINVALID, "«at» زمانی به قالب RFC 3339 باشد، مانند 2024-03-20T10:30:00+03:30"))
			return
		}
		cmd.At = at
	case body.At != "":
		httpx.WriteJSONError(w, news.FieldErrorf("at", news.EINVALID, "«at» فقط برای زمان‌بندی (scheduled) است"))
		return
	}
	st, err := n.store.Write(r.Context(), news.ActorOf(u), id, cmd)
	var stale *news.Stale
	switch {
	case errors.As(err, &stale):
		n.apiStale(w, stale)
	case err != nil:
		n.apiError(w, r, err)
	default:
		n.writeStory(w, http.StatusOK, st)
	}
}

// GET /api/v1/newsroom/stories?state=&section=&limit=&cursor=
func (n *Newsroom) apiListStories(w http.ResponseWriter, r *http.Request, u *news.User) {
	q := r.URL.Query()
	f := news.DeskFilter{Status: news.Status(q.Get("state")), SectionSlug: q.Get("section"), After: q.Get("cursor"), Limit: 20}
	if f.Status != "" && !f.Status.Valid() {
		httpx.WriteJSONError(w, news.FieldErrorf("state", news.EINVALID, "وضعیت «%s» شناخته نیست", q.Get("state")))
		return
	}
	if s := q.Get("limit"); s != "" {
		l, err := strconv.Atoi(s)
		if err != nil || l < 1 || l > 100 {
			httpx.WriteJSONError(w, news.FieldErrorf("limit", news.EINVALID, "«limit» عددی از ۱ تا ۱۰۰ باشد"))
			return
		}
		f.Limit = l
	}
	page, err := n.store.DeskStories(r.Context(), f)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	out := struct {
		Total  int        `json:"total"`
		Items  []apiStory `json:"items"`
		Cursor string     `json:"next_cursor,omitempty"`
	}{Total: page.Total, Items: []apiStory{}, Cursor: page.Next}
	for _, st := range page.Stories {
		out.Items = append(out.Items, toAPI(st))
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

// GET /api/v1/newsroom/stories/{id}/revisions
func (n *Newsroom) apiRevisions(w http.ResponseWriter, r *http.Request, u *news.User) {
	id, ok := n.apiPathID(w, r, "خبر")
	if !ok {
		return
	}
	revs, err := n.store.Revisions(r.Context(), id)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	type apiRevision struct {
		Revision int64  `json:"revision"`
		Action   string `json:"action"`
		State    string `json:"state"`
		By       string `json:"by"`
		ByID     int64  `json:"by_id,omitempty"`
		At       string `json:"at"`
		Note     string `json:"note,omitempty"`
	}
	out := struct {
		Items []apiRevision `json:"items"`
	}{Items: []apiRevision{}}
	for _, rv := range revs {
		out.Items = append(out.Items, apiRevision{Revision: rv.Number, Action: string(rv.Action), State: string(rv.Status),
			By: rv.Actor.Name, ByID: rv.Actor.ID, At: rfc3339(rv.At), Note: rv.Note})
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

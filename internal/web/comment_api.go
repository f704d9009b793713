package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// apiComment is a comment as the public API shows it: never the
// reader's email or address.
type apiComment struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Text    string `json:"text"`
	Created string `json:"created"`
	ReplyTo *int64 `json:"reply_to"`
}

// Bounds on a page of the comments API.
const (
	apiCommentsDefault = 100
	apiCommentsMax     = 500
	apiCommentsOffset  = 1000000
)

// apiComments serves GET /api/v1/news/{code}/comments?limit=&offset=:
// {"total", "items"}, the approved comments readers see, oldest first;
// reply_to is null for a comment that answers none.
func (s *server) apiComments(w http.ResponseWriter, r *http.Request) {
	st, ok := s.visibleStory(w, r)
	if !ok {
		return
	}
	limit, offset, err := apiCommentRange(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, total, err := s.store.ApprovedComments(r.Context(), st.ID, limit, offset)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Total int          `json:"total"`
		Items []apiComment `json:"items"`
	}{Total: total, Items: make([]apiComment, 0, len(items))}
	for _, c := range items {
		a := apiComment{ID: c.ID, Name: c.Name, Text: c.Text, Created: c.Created.UTC().Format(time.RFC3339)}
		if c.ReplyTo != 0 {
			a.ReplyTo = &c.ReplyTo
		}
		out.Items = append(out.Items, a)
	}
	// Comments change as moderators decide: a shorter life in caches.
	w.Header().Set("Access-Control-Allow-Origin", "*")
	httpx.WriteJSON(w, http.StatusOK, "public, max-age=10", out)
}

// apiCommentRange reads ?limit= and ?offset=; EINVALID, naming the
// parameter, for one out of bounds.
func apiCommentRange(v url.Values) (limit, offset int, err error) {
	read := func(name string, def, hi int) (int, error) {
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			return def, nil
		}
		n, err := strconv.Atoi(jalali.LatinDigits(s))
		if err != nil || n < 0 || n > hi || name == "limit" && n == 0 {
			return 0, news.FieldErrorf(name, news.EINVALID, "«%s» عددی درست از %s تا %s باشد",
				name, map[bool]string{true: "۱", false: "۰"}[name == "limit"], jalali.PersianDigits(strconv.Itoa(hi)))
		}
		return n, nil
	}
	if limit, err = read("limit", apiCommentsDefault, apiCommentsMax); err != nil {
		return 0, 0, err
	}
	offset, err = read("offset", 0, apiCommentsOffset)
	return limit, offset, err
}

// apiCommentBody is what POST /api/v1/news/{code}/comments reads.
type apiCommentBody struct {
	Name    *string `json:"name"`
	Text    *string `json:"text"`
	Email   string  `json:"email"`
	ReplyTo int64   `json:"reply_to"`
}

// apiCreateComment serves POST /api/v1/news/{code}/comments: the same
// rules as the form, without its token (an API client keeps no page
// open), and no cookies. 202 {"id", "state"}: "pending" — also for a
// comment filed as spam, which its sender is not told — or "approved"
// under post-moderation; 400 with a Persian error; 413 past 64 KB; 415
// unless application/json; 429 with Retry-After.
func (s *server) apiCreateComment(w http.ResponseWriter, r *http.Request) {
	st, ok := s.visibleStory(w, r)
	if !ok {
		return
	}
	var body apiCommentBody
	if err := httpx.ReadJSON(w, r, maxCommentBody, &body); err != nil {
		s.apiCommentError(w, r, err)
		return
	}
	switch {
	case body.Name == nil:
		s.apiCommentError(w, r, news.FieldErrorf("name", news.EINVALID, "فیلد «name» (نام) لازم است"))
		return
	case body.Text == nil:
		s.apiCommentError(w, r, news.FieldErrorf("text", news.EINVALID, "فیلد «text» (متن نظر) لازم است"))
		return
	}
	d, err := news.CommentDraft{Name: *body.Name, Text: *body.Text, Email: body.Email, ReplyTo: body.ReplyTo}.Clean()
	if err != nil {
		s.apiCommentError(w, r, err)
		return
	}
	c, err := s.store.AddComment(r.Context(), s.commentPost(r, st, d, ""))
	if err != nil {
		s.apiCommentError(w, r, err)
		return
	}
	state := news.CommentPending
	if c.Status == news.CommentApproved {
		state = news.CommentApproved
	}
	httpx.WriteJSON(w, http.StatusAccepted, "no-store", struct {
		ID    int64              `json:"id"`
		State news.CommentStatus `json:"state"`
	}{c.ID, state})
}

// apiCommentError writes an API error, with Retry-After when the
// address has posted its share.
func (s *server) apiCommentError(w http.ResponseWriter, r *http.Request, err error) {
	var limited *news.RateLimited
	if errors.As(err, &limited) {
		w.Header().Set("Retry-After", retryAfter(limited.Retry))
	}
	if httpx.Status(err) == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	httpx.WriteJSONError(w, err)
}

package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// createComment serves POST /news/{code}/comments, the comment form. A
// post that is kept redirects (303) to the story, which says what
// became of it; a refused one gets the story again with the reason
// above the form and everything the reader typed still in it: 400, 403
// for a form sent from another site, 413, or 429 with Retry-After.
func (s *server) createComment(w http.ResponseWriter, r *http.Request) {
	st, ok := s.visibleStory(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentBody)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		status, msg := http.StatusBadRequest, "فرم خوانده نشد؛ دوباره بفرستید."
		if errors.As(err, &tooLarge) {
			status, msg = http.StatusRequestEntityTooLarge, "نظر بیش از اندازه بلند بود و خوانده نشد؛ کوتاه‌تر بنویسید."
		}
		s.refuseComment(w, r, st, status, &commentForm{Error: msg, Sent: true})
		return
	}
	f := r.PostForm
	form := &commentForm{Name: f.Get("name"), Email: f.Get("email"), Text: f.Get("text"), Token: f.Get("token"), Sent: true}
	form.ReplyTo, _ = strconv.ParseInt(jalali.LatinDigits(strings.TrimSpace(f.Get("reply_to"))), 10, 64)
	if !s.sameSite(r) {
		form.Error = "فرم از سایت دیگری فرستاده شده است؛ نظر را در صفحهٔ خود خبر بنویسید."
		s.refuseComment(w, r, st, http.StatusForbidden, form)
		return
	}
	if f.Get("website") != "" {
		// A field no person sees, filled by a robot (or an eager autofill).
		form.Error = "خانه‌ای از فرم پر شده بود که باید خالی بماند؛ آن را پاک کردیم، دوباره بفرستید."
		s.refuseComment(w, r, st, http.StatusBadRequest, form)
		return
	}
	tok, err := s.checkToken(r.Context(), form.Token, st.ID)
	if err != nil {
		if err != errTokenFast {
			form.Token = "" // a new one comes with the form
		}
		s.commentError(w, r, st, form, err)
		return
	}
	d, err := news.CommentDraft{Name: form.Name, Email: form.Email, Text: form.Text, ReplyTo: form.ReplyTo}.Clean()
	if err != nil {
		s.commentError(w, r, st, form, err)
		return
	}
	c, err := s.store.AddComment(r.Context(), s.commentPost(r, st, d, dedupKey(tok, d)))
	if err != nil {
		s.commentError(w, r, st, form, err)
		return
	}
	target := storyURL(st) + "?comment=pending#comments"
	if c.Status == news.CommentApproved {
		// The page the comment is on, at the comment.
		q := "?comment=approved"
		if n, err := s.store.CommentPage(r.Context(), c.ID, commentsPerPage); err == nil && n > 1 {
			q = "?page=" + strconv.Itoa(n) + "&comment=approved"
		}
		target = storyURL(st) + q + "#comment-" + strconv.FormatInt(c.ID, 10)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// commentPost is a cleaned draft as the store takes it.
func (s *server) commentPost(r *http.Request, st *news.Story, d news.CommentDraft, dedup string) news.CommentPost {
	ip := httpx.ClientIP(r, s.cfg.TrustProxy)
	return news.CommentPost{StoryID: st.ID, Draft: d, IP: ip, RateKey: rateKey(ip), Rate: s.cfg.CommentRate, Dedup: dedup}
}

// rateKey is what the rate limit counts for an address: the address
// itself, or for IPv6 its /64, which one subscriber holds whole.
func rateKey(ip string) string {
	a := net.ParseIP(ip)
	if a == nil || a.To4() != nil {
		return ip
	}
	return a.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// commentError refuses a post for err: the store's or the form's
// domain error, shown above the form; an internal error, the error page.
func (s *server) commentError(w http.ResponseWriter, r *http.Request, st *news.Story, form *commentForm, err error) {
	status := httpx.Status(err)
	switch status {
	case http.StatusBadRequest, http.StatusTooManyRequests:
	case http.StatusNotFound:
		s.notFound(w, r)
		return
	default:
		s.fail(w, r, err)
		return
	}
	var limited *news.RateLimited
	if errors.As(err, &limited) {
		w.Header().Set("Retry-After", retryAfter(limited.Retry))
	}
	form.Error = news.ErrorMessage(err)
	s.refuseComment(w, r, st, status, form)
}

// refuseComment writes the story with the refused form.
func (s *server) refuseComment(w http.ResponseWriter, r *http.Request, st *news.Story, status int, form *commentForm) {
	comments, err := s.commentSection(r, st, form)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderArticle(w, r, status, st, comments)
}

// retryAfter is a wait in whole seconds, for Retry-After.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

// sameSite reports whether a form post came from a page of this site,
// as far as the browser says: a cross-site Sec-Fetch-Site, or an Origin
// naming another host, is refused; a request with neither (an older
// browser) is let through, since the form's token still has to be good.
func (s *server) sameSite(r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null": a sandboxed frame, a data: page
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	base, err := url.Parse(s.cfg.BaseURL)
	return err == nil && base.Host != "" && strings.EqualFold(u.Host, base.Host)
}

package newsroom

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"khabar/internal/auth"
	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/photo"
)

// The newsroom's cookies, both scoped to /newsroom: public pages never
// see them, so no cached public page depends on who is logged in.
const (
	sessionCookie = "khabar_session"
	// loginCookie holds the CSRF token of the login form, before there
	// is a session to hold it.
	loginCookie = "khabar_login"
	// SessionCookie is the session cookie's name, for the page cache to
	// pass by whoever carries one.
	SessionCookie = sessionCookie
	cookiePath    = "/newsroom"
)

// maxForm bounds a form's body: a story's text, url-encoded.
const maxForm = 8 << 20

// maxUploadForm bounds the body of a form that may carry a photo: room
// for the story's text and for a file well past photo.MaxBytes, so that
// an upload too large is told so in the editor, with the text kept.
const maxUploadForm = 64 << 20

// uploadTime is how long a form carrying a photo may take to arrive and
// be answered: minutes on a slow line, and the photo's processing.
const uploadTime = 10 * time.Minute

// touchEvery is how stale a session's last-seen time may get before a
// request writes it again: idle expiry needs no write per request.
const touchEvery = time.Minute

// view is what every newsroom page knows of its request: who is logged
// in (nil User for nobody) and the CSRF token its forms carry.
type view struct {
	User    *news.User
	Session *news.Session
	CSRF    string
	Actor   news.Actor
}

type pageHandler func(w http.ResponseWriter, r *http.Request, v *view)

// withSession runs h for a request whose session admits it: nobody
// logged in is sent to the login page (303), a logged-in user the route
// does not admit gets 403, a user who must change their password is
// sent to do so, and a POST whose CSRF token is not the session's gets
// 403.
func (n *Newsroom) withSession(a Access, limit int64, h pageHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if limit > maxForm {
			rc := http.NewResponseController(w)
			rc.SetReadDeadline(time.Now().Add(uploadTime)) // not every server has deadlines to move
			rc.SetWriteDeadline(time.Now().Add(uploadTime))
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		v, err := n.loadSession(w, r)
		if err != nil {
			n.renderError(w, r, &view{}, err)
			return
		}
		if !a.Admits(v.User) {
			if v.User == nil {
				http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
				return
			}
			n.renderError(w, r, v, news.Errorf(news.EFORBIDDEN, "نقش شما اجازهٔ دیدن این صفحه را نمی‌دهد"))
			return
		}
		if v.User != nil && v.User.MustChangePassword && !strings.HasPrefix(r.URL.Path, "/newsroom/password") &&
			r.URL.Path != "/newsroom/logout" {
			http.Redirect(w, r, "/newsroom/password", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			if err := parseForm(r); err != nil {
				n.renderError(w, r, v, formError(err, limit))
				return
			}
			token := r.PostForm.Get("csrf")
			if token == "" {
				token = r.Header.Get("X-CSRF-Token")
			}
			if !auth.Equal(token, v.CSRF) {
				n.renderError(w, r, v, news.Errorf(news.EFORBIDDEN,
					"نشانهٔ امنیتی فرم معتبر نیست یا کهنه شده است؛ صفحه را دوباره باز کنید و از نو بفرستید"))
				return
			}
		}
		h(w, r, v)
	})
}

// parseForm reads a posted form, url-encoded or multipart; a multipart
// form's files past a megabyte wait on disk (the server removes them
// after the request).
func parseForm(r *http.Request) error {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		return r.ParseMultipartForm(1 << 20)
	}
	return r.ParseForm()
}

// formError is the error for a form of at most limit bytes that could
// not be read.
func formError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	tooLarge := errors.As(err, &mbe) || strings.Contains(err.Error(), "too large")
	switch {
	case tooLarge && limit > maxForm:
		return news.Errorf(news.ETOOLARGE, "فرم و عکس آن بیش از %s مگابایت است؛ عکس باید کمتر از %s مگابایت باشد",
			jalali.PersianValue(int(limit>>20)), jalali.PersianValue(photo.MaxBytes>>20))
	case tooLarge:
		return news.Errorf(news.ETOOLARGE, "فرم بیش از اندازه بزرگ است")
	}
	return news.Errorf(news.EINVALID, "فرم خوانده نشد")
}

// loginURL is the login page, remembering where the user was going.
func loginURL(r *http.Request) string {
	if r.Method != http.MethodGet || r.URL.Path == "/newsroom/" {
		return "/newsroom/login"
	}
	return "/newsroom/login?next=" + url.QueryEscape(r.URL.RequestURI())
}

// safeNext returns where to go after login: a newsroom path, never
// another site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/newsroom/") ||
		strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/newsroom/"
	}
	return next
}

// loadSession finds the request's session. Without one, the view's
// CSRF token is the login form's, kept in its own cookie.
func (n *Newsroom) loadSession(w http.ResponseWriter, r *http.Request) (*view, error) {
	v := &view{}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		now := n.now()
		sess, u, err := n.store.Session(r.Context(), auth.Digest(c.Value), now)
		switch news.ErrorCode(err) {
		case "":
			v.User, v.Session, v.CSRF, v.Actor = u, sess, sess.CSRF, news.ActorOf(u)
			if now.Sub(sess.Seen) > touchEvery {
				expires := minTime(now.Add(n.cfg.SessionIdle), sess.Created.Add(n.cfg.SessionMax))
				if err := n.store.TouchSession(r.Context(), sess.Hash, now, expires); err != nil {
					return nil, err
				}
			}
			return v, nil
		case news.ENOTFOUND:
			n.clearCookie(w, r, sessionCookie) // ended or expired
		default:
			return nil, err
		}
	}
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 32 {
		v.CSRF = c.Value
	}
	return v, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// setCookie sets one of the newsroom's cookies: HttpOnly, SameSite=Lax,
// Secure over TLS; a session cookie, gone when the browser closes.
func (n *Newsroom) setCookie(w http.ResponseWriter, r *http.Request, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: cookiePath, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: httpx.IsTLS(r, n.cfg.TrustProxy)})
}

func (n *Newsroom) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: cookiePath, MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: httpx.IsTLS(r, n.cfg.TrustProxy)})
}

// startSession logs u in: a new session, whatever the browser had
// before, and its cookie.
func (n *Newsroom) startSession(w http.ResponseWriter, r *http.Request, u *news.User) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		n.store.DeleteSession(r.Context(), auth.Digest(c.Value))
	}
	secret := auth.NewSecret()
	now := n.now()
	sess := &news.Session{Hash: auth.Digest(secret), UserID: u.ID, CSRF: auth.NewSecret(), Created: now, Seen: now,
		Expires: minTime(now.Add(n.cfg.SessionIdle), now.Add(n.cfg.SessionMax)),
		IP:      httpx.ClientIP(r, n.cfg.TrustProxy), Agent: clip(r.UserAgent(), 300)}
	if err := n.store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	n.setCookie(w, r, sessionCookie, secret)
	n.clearCookie(w, r, loginCookie)
	return nil
}

func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

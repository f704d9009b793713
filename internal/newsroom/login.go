package newsroom

import (
	"fmt"
	"net/http"
	"time"

	"khabar/internal/auth"
	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// Login throttling: so many failures for one account, or from one
// address, within the window lock logins for that account or address
// for lockFor. A locked login is refused with the same words whether or
// not the account exists.
const (
	throttleWindow = 15 * time.Minute
	lockFor        = 15 * time.Minute
	userFailures   = 5
	ipFailures     = 30
)

// dummyHash is checked against when no account has the name, so an
// unknown name takes as long to refuse as a wrong password.
var dummyHash = auth.HashPassword("khabar: no such user", auth.DefaultParams)

type loginData struct {
	pageData
	Name, Next string
	Error      string
}

func (n *Newsroom) showLogin(w http.ResponseWriter, r *http.Request, v *view) {
	if v.User != nil {
		http.Redirect(w, r, "/newsroom/", http.StatusSeeOther)
		return
	}
	n.renderLogin(w, r, v, http.StatusOK, loginData{Next: r.URL.Query().Get("next")})
}

// renderLogin shows the login form with a fresh CSRF token in its cookie.
func (n *Newsroom) renderLogin(w http.ResponseWriter, r *http.Request, v *view, status int, d loginData) {
	// One token per browser, kept while it lasts, so two login tabs
	// both work.
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 32 {
		v.CSRF = c.Value
	} else {
		v.CSRF = auth.NewSecret()
	}
	n.setCookie(w, r, loginCookie, v.CSRF)
	d.pageData = n.pageData(v, "ورود به تحریریه")
	if msg := doneMessages[r.URL.Query().Get("done")]; msg != "" {
		d.Flash = msg
	}
	n.render(w, r, status, "login", d)
}

func (n *Newsroom) login(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	name := news.NormalizeUserName(r.PostForm.Get("name"))
	password := r.PostForm.Get("password")
	d := loginData{Name: clip(name, news.MaxUserName), Next: r.PostForm.Get("next")}
	now := n.now()
	keys := []string{"user:" + clip(name, news.MaxUserName), "ip:" + httpx.ClientIP(r, n.cfg.TrustProxy)}
	for _, key := range keys {
		until, err := n.store.LoginLockedUntil(ctx, key)
		if err != nil {
			n.renderError(w, r, v, err)
			return
		}
		if now.Before(until) {
			mins := int(until.Sub(now).Minutes()) + 1
			w.Header().Set("Retry-After", fmt.Sprint(int(until.Sub(now).Seconds())+1))
			d.Error = fmt.Sprintf("تلاش‌های ناموفق برای ورود زیاد بود؛ %s دقیقهٔ دیگر دوباره تلاش کنید.", jalali.PersianValue(mins))
			n.renderLogin(w, r, v, http.StatusTooManyRequests, d)
			return
		}
	}
	u, hash, err := n.store.UserByName(ctx, name)
	ok := false
	switch {
	case err == nil && !u.Disabled && len(password) <= news.MaxPassword:
		ok, err = auth.CheckPassword(password, hash)
	case err == nil || news.ErrorCode(err) == news.ENOTFOUND:
		auth.CheckPassword(password, dummyHash) // as slow as a real check
		err = nil
	}
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if !ok {
		for i, key := range keys {
			count, _, err := n.store.CountLoginFailure(ctx, key, now, throttleWindow)
			if err != nil {
				n.renderError(w, r, v, err)
				return
			}
			if limit := []int{userFailures, ipFailures}[i]; count >= limit {
				if err := n.store.LockLogin(ctx, key, now.Add(lockFor)); err != nil {
					n.renderError(w, r, v, err)
					return
				}
			}
		}
		d.Error = "نام کاربری یا گذرواژه درست نیست."
		n.renderLogin(w, r, v, http.StatusUnauthorized, d)
		return
	}
	if err := n.store.ForgetLoginFailures(ctx, keys[0]); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if err := n.startSession(w, r, u); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.store.RecordAudit(ctx, news.ActorOf(u), "login", "user", u.ID, u.Name, httpx.ClientIP(r, n.cfg.TrustProxy))
	next := safeNext(d.Next)
	if u.MustChangePassword {
		next = "/newsroom/password"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (n *Newsroom) logout(w http.ResponseWriter, r *http.Request, v *view) {
	if err := n.store.DeleteSession(r.Context(), v.Session.Hash); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.clearCookie(w, r, sessionCookie)
	n.store.RecordAudit(r.Context(), v.Actor, "logout", "user", v.User.ID, v.User.Name, "")
	http.Redirect(w, r, "/newsroom/login?done=logout", http.StatusSeeOther)
}

type passwordData struct {
	pageData
	Forced bool
	Error  string
}

func (n *Newsroom) showPassword(w http.ResponseWriter, r *http.Request, v *view) {
	n.render(w, r, http.StatusOK, "password", passwordData{pageData: n.pageData(v, "تغییر گذرواژه"), Forced: v.User.MustChangePassword})
}

func (n *Newsroom) changePassword(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	d := passwordData{pageData: n.pageData(v, "تغییر گذرواژه"), Forced: v.User.MustChangePassword}
	current, next, again := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("confirm")
	_, hash, err := n.store.UserByName(ctx, v.User.Name)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	ok, _ := auth.CheckPassword(current, hash)
	switch {
	case len(current) > news.MaxPassword || !ok:
		d.Error = "گذرواژهٔ کنونی درست نیست."
	case next != again:
		d.Error = "گذرواژهٔ تازه و تکرار آن یکی نیستند."
	case next == current:
		d.Error = "گذرواژهٔ تازه باید با گذرواژهٔ کنونی فرق کند."
	default:
		if err := news.ValidPassword(next); err != nil {
			d.Error = news.ErrorMessage(err) + "."
		}
	}
	if d.Error != "" {
		n.render(w, r, http.StatusBadRequest, "password", d)
		return
	}
	if err := n.store.SetPassword(ctx, v.Actor, v.User.ID, auth.HashPassword(next, n.cfg.Password), false, v.Session.Hash); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/newsroom/?done=password", http.StatusSeeOther)
}

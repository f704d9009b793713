package newsroom_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"khabar/internal/auth"
	"khabar/internal/news"
)

func TestLoginAndSessions(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		c := s.client()
		if res := c.get("/newsroom/stories"); res.status != http.StatusSeeOther ||
			res.header.Get("Location") != "/newsroom/login?next=%2Fnewsroom%2Fstories" {
			t.Fatalf("anonymous: %d %q", res.status, res.header.Get("Location"))
		}
		page := c.get("/newsroom/login")
		for _, want := range []string{`<html lang="fa" dir="rtl">`, `name="name"`, `name="password"`, `type="hidden" name="csrf"`, "ورود به تحریریه"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("login page lacks %s", want)
			}
		}
		if res := c.login("editor", "نادرست-نادرست"); res.status != http.StatusUnauthorized ||
			!strings.Contains(res.body, "نام کاربری یا گذرواژه درست نیست") {
			t.Fatalf("wrong password: %d", res.status)
		}
		res := c.login("editor", testPassword)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/newsroom/" {
			t.Fatalf("login: %d %q", res.status, res.header.Get("Location"))
		}
		var cookie *http.Cookie
		for _, ck := range res.header.Values("Set-Cookie") {
			if strings.HasPrefix(ck, "khabar_session=") {
				h := http.Header{"Set-Cookie": {ck}}
				cookie = (&http.Response{Header: h}).Cookies()[0]
			}
		}
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/newsroom" || cookie.Secure {
			t.Fatalf("session cookie %+v", cookie)
		}
		if res := c.get("/newsroom/"); res.status != 200 || !strings.Contains(res.body, "پیشخوان") {
			t.Fatalf("dashboard: %d", res.status)
		}
		// Logging in again gives a new session; the old cookie is dead.
		again := s.client()
		again.login("editor", testPassword)
		if res := c.post("/newsroom/logout", nil); res.status != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.status)
		}
		old := s.client()
		base, _ := url.Parse(s.srv.URL + "/newsroom/")
		old.http.Jar.SetCookies(base, []*http.Cookie{{Name: "khabar_session", Value: cookie.Value, Path: "/newsroom"}})
		if res := old.get("/newsroom/"); res.status != http.StatusSeeOther {
			t.Fatalf("a logged-out session still works: %d", res.status)
		}
		if res := again.get("/newsroom/"); res.status != 200 {
			t.Fatalf("the other session ended too: %d", res.status)
		}
		// Idle too long: the session ends.
		s.clock.advance(13 * time.Hour)
		if res := again.get("/newsroom/"); res.status != http.StatusSeeOther {
			t.Fatalf("idle session still works: %d", res.status)
		}
	})
}

func TestLoginSendsBackToTheAskedPage(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	c := s.client()
	page := c.get("/newsroom/login?next=%2Fnewsroom%2Fstories")
	m := csrfField.FindStringSubmatch(page.body)
	for next, want := range map[string]string{"/newsroom/stories?state=draft": "/newsroom/stories?state=draft",
		"https://evil.example/": "/newsroom/", "//evil.example/newsroom/": "/newsroom/", "/elsewhere": "/newsroom/"} {
		c := s.client()
		page := c.get("/newsroom/login")
		m = csrfField.FindStringSubmatch(page.body)
		res := c.post("/newsroom/login", url.Values{"csrf": {m[1]}, "name": {"editor"}, "password": {testPassword}, "next": {next}})
		if res.header.Get("Location") != want {
			t.Errorf("next %q: went to %q", next, res.header.Get("Location"))
		}
	}
}

func TestFirstLoginMustChangePassword(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		u := &news.User{Name: "newbie", Roles: news.Roles{news.RoleReporter}, MustChangePassword: true}
		if err := s.store.CreateUser(ctx, news.Actor{Name: "آزمون"}, u, auth.HashPassword("یک‌بار-مصرف-۱۲۳", fastHash)); err != nil {
			t.Fatal(err)
		}
		c := s.client()
		if res := c.login("newbie", "یک‌بار-مصرف-۱۲۳"); res.header.Get("Location") != "/newsroom/password" {
			t.Fatalf("first login went to %q", res.header.Get("Location"))
		}
		if res := c.get("/newsroom/stories"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/newsroom/password" {
			t.Fatalf("before changing: %d %q", res.status, res.header.Get("Location"))
		}
		other := s.client()
		other.login("newbie", "یک‌بار-مصرف-۱۲۳")
		for _, bad := range []url.Values{
			{"current": {"نادرست"}, "new": {"گذرواژهٔ تازهٔ من"}, "confirm": {"گذرواژهٔ تازهٔ من"}},
			{"current": {"یک‌بار-مصرف-۱۲۳"}, "new": {"کوتاه"}, "confirm": {"کوتاه"}},
			{"current": {"یک‌بار-مصرف-۱۲۳"}, "new": {"گذرواژهٔ تازهٔ من"}, "confirm": {"گذرواژهٔ دیگر"}},
		} {
			if res := c.post("/newsroom/password", bad); res.status != http.StatusBadRequest {
				t.Errorf("bad change %v: %d", bad, res.status)
			}
		}
		res := c.post("/newsroom/password", url.Values{"current": {"یک‌بار-مصرف-۱۲۳"}, "new": {"گذرواژهٔ تازهٔ من"}, "confirm": {"گذرواژهٔ تازهٔ من"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("change: %d %s", res.status, res.body)
		}
		if res := c.get("/newsroom/stories"); res.status != 200 {
			t.Fatalf("after changing: %d", res.status)
		}
		if res := other.get("/newsroom/"); res.status != http.StatusSeeOther {
			t.Fatal("a password change left the user's other session open")
		}
		if res := s.client().login("newbie", "گذرواژهٔ تازهٔ من"); res.header.Get("Location") != "/newsroom/" {
			t.Fatalf("new password: %q", res.header.Get("Location"))
		}
	})
}

// Guessing is throttled per account, and the answer is the same whether
// or not the account exists.
func TestLoginThrottling(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		for _, name := range []string{"editor", "nobody-by-this-name"} {
			for i := range 5 {
				if res := s.client().login(name, "حدس-شمارهٔ-"+string(rune('a'+i))); res.status != http.StatusUnauthorized {
					t.Fatalf("%s guess %d: %d", name, i, res.status)
				}
			}
			res := s.client().login(name, testPassword)
			if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" ||
				!strings.Contains(res.body, "تلاش‌های ناموفق برای ورود زیاد بود") {
				t.Fatalf("%s after five guesses: %d %q", name, res.status, res.header.Get("Retry-After"))
			}
		}
		if res := s.client().login("admin", testPassword); res.status != http.StatusSeeOther {
			t.Fatalf("another account is locked too: %d", res.status)
		}
		s.clock.advance(16 * time.Minute)
		if res := s.client().login("editor", testPassword); res.status != http.StatusSeeOther {
			t.Fatalf("still locked after the lock: %d", res.status)
		}
	})
}

func TestDisabledUserIsLockedOut(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	c := s.client()
	c.login("reporter", testPassword)
	tok := s.token("reporter")
	u := s.users["reporter"]
	u.Disabled = true
	if err := s.store.UpdateUser(ctx, news.Actor{Name: "آزمون"}, u); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/newsroom/"); res.status != http.StatusSeeOther {
		t.Error("disabled user's session still works")
	}
	if res := s.client().login("reporter", testPassword); res.status != http.StatusUnauthorized {
		t.Errorf("disabled user logs in: %d", res.status)
	}
	if res := s.api(tok, "GET", "/api/v1/newsroom/stories", nil); res.status != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d", res.status)
	}
}

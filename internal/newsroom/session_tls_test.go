package newsroom_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"testing"
)

// Over TLS the session cookie is Secure as well as HttpOnly and
// SameSite; a session cookie planted before logging in (fixation) is
// not the one the login gives, and does not become logged in.
func TestSessionCookieOverTLS(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	srv := httptest.NewTLSServer(s.srv.Config.Handler)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	hc := srv.Client()
	hc.Jar = jar
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	base, _ := url.Parse(srv.URL + "/newsroom/")
	const planted = "planted-by-an-attacker-0123456789"
	jar.SetCookies(base, []*http.Cookie{{Name: "khabar_session", Value: planted, Path: "/newsroom"}})

	page, err := hc.Get(srv.URL + "/newsroom/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	m := csrfField.FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("login page over TLS has no CSRF field: %d", page.StatusCode)
	}
	res, err := hc.PostForm(srv.URL+"/newsroom/login", url.Values{"csrf": {m[1]}, "name": {"editor"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login over TLS: %d", res.StatusCode)
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "khabar_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.Secure || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie over TLS: %+v, want Secure, HttpOnly, SameSite=Lax", cookie)
	}
	if cookie.Value == planted {
		t.Fatal("the login kept a session id planted before it")
	}
	fixed := s.client()
	fixed.http.Jar.SetCookies(base, []*http.Cookie{{Name: "khabar_session", Value: planted, Path: "/newsroom"}})
	if res := fixed.get("/newsroom/"); res.status != http.StatusSeeOther {
		t.Fatalf("the planted session id is logged in: %d", res.status)
	}
}

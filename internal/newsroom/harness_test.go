package newsroom_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/jalali"
	"khabar/internal/media"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/photo"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

var ctx = context.Background()

// fastHash keeps the tests' password hashing cheap.
var fastHash = auth.Params{Memory: 64, Time: 1, Threads: 1}

// clock is a settable clock shared by the store and both sites.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// site is khabar, both sites, on a real store behind a real server,
// with one user of each role.
type site struct {
	t     *testing.T
	store *store.Store
	srv   *httptest.Server
	nr    *newsroom.Newsroom
	clock *clock
	users map[string]*news.User // by role name, and "reporter2"
	media string                // the photos' directory
}

const testPassword = "گذرواژهٔ آزمون ۱۲۳"

func newSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	c := &clock{t: time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC)}
	st.SetClock(c.now)
	cfg := config.Defaults()
	cfg.SiteName = "خبرگزاری آزمون"
	mediaDir := t.TempDir()
	h, nr := server.Handler(st, cfg, server.Options{
		Newsroom: newsroom.Config{Now: c.now, Password: fastHash},
		Web:      web.Config{Now: c.now},
		Media:    media.Dir{Root: mediaDir},
		Photos:   photo.Options{TempDir: t.TempDir()},
	}, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{t: t, store: st, srv: srv, nr: nr, clock: c, users: map[string]*news.User{}, media: mediaDir}
	for _, sec := range []news.Section{{Slug: "economy", Name: "اقتصادی"}, {Slug: "sports", Name: "ورزشی"}} {
		if err := st.AddSection(ctx, news.Actor{Name: "آزمون"}, &sec); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []struct {
		name string
		role news.Role
	}{{"reporter", news.RoleReporter}, {"reporter2", news.RoleReporter}, {"editor", news.RoleEditor},
		{"moderator", news.RoleModerator}, {"admin", news.RoleAdmin}} {
		user := &news.User{Name: u.name, DisplayName: "کاربر " + u.name, Roles: news.Roles{u.role}}
		if err := st.CreateUser(ctx, news.Actor{Name: "آزمون"}, user, auth.HashPassword(testPassword, fastHash)); err != nil {
			t.Fatal(err)
		}
		s.users[u.name] = user
	}
	return s
}

func tehran() *time.Location { return jalali.Tehran }

func sqliteStore(t *testing.T) *store.Store { return storetest.SQLite(t) }

// each runs fn against a site on each database.
func each(t *testing.T, fn func(t *testing.T, s *site)) {
	storetest.Each(t, func(t *testing.T, st *store.Store) { fn(t, newSite(t, st)) })
}

// client is a browser of the site: cookies kept, redirects not followed.
type client struct {
	s    *site
	http *http.Client
	csrf string
}

func (s *site) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{s: s, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// as returns a client logged in as the named user, through a session
// made directly in the store.
func (s *site) as(name string) *client {
	s.t.Helper()
	c := s.client()
	if name == "" {
		return c
	}
	u := s.users[name]
	secret, csrf := auth.NewSecret(), auth.NewSecret()
	now := s.clock.now()
	if err := s.store.CreateSession(ctx, &news.Session{Hash: auth.Digest(secret), UserID: u.ID, CSRF: csrf,
		Created: now, Seen: now, Expires: now.Add(time.Hour)}); err != nil {
		s.t.Fatal(err)
	}
	base, _ := url.Parse(s.srv.URL + "/newsroom/")
	c.http.Jar.SetCookies(base, []*http.Cookie{{Name: "khabar_session", Value: secret, Path: "/newsroom"}})
	c.csrf = csrf
	return c
}

// response is what the browser got.
type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.s.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

func (c *client) get(path string) response {
	c.s.t.Helper()
	req, _ := http.NewRequest("GET", c.s.srv.URL+path, nil)
	return c.do(req)
}

// post sends a form with the client's CSRF token unless the form
// already says what csrf to send.
func (c *client) post(path string, form url.Values) response {
	c.s.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login logs in through the login form, as a person does.
func (c *client) login(name, password string) response {
	c.s.t.Helper()
	page := c.get("/newsroom/login")
	m := csrfField.FindStringSubmatch(page.body)
	if m == nil {
		c.s.t.Fatalf("login page has no CSRF field: %d", page.status)
	}
	res := c.post("/newsroom/login", url.Values{"csrf": {m[1]}, "name": {name}, "password": {password}})
	if res.status == http.StatusSeeOther {
		// The session's token, from the page logged in to.
		if p := c.get("/newsroom/password"); p.status == 200 {
			if m := csrfField.FindStringSubmatch(p.body); m != nil {
				c.csrf = m[1]
			}
		}
	}
	return res
}

// api calls the newsroom API with a token (none for "").
func (s *site) api(token, method, path string, body any, header ...string) response {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			r = strings.NewReader(b)
		default:
			data, err := json.Marshal(body)
			if err != nil {
				s.t.Fatal(err)
			}
			r = strings.NewReader(string(data))
		}
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

// token makes an API token for the named user.
func (s *site) token(name string) string {
	s.t.Helper()
	tok := auth.NewToken()
	if err := s.store.CreateToken(ctx, news.Actor{Name: "آزمون"}, s.users[name].ID, auth.Digest(tok)); err != nil {
		s.t.Fatal(err)
	}
	return tok
}

// draft stores a draft by the named user.
func (s *site) draft(name, headline string) *news.Story {
	s.t.Helper()
	st, err := s.store.CreateDraft(ctx, news.ActorOf(s.users[name]), news.Content{Section: "economy",
		Headline: headline, Lead: "لید خبر آزمون.", Body: "<p>متن خبر آزمون.</p>"})
	if err != nil {
		s.t.Fatal(err)
	}
	return st
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return v
}

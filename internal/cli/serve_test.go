package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

var (
	servingURL = regexp.MustCompile(`khabar is serving (http://\S+) `)
	firstLogin = regexp.MustCompile(`First login: user admin, password (\S+) `)
)

// newsroomLogin logs in through the newsroom's login form and returns
// where it sends the user ("" when it refuses).
func newsroomLogin(t *testing.T, base, name, password string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/newsroom/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("login page without a CSRF field: %d", res.StatusCode)
	}
	res, err = c.PostForm(base+"/newsroom/login", url.Values{"csrf": {string(m[1])}, "name": {name}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return ""
	}
	return res.Header.Get("Location")
}

// serving is a `khabar serve` running in the test.
type serving struct {
	url            string
	stdout, stderr *syncBuffer
	stop           context.CancelFunc
	done           chan struct{} // closed when serve returns
	code           int           // its exit status, once done is closed
}

// startServe runs `khabar serve` with args on a free loopback port and
// waits until it prints its URL.
func startServe(t *testing.T, vars map[string]string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stdout: &syncBuffer{}, stderr: &syncBuffer{}, stop: cancel, done: make(chan struct{})}
	e := &env{stdout: s.stdout, stderr: s.stderr, getenv: func(k string) string { return vars[k] }, ctx: ctx}
	go func() {
		s.code = run(e, append([]string{"khabar", "serve", "--addr", "127.0.0.1:0"}, args...))
		close(s.done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
		}
	})
	deadline := time.After(20 * time.Second)
	for {
		// Everything serve prints at start is out once it says how to stop.
		if out := s.stdout.String(); strings.Contains(out, "Press Ctrl-C to stop.") {
			if m := servingURL.FindStringSubmatch(out); m != nil {
				s.url = m[1]
				return s
			}
		}
		select {
		case <-s.done:
			t.Fatalf("serve ended with exit %d before printing its URL\nstdout:\n%s\nstderr:\n%s", s.code, s.stdout, s.stderr)
		case <-deadline:
			t.Fatalf("serve printed no URL in 20s\nstdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// shutdown stops the server as Ctrl-C would and returns its exit status.
func (s *serving) shutdown(t *testing.T) int {
	t.Helper()
	s.stop()
	select {
	case <-s.done:
		return s.code
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15s of being told to")
		return -1
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

func TestServeFirstRun(t *testing.T) {
	eachDB(t, testServeFirstRun)
}

func testServeFirstRun(t *testing.T, newDB func() string) {
	ctx := context.Background()
	db := newDB()
	s := startServe(t, nil, "--db", db)
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") {
		t.Errorf("serving %s, want the loopback address asked for", s.url)
	}
	if !strings.Contains(s.stdout.String(), "loaded") || !strings.Contains(s.stdout.String(), "demo") {
		t.Errorf("first run does not say it loaded the demo edition:\n%s", s.stdout)
	}
	// The first admin: printed once, with the login page, and it works.
	m := firstLogin.FindStringSubmatch(s.stdout.String())
	if m == nil || !strings.Contains(s.stdout.String(), s.url+"/newsroom/login") {
		t.Fatalf("first run prints no admin login:\n%s", s.stdout)
	}
	if where := newsroomLogin(t, s.url, "admin", m[1]); where != "/newsroom/password" {
		t.Errorf("the printed admin password logs in to %q, want the password page", where)
	}

	code, body := get(t, s.url+"/")
	if code != http.StatusOK {
		t.Errorf("GET /: %d, want 200", code)
	}
	for _, want := range []string{`dir="rtl"`, `lang="fa"`, "خبرگزاری خبر"} {
		if !strings.Contains(body, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	if code, _ := get(t, s.url+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz: %d, want 200", code)
	}
	if code, _ := get(t, s.url+"/news/999999999"); code != http.StatusNotFound {
		t.Errorf("GET an unknown story: %d, want 404", code)
	}

	if code := s.shutdown(t); code != 0 {
		t.Errorf("serve exit %d after a graceful stop, want 0\nstderr:\n%s", code, s.stderr)
	}
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Errorf("server still answers after shutting down")
	}

	st := openStore(t, db)
	n, err := st.StoryCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n < 12 {
		t.Errorf("demo edition has %d stories, want at least 12", n)
	}
	secs, err := st.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(secs) < 4 {
		t.Errorf("demo edition has %d sections, want at least 4", len(secs))
	}
	page, err := st.Stories(ctx, news.StoryFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, story := range page.Stories {
		if !story.Demo {
			t.Errorf("demo story %d %q is not marked as demo content", story.Code, story.Headline)
		}
	}
	st.Close()

	// A second start finds the stories and loads nothing.
	s = startServe(t, nil, "--db", db)
	if strings.Contains(s.stdout.String(), "loaded") {
		t.Errorf("second start loaded the demo again:\n%s", s.stdout)
	}
	if firstLogin.MatchString(s.stdout.String()) {
		t.Errorf("second start prints an admin password again:\n%s", s.stdout)
	}
	if code, _ := get(t, s.url+"/"); code != http.StatusOK {
		t.Errorf("GET / on the second start: %d", code)
	}
	if code := s.shutdown(t); code != 0 {
		t.Errorf("second serve exit %d, want 0", code)
	}
	if again := storyCount(t, db); again != n {
		t.Errorf("%d stories after a second start, want %d as before", again, n)
	}
}

func TestServeWithoutDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	s := startServe(t, map[string]string{"KHABAR_NO_DEMO": "true", "KHABAR_SITE_NAME": "خبرگزاری آزمایشی"}, "--db", db)
	code, body := get(t, s.url+"/")
	if code != http.StatusOK || !strings.Contains(body, "خبرگزاری آزمایشی") {
		t.Errorf("GET /: %d; site name from KHABAR_SITE_NAME shown: %v", code, strings.Contains(body, "خبرگزاری آزمایشی"))
	}
	if code := s.shutdown(t); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if n := storyCount(t, db); n != 0 {
		t.Errorf("KHABAR_NO_DEMO=true: %d stories loaded, want none", n)
	}
}

func TestServeAddressInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	s := startServe(t, nil, "--db", db, "--no-demo")
	addr := strings.TrimPrefix(s.url, "http://")
	r := runCLI(t, nil, "serve", "--db", db, "--no-demo", "--addr", addr)
	if r.code != 1 || !strings.Contains(r.stderr, "address already in use") {
		t.Errorf("second server on %s: exit %d, stderr %q; want 1 and the reason", addr, r.code, r.stderr)
	}
}

package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"khabar/internal/news"
	"khabar/internal/web"
)

// With --redirect-old-urls, the public site sends a WordPress post's old
// addresses (its permalink, with or without the trailing slash, and
// /?p=ID) on to the story with a 301; a draft's, a killed story's and
// an unknown address are answered as their pages would be. Without the
// flag nothing is kept.
func TestImportRedirectOldURLs(t *testing.T) {
	eachDB(t, func(t *testing.T, newDB func() string) {
		ctx := context.Background()
		db := newDB()
		if r := runCLI(t, nil, "import", "--db", db, "--redirect-old-urls", wxrSample); r.code != 0 {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		st := openStore(t, db)
		srv := httptest.NewServer(web.New(st, web.Config{}, nil))
		defer srv.Close()
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		get := func(method, path string) (int, string) {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, nil)
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode, res.Header.Get("Location")
		}
		for _, c := range []struct {
			method, path string
			status       int
			location     string
		}{
			{"GET", "/1403/01/majles-transport/", 301, "/news/1201"},
			{"GET", "/1403/01/majles-transport", 301, "/news/1201"},
			{"HEAD", "/1403/01/majles-transport/", 301, "/news/1201"},
			{"GET", "/?p=1201", 301, "/news/1201"},
			{"GET", "/?p=1150", 301, "/news/1150"},
			{"GET", "/1402/12/bridge/", 301, "/news/1150"},
			{"POST", "/1402/12/bridge/", 404, ""},
			{"GET", "/?p=1210", 404, ""}, // a draft
			{"GET", "/?p=999", 200, ""},  // no such post: the front page
			{"GET", "/1402/12/no-such-post/", 404, ""},
		} {
			status, loc := get(c.method, c.path)
			if status != c.status || c.location != "" && !strings.HasPrefix(loc, c.location) {
				t.Errorf("%s %s: %d %q, want %d %q…", c.method, c.path, status, loc, c.status, c.location)
			}
		}

		bridge, err := st.StoryByCode(ctx, 1150)
		if err != nil {
			t.Fatal(err)
		}
		editor := news.Actor{ID: 0, Name: "دبیر", Roles: news.Roles{news.RoleEditor}}
		if _, err := st.Kill(ctx, editor, bridge.ID, 0, "نادرست"); err != nil {
			t.Fatal(err)
		}
		if status, loc := get("GET", "/1402/12/bridge/"); status != 410 {
			t.Errorf("a killed story's old address: %d %q, want 410", status, loc)
		}

		plain := newDB()
		if r := runCLI(t, nil, "import", "--db", plain, wxrSample); r.code != 0 {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		other := httptest.NewServer(web.New(openStore(t, plain), web.Config{}, nil))
		defer other.Close()
		res, err := client.Get(other.URL + "/1403/01/majles-transport/")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 404 {
			t.Errorf("without --redirect-old-urls the old address answers %d, want 404", res.StatusCode)
		}
	})
}

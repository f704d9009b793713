package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const htmlSamples = "../importer/testdata/html"

// A folder of saved article pages imports with headlines, leads, codes
// and dates; the files beside them that are no story (a saved page's
// scripts and images) are passed over.
func TestImportHTMLFolder(t *testing.T) {
	eachDB(t, func(t *testing.T, newDB func() string) {
		dir := t.TempDir()
		for _, name := range []string{"jsonld.html", "og.html"} {
			data, err := os.ReadFile(filepath.Join(htmlSamples, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		os.MkdirAll(filepath.Join(dir, "jsonld_files"), 0o755)
		os.WriteFile(filepath.Join(dir, "jsonld_files", "site.js"), []byte("var x = 1;"), 0o644)
		db := newDB()
		r := runCLI(t, nil, "import", "--db", db, dir)
		if c := allCounts(t, r); r.code != 0 || c.created != 2 {
			t.Fatalf("exit %d, %+v\n%s\n%s", r.code, c, r.stdout, r.stderr)
		}
		st := openStore(t, db)
		s, err := st.StoryByCode(context.Background(), 851234)
		if err != nil {
			t.Fatal(err)
		}
		if s.Headline != "نرخ بیکاری جوانان کاهش یافت" || s.Source != "باختر/تهران" || strings.Count(s.Body, "<p>") != 3 {
			t.Errorf("stored as %+v", s)
		}
		if _, err := st.StoryByCode(context.Background(), 1403013012345); err != nil {
			t.Errorf("the JSON-LD page is not stored under its code: %v", err)
		}
	})
}

// --fetch asks for one page at a time, waits between two, names itself,
// and reports a page it cannot get with its URL.
func TestImportFetch(t *testing.T) {
	bare, err := os.ReadFile(filepath.Join(htmlSamples, "bare.html"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	inFlight, most := 0, 0
	var starts []time.Time
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		starts = append(starts, time.Now())
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		switch r.URL.Path {
		case "/news/44321/":
			w.Write(bare)
		case "/big":
			w.Write([]byte("<html><body>"))
			w.Write([]byte(strings.Repeat("<p>متن</p>", 1<<20)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	list := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(list, []byte("# pages to bring in\n"+srv.URL+"/news/44321/\n\n"+srv.URL+"/gone\n"+srv.URL+"/big\n"), 0o644)

	db := filepath.Join(t.TempDir(), "khabar.db")
	r := runCLI(t, nil, "import", "--db", db, "--fetch", "--fetch-delay", "50ms", "--fetch-timeout", "5s", list)
	if c := allCounts(t, r); r.code != 1 || c.created != 1 || c.failed != 2 {
		t.Fatalf("exit %d, %+v\n%s\n%s", r.code, c, r.stdout, r.stderr)
	}
	for _, want := range []string{srv.URL + "/gone: HTTP 404", srv.URL + "/big: page is larger than"} {
		if !strings.Contains(r.stderr, want) || !strings.Contains(r.stdout, want) {
			t.Errorf("%q not reported on stderr and in the summary's errors:\n%s\n%s", want, r.stderr, r.stdout)
		}
	}
	if most != 1 {
		t.Errorf("%d requests at once, want 1", most)
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 50*time.Millisecond {
			t.Errorf("request %d came %v after the one before, want at least 50ms", i, gap)
		}
	}
	if !strings.HasPrefix(agents[0], "khabar-import/") {
		t.Errorf("User-Agent %q", agents[0])
	}
	st := openStore(t, db)
	s, err := st.StoryByCode(context.Background(), 44321)
	if err != nil || s.URI != srv.URL+"/news/44321/" || s.Headline != "گشایش نمایشگاه کتاب کودک در شیراز" {
		t.Errorf("fetched page stored as %+v (%v)", s, err)
	}
}

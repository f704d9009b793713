package pagecache

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// site is a small site whose pages say what they depend on: /news/N
// depends on story:N, /home on home, /plain on nothing.
type site struct {
	renders atomic.Int64
	gate    chan struct{} // when not nil, renders wait for it
	version atomic.Int64
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.renders.Add(1)
	if s.gate != nil {
		<-s.gate
	}
	body := fmt.Sprintf("<p>%s نسخهٔ %d</p>%s", r.URL.Path, s.version.Load(), strings.Repeat("خبر فوری از تهران ", 200))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60, s-maxage=10, stale-while-revalidate=600")
	switch {
	case strings.HasPrefix(r.URL.Path, "/news/"):
		Depend(r, "story:"+strings.TrimPrefix(r.URL.Path, "/news/"), "home-list")
	case r.URL.Path == "/home":
		Depend(r, "home")
	case r.URL.Path == "/personal":
		Depend(r, "home")
		w.Header().Set("Cache-Control", "no-store")
	case r.URL.Path == "/cookie":
		Depend(r, "home")
		http.SetCookie(w, &http.Cookie{Name: "a", Value: "b"})
	case r.URL.Path == "/missing":
		Depend(r, "home")
		w.WriteHeader(http.StatusNotFound)
	}
	w.Write([]byte(body))
}

func newServer(t *testing.T, opt Options) (*Cache, *site, *httptest.Server) {
	t.Helper()
	s := &site{}
	c := New(opt)
	srv := httptest.NewServer(c.Handler(s))
	t.Cleanup(srv.Close)
	return c, s, srv
}

// get fetches path with the given request headers, transparently
// decompressing nothing.
func get(t *testing.T, srv *httptest.Server, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestSecondRequestIsAHitWithTheSameBytes(t *testing.T) {
	_, s, srv := newServer(t, Options{})
	r1, b1 := get(t, srv, "/news/1")
	r2, b2 := get(t, srv, "/news/1")
	if r1.Header.Get("X-Cache") != "miss" || r2.Header.Get("X-Cache") != "hit" {
		t.Fatalf("X-Cache: %q then %q, want miss then hit", r1.Header.Get("X-Cache"), r2.Header.Get("X-Cache"))
	}
	if !bytes.Equal(b1, b2) || s.renders.Load() != 1 {
		t.Fatalf("renders = %d, bodies equal %v", s.renders.Load(), bytes.Equal(b1, b2))
	}
	for _, h := range []string{"ETag", "Last-Modified", "Cache-Control"} {
		if r1.Header.Get(h) == "" || r1.Header.Get(h) != r2.Header.Get(h) {
			t.Errorf("%s: %q then %q", h, r1.Header.Get(h), r2.Header.Get(h))
		}
	}
	if got := r2.Header.Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
		t.Errorf("Vary = %q, want only Accept-Encoding", got)
	}
	if strings.HasPrefix(r2.Header.Get("ETag"), "W/") {
		t.Errorf("ETag %q is weak", r2.Header.Get("ETag"))
	}
}

func TestGzipIsServedToClientsThatAcceptIt(t *testing.T) {
	_, _, srv := newServer(t, Options{})
	_, plain := get(t, srv, "/news/1")
	resp, gz := get(t, srv, "/news/1", "Accept-Encoding", "br, gzip;q=0.8")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	un, _ := io.ReadAll(zr)
	if !bytes.Equal(un, plain) {
		t.Fatal("the gzip form is not the page")
	}
	if len(gz) >= len(plain) {
		t.Errorf("gzip %d bytes, plain %d", len(gz), len(plain))
	}
	resp2, _ := get(t, srv, "/news/1", "Accept-Encoding", "gzip;q=0")
	if resp2.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", resp2.Header.Get("Content-Encoding"))
	}
	plainResp, _ := get(t, srv, "/news/1")
	if resp.Header.Get("ETag") == plainResp.Header.Get("ETag") {
		t.Errorf("both forms share the strong ETag %s", resp.Header.Get("ETag"))
	}
}

func TestConditionalRequestsGet304(t *testing.T) {
	_, _, srv := newServer(t, Options{})
	first, _ := get(t, srv, "/news/1")
	resp, body := get(t, srv, "/news/1", "If-None-Match", first.Header.Get("ETag"))
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Fatalf("If-None-Match: %d with %d bytes", resp.StatusCode, len(body))
	}
	if resp.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Errorf("304 ETag %q", resp.Header.Get("ETag"))
	}
	resp, _ = get(t, srv, "/news/1", "If-Modified-Since", first.Header.Get("Last-Modified"))
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", resp.StatusCode)
	}
	resp, _ = get(t, srv, "/news/1", "If-None-Match", `"something-else"`)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a stale ETag got %d", resp.StatusCode)
	}
}

func TestInvalidateDropsOnlyThePagesThatDependOnTheTag(t *testing.T) {
	c, s, srv := newServer(t, Options{})
	for _, p := range []string{"/news/1", "/news/2", "/home"} {
		get(t, srv, p)
	}
	s.version.Store(2)
	if n := c.Invalidate("story:1"); n != 1 {
		t.Fatalf("Invalidate dropped %d pages, want 1", n)
	}
	_, b1 := get(t, srv, "/news/1")
	_, b2 := get(t, srv, "/news/2")
	_, bh := get(t, srv, "/home")
	if !strings.Contains(string(b1), "نسخهٔ 2") {
		t.Error("the changed story's page is stale")
	}
	if strings.Contains(string(b2), "نسخهٔ 2") || strings.Contains(string(bh), "نسخهٔ 2") {
		t.Error("a page that does not depend on story:1 was rendered again")
	}
	c.Invalidate("home-list")
	_, b2 = get(t, srv, "/news/2")
	if !strings.Contains(string(b2), "نسخهٔ 2") {
		t.Error("a shared tag did not drop the page")
	}
}

func TestPagesThatMustNotBeSharedAreNeverStored(t *testing.T) {
	_, s, srv := newServer(t, Options{})
	for _, p := range []string{"/plain", "/personal", "/cookie", "/missing"} {
		get(t, srv, p)
		before := s.renders.Load()
		resp, _ := get(t, srv, p)
		if s.renders.Load() != before+1 || resp.Header.Get("X-Cache") == "hit" {
			t.Errorf("%s was served from the cache", p)
		}
	}
}

func TestBypassNeitherReadsNorStores(t *testing.T) {
	_, s, srv := newServer(t, Options{Bypass: func(r *http.Request) bool { return r.Header.Get("Cookie") != "" }})
	s.version.Store(7)
	resp, _ := get(t, srv, "/home", "Cookie", "khabar_session=x")
	if resp.Header.Get("X-Cache") != "bypass" {
		t.Fatalf("X-Cache = %q", resp.Header.Get("X-Cache"))
	}
	s.version.Store(8)
	resp, b := get(t, srv, "/home")
	if resp.Header.Get("X-Cache") != "miss" || !strings.Contains(string(b), "نسخهٔ 8") {
		t.Fatal("a bypassed request's page was stored")
	}
	_, b = get(t, srv, "/home", "Cookie", "khabar_session=x")
	s.renders.Store(0)
	get(t, srv, "/home", "Cookie", "khabar_session=x")
	if s.renders.Load() != 1 {
		t.Error("a bypassed request was answered from the cache")
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	s := &site{gate: make(chan struct{})}
	c := New(Options{})
	srv := httptest.NewServer(c.Handler(s))
	defer srv.Close()
	var wg sync.WaitGroup
	bodies := make([][]byte, 20)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, bodies[i] = get(t, srv, "/news/9")
		}()
	}
	for s.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the others arrive and wait
	close(s.gate)
	wg.Wait()
	if s.renders.Load() != 1 {
		t.Errorf("20 concurrent misses rendered %d times", s.renders.Load())
	}
	for _, b := range bodies {
		if !bytes.Equal(b, bodies[0]) {
			t.Fatal("waiters got different pages")
		}
	}
}

func TestARenderOverlappingAnInvalidationIsNotStored(t *testing.T) {
	s := &site{gate: make(chan struct{})}
	c := New(Options{})
	srv := httptest.NewServer(c.Handler(s))
	defer srv.Close()
	done := make(chan struct{})
	go func() { get(t, srv, "/home"); close(done) }()
	for s.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Invalidate("home") // the change lands while the old page renders
	close(s.gate)
	<-done
	s.gate = nil
	s.version.Store(3)
	_, b := get(t, srv, "/home")
	if !strings.Contains(string(b), "نسخهٔ 3") {
		t.Fatal("a page rendered before an invalidation was stored")
	}
}

func TestMemoryIsBoundedByBytes(t *testing.T) {
	c, _, srv := newServer(t, Options{MaxBytes: 200 << 10})
	for i := range 100 {
		get(t, srv, fmt.Sprintf("/news/%d", i))
	}
	st := c.Stats()
	if st.Bytes > 200<<10 {
		t.Fatalf("cache holds %d bytes, bound %d", st.Bytes, 200<<10)
	}
	if st.Evictions == 0 || st.Entries == 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestRecentlyReadPagesSurviveEviction(t *testing.T) {
	c, s, srv := newServer(t, Options{MaxBytes: 200 << 10})
	get(t, srv, "/news/hot")
	for i := range 100 {
		get(t, srv, "/news/hot") // read between every new page
		get(t, srv, fmt.Sprintf("/news/%d", i))
	}
	before := s.renders.Load()
	resp, _ := get(t, srv, "/news/hot")
	if resp.Header.Get("X-Cache") != "hit" || s.renders.Load() != before {
		t.Errorf("the hot page was evicted (stats %+v)", c.Stats())
	}
}

func TestPagesExpireAfterMaxAge(t *testing.T) {
	now := time.Date(2026, 3, 21, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	_, s, srv := newServer(t, Options{MaxAge: time.Minute, Now: clock})
	get(t, srv, "/home")
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	get(t, srv, "/home")
	if s.renders.Load() != 2 {
		t.Errorf("renders = %d after MaxAge, want 2", s.renders.Load())
	}
}

func TestHeadIsAnsweredWithoutBody(t *testing.T) {
	_, _, srv := newServer(t, Options{})
	get(t, srv, "/home")
	resp, err := http.Head(srv.URL + "/home")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Cache") != "hit" || resp.ContentLength <= 0 {
		t.Errorf("HEAD: %d %q length %d", resp.StatusCode, resp.Header.Get("X-Cache"), resp.ContentLength)
	}
}

func TestPostsPassThrough(t *testing.T) {
	_, s, srv := newServer(t, Options{})
	get(t, srv, "/home")
	resp, err := http.Post(srv.URL+"/home", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s.renders.Load() != 2 {
		t.Error("a POST was answered from the cache")
	}
}

func BenchmarkHit(b *testing.B) {
	c := New(Options{})
	h := c.Handler(&site{})
	req := httptest.NewRequest("GET", "/news/1", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	h.ServeHTTP(httptest.NewRecorder(), req)
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func TestRangeRequestsPassBy(t *testing.T) {
	_, s, srv := newServer(t, Options{})
	get(t, srv, "/home")
	resp, _ := get(t, srv, "/home", "Range", "bytes=0-9")
	if resp.Header.Get("X-Cache") != "bypass" || s.renders.Load() != 2 {
		t.Errorf("a range request: X-Cache %q, renders %d", resp.Header.Get("X-Cache"), s.renders.Load())
	}
}

// What a handler does for each request it serves (counting a reader)
// happens for the requests the stored page answers too, hits and
// waiters alike, once each.
func TestOnServeRunsForEveryRequestServed(t *testing.T) {
	var served atomic.Int64
	c := New(Options{MaxBytes: 1 << 20})
	gate := make(chan struct{})
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-gate
		Depend(r, "story:1")
		count := func(*http.Request) { served.Add(1) }
		count(r)
		OnServe(r, count)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<p>خبر</p>"))
	}))
	var wg sync.WaitGroup
	for range 5 { // one renders, four wait for it
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/news/1", nil)) })
	}
	time.Sleep(50 * time.Millisecond)
	close(gate)
	wg.Wait()
	for range 3 { // hits
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/news/1", nil))
	}
	if got := served.Load(); got != 8 {
		t.Fatalf("counted %d of 8 requests", got)
	}
}

// In front of a router, the cache answers the pages it stored before
// the router looks at the request, and nothing the router sends
// elsewhere: a newsroom page at a stored page's address is never
// answered from the cache, nor a request that Bypass names.
func TestFrontOfARouter(t *testing.T) {
	s := &site{}
	c := New(Options{Bypass: func(r *http.Request) bool { return r.Header.Get("Cookie") != "" }})
	mux := http.NewServeMux()
	mux.Handle("/", c.Handler(s))
	var newsroom atomic.Int64
	mux.HandleFunc("/newsroom/", func(w http.ResponseWriter, r *http.Request) {
		newsroom.Add(1)
		w.Write([]byte("میز خبر"))
	})
	srv := httptest.NewServer(c.Front(mux))
	t.Cleanup(srv.Close)

	for i, want := range []string{"miss", "hit", "hit"} {
		res, body := get(t, srv, "/news/7")
		if got := res.Header.Get("X-Cache"); got != want || !strings.Contains(string(body), "/news/7 نسخهٔ 0") {
			t.Fatalf("request %d: X-Cache %q, want %q", i, got, want)
		}
	}
	if n := s.renders.Load(); n != 1 {
		t.Fatalf("%d renders for one page asked three times", n)
	}
	for range 2 {
		if res, body := get(t, srv, "/newsroom/stories"); res.Header.Get("X-Cache") != "" || string(body) != "میز خبر" {
			t.Fatalf("the newsroom answered with X-Cache %q: %q", res.Header.Get("X-Cache"), body)
		}
	}
	if newsroom.Load() != 2 {
		t.Fatalf("the newsroom saw %d of 2 requests", newsroom.Load())
	}
	if res, _ := get(t, srv, "/news/7", "Cookie", "khabar_session=x"); res.Header.Get("X-Cache") != "bypass" {
		t.Fatalf("a bypassed request: X-Cache %q", res.Header.Get("X-Cache"))
	}
	if s.renders.Load() != 2 {
		t.Fatalf("the bypassed request was not rendered: %d renders", s.renders.Load())
	}
}

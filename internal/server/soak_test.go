package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/news"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// soakDuration is how long TestSoak runs on each database: briefly in
// the test command, as long as KHABAR_SOAK says in scripts/soak.
func soakDuration(t *testing.T) time.Duration {
	if v := os.Getenv("KHABAR_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("KHABAR_SOAK=%q: %v", v, err)
		}
		return d
	}
	return 6 * time.Second
}

// TestSoak runs the whole site over loopback under a mixed load —
// readers opening the home page, sections and stories, searches, comment
// posts through the API and newsroom saves through the staff API — and
// checks that no request fails and that the memory in use after the
// warm-up (the first third) stays flat: the last samples within half
// again of the warm-up's peak.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test: not in -short")
	}
	d := soakDuration(t)
	storetest.Each(t, func(t *testing.T, st *store.Store) { soak(t, st, d) })
}

func soak(t *testing.T, st *store.Store, d time.Duration) {
	ctx := context.Background()
	const stories = 200
	var batch []*news.Story
	words := []string{"نفت", "بازار", "تهران", "مجلس", "آب", "برق", "بورس", "صادرات"}
	for i := 1; i <= stories; i++ {
		batch = append(batch, &news.Story{Code: int64(1000 + i), URI: fmt.Sprintf("urn:khabar-soak:%d", i),
			Section:  news.Section{Slug: []string{"economy", "politics"}[i%2], Name: []string{"اقتصادی", "سیاسی"}[i%2]},
			Headline: fmt.Sprintf("گزارش %d دربارهٔ %s و %s", i, words[i%len(words)], words[(i/3)%len(words)]),
			Lead:     "لید گزارش آزمون بار.", Body: fmt.Sprintf("<p>متن گزارش %d دربارهٔ %s در شهر.</p>", i, words[(i/2)%len(words)]),
			Tags: []string{words[i%len(words)]}, Status: news.StatusPublished,
			Published: time.Now().Add(-time.Duration(i) * time.Hour)})
	}
	for _, r := range st.ImportStories(ctx, batch) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	editor := &news.User{Name: "soak", DisplayName: "ویراستار بار", Roles: news.Roles{news.RoleEditor}}
	if err := st.CreateUser(ctx, news.Actor{Name: "آزمون"}, editor, auth.HashPassword("گذرواژهٔ آزمون بار", auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if err := st.CreateToken(ctx, news.Actor{Name: "آزمون"}, editor.ID, auth.Digest(token)); err != nil {
		t.Fatal(err)
	}
	var drafts []int64
	for i := range 4 {
		s, err := st.CreateDraft(ctx, news.ActorOf(editor), news.Content{Section: "economy",
			Headline: fmt.Sprintf("پیش‌نویس %d", i), Lead: "لید", Body: "<p>متن</p>"})
		if err != nil {
			t.Fatal(err)
		}
		drafts = append(drafts, s.ID)
	}

	cfg := config.Defaults()
	cfg.CommentRate, cfg.APIRate, cfg.SearchRate = 0, 0, 0 // one loopback address posts everything
	h, _ := server.Handler(st, cfg, server.Options{}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}

	var reqs, failures [4]atomic.Int64 // reads, searches, comments, saves
	var firstErr sync.Once
	fail := func(kind int, format string, args ...any) {
		failures[kind].Add(1)
		firstErr.Do(func() { t.Errorf(format, args...) })
	}
	var etag string // of the last newsroom GET
	do := func(kind int, req *http.Request, want ...int) []byte {
		reqs[kind].Add(1)
		res, err := client.Do(req)
		if err != nil {
			fail(kind, "%s %s: %v", req.Method, req.URL.Path, err)
			return nil
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, w := range want {
			if res.StatusCode == w {
				if kind == 3 {
					etag = res.Header.Get("ETag")
				}
				return body
			}
		}
		fail(kind, "%s %s: %d %.200s", req.Method, req.URL, res.StatusCode, body)
		return nil
	}
	get := func(path string) *http.Request { r, _ := http.NewRequest("GET", srv.URL+path, nil); return r }
	jsonReq := func(method, path string, v any) *http.Request {
		b, _ := json.Marshal(v)
		r, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+token)
		return r
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	worker := func(seed uint64, work func(rng *rand.Rand, i int)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 1))
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				work(rng, i)
			}
		}()
	}
	for r := range 3 {
		worker(uint64(r), func(rng *rand.Rand, i int) {
			switch i % 4 {
			case 0:
				do(0, get("/"), 200)
			case 1:
				do(0, get("/section/"+[]string{"economy", "politics"}[rng.IntN(2)]), 200)
			default:
				do(0, get(fmt.Sprintf("/news/%d", 1001+rng.IntN(stories))), 200)
			}
		})
	}
	worker(10, func(rng *rand.Rand, i int) {
		do(1, get("/search?q="+url.QueryEscape(words[rng.IntN(len(words))]+" "+words[rng.IntN(len(words))])), 200)
	})
	worker(11, func(rng *rand.Rand, i int) {
		do(2, jsonReq("POST", fmt.Sprintf("/api/v1/news/%d/comments", 1001+rng.IntN(stories)),
			map[string]string{"name": "خوانندهٔ آزمون", "text": fmt.Sprintf("نظر شمارهٔ %d دربارهٔ این گزارش", i)}), 201, 202)
	})
	worker(12, func(rng *rand.Rand, i int) {
		id := drafts[i%len(drafts)]
		body := do(3, jsonReq("GET", fmt.Sprintf("/api/v1/newsroom/stories/%d", id), nil), 200)
		var s map[string]any
		if json.Unmarshal(body, &s) != nil {
			return
		}
		edit := map[string]any{"headline": fmt.Sprintf("پیش‌نویس ویرایش %d", i)}
		for _, k := range []string{"section", "kicker", "lead", "credit", "byline", "body", "tags"} {
			edit[k] = s[k]
		}
		put := jsonReq("PUT", fmt.Sprintf("/api/v1/newsroom/stories/%d", id), edit)
		put.Header.Set("If-Match", etag)
		do(3, put, 200)
	})

	// Memory in use after a collection, sampled through the run.
	var samples []uint64
	tick := time.NewTicker(d / 30)
	deadline := time.After(d)
	var m runtime.MemStats
sampling:
	for {
		select {
		case <-tick.C:
			runtime.GC()
			runtime.ReadMemStats(&m)
			samples = append(samples, m.HeapInuse)
		case <-deadline:
			break sampling
		}
	}
	tick.Stop()
	close(stop)
	wg.Wait()

	warm := samples[:len(samples)/3]
	var warmPeak, lastPeak uint64
	for _, s := range warm {
		warmPeak = max(warmPeak, s)
	}
	for _, s := range samples[len(samples)*2/3:] {
		lastPeak = max(lastPeak, s)
	}
	total, failed := int64(0), int64(0)
	for k := range reqs {
		total += reqs[k].Load()
		failed += failures[k].Load()
	}
	t.Logf("%v on %s: %d requests (%.0f/s): %d reads, %d searches, %d comments, %d newsroom requests; %d failed; heap in use %d MB after warm-up, %d MB at the end",
		d, st.Dialect(), total, float64(total)/d.Seconds(), reqs[0].Load(), reqs[1].Load(), reqs[2].Load(), reqs[3].Load(),
		failed, warmPeak>>20, lastPeak>>20)
	if failed > 0 {
		t.Errorf("%d of %d requests failed", failed, total)
	}
	if lastPeak > warmPeak*3/2+8<<20 {
		t.Errorf("heap in use grew from %d MB after warm-up to %d MB", warmPeak>>20, lastPeak>>20)
	}
}

// Command newsroomload measures how the newsroom's writes weigh on
// public search. Against a running khabar it sends search API requests
// one at a time, first with nothing else going on (phase A), then while
// an editor's client saves a draft every 100 ms and files and publishes
// a story every second (phase B), and prints the search latencies of
// both phases, the writes' latencies and the ratio of the two phases'
// 95th percentiles. It exits 1 when any request failed.
//
//	newsroomload -url http://127.0.0.1:8080 -token-file tok -queries q.jsonl \
//		-stories ../shared/corpus/corpus.ninjs.jsonl -section politics
//
// The query file is JSON Lines with a "q" field (bench/searcheval
// -dump), read in order and cycled; the token is an editor's (khabar
// user token). Every phase is bounded in time and in requests.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

type options struct {
	base, tokenFile, queries, stories, section string
	pprof, pprofOut                            string
	phase, warmMax, saveEvery, publishEvery    time.Duration
	warm, maxRequests                          int
}

func main() {
	var o options
	flag.StringVar(&o.base, "url", "http://127.0.0.1:8080", "khabar's address (loopback only)")
	flag.StringVar(&o.tokenFile, "token-file", "", "`FILE` holding an editor's API token (default: $KHABAR_TOKEN)")
	flag.StringVar(&o.queries, "queries", "", "query `FILE`: JSON Lines with a \"q\" field")
	flag.StringVar(&o.stories, "stories", "", "ninjs JSON Lines `FILE` whose stories the writes use (default: text made of the queries)")
	flag.StringVar(&o.section, "section", "politics", "slug of the section the writes file stories in")
	flag.DurationVar(&o.phase, "duration", 60*time.Second, "length of each phase")
	flag.IntVar(&o.warm, "warmup", -1, "searches sent before phase A and not timed (-1: one pass over the queries)")
	flag.DurationVar(&o.warmMax, "warmup-max", 3*time.Minute, "stop the warm-up after this long whatever -warmup says")
	flag.DurationVar(&o.saveEvery, "save-every", 100*time.Millisecond, "interval between saves of the draft in phase B")
	flag.DurationVar(&o.publishEvery, "publish-every", time.Second, "interval between stories created and published in phase B")
	flag.IntVar(&o.maxRequests, "max-requests", 1_000_000, "searches in one phase at most, whatever -duration says")
	flag.StringVar(&o.pprof, "pprof", "", "`URL` of the server's /debug/pprof (bench/profserve): take CPU, mutex and block profiles of each phase")
	flag.StringVar(&o.pprofOut, "pprof-out", ".", "`DIR` the profiles are written to, as a-profile.prof, b-mutex.prof, …")
	flag.Parse()
	failed, err := run(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsroomload:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// run measures both phases and prints the report; it reports whether
// any request failed, and returns an error when it could not measure.
func run(o options) (bool, error) {
	if !loopback(o.base) || o.pprof != "" && !loopback(o.pprof) {
		return false, fmt.Errorf("-url and -pprof must be loopback addresses")
	}
	prof := &profiler{base: strings.TrimRight(o.pprof, "/"), dir: o.pprofOut}
	token := os.Getenv("KHABAR_TOKEN")
	if o.tokenFile != "" {
		b, err := os.ReadFile(o.tokenFile)
		if err != nil {
			return false, err
		}
		token = strings.TrimSpace(string(b))
	}
	if token == "" {
		return false, fmt.Errorf("no token: give -token-file or set KHABAR_TOKEN")
	}
	queries, err := readQueries(o.queries)
	if err != nil || len(queries) == 0 {
		return false, fmt.Errorf("no queries in %q: %v", o.queries, err)
	}
	texts := textsFromQueries(queries, 50)
	if o.stories != "" {
		if texts, err = readTexts(o.stories, 200); err != nil {
			return false, err
		}
	}
	if len(texts) < 2 {
		return false, fmt.Errorf("%s: fewer than two stories fit for writing", o.stories)
	}
	if o.saveEvery <= 0 || o.publishEvery <= 0 || o.phase <= 0 {
		return false, fmt.Errorf("-duration, -save-every and -publish-every must be positive")
	}

	errors := 0
	errlog := func(err error) {
		if errors++; errors <= 10 {
			fmt.Fprintln(os.Stderr, "newsroomload:", err)
		}
	}
	c := newClient(o.base, token)
	w := &writer{c: c, section: o.section, texts: texts, errlog: errlog}
	if err := w.start(); err != nil {
		return false, fmt.Errorf("create the draft: %w", err)
	}
	fmt.Printf("newsroomload: %s, %d queries, %s per phase; phase B saves draft %d every %s and files a story every %s (section %s)\n",
		o.base, len(queries), o.phase, w.draft, o.saveEvery, o.publishEvery, o.section)

	// Warm-up: every query once, so both phases meet the same cache,
	// and one write of each kind, so phase B's first ones are not the
	// server's first.
	n := o.warm
	if n < 0 {
		n = len(queries)
	}
	var warm writes
	// The first search after a start reads the index's statistics and
	// vocabulary: seconds on a large archive, and not what is measured.
	first, err := c.searchWith(c.first, queries[0])
	if err != nil {
		errlog(err)
	}
	start := time.Now()
	warmSearch := searchLoop(c, queries, min(n, o.maxRequests), o.warmMax, errlog)
	w.saveDraft(&warm)
	w.file(&warm)
	fmt.Printf("warm-up: first search %.0f ms; %d searches in %.1fs, p50 %.2f ms, errors %d; one save and one story, errors %d\n",
		ms(first), len(warmSearch.lat), time.Since(start).Seconds(), warmSearch.pct(0.5), warmSearch.errs,
		warm.save.errs+warm.publish.errs)

	done := prof.phase("a", o.phase)
	loadA := [2]string{loadAverage()}
	a := searchLoop(c, queries, o.maxRequests, o.phase, errlog)
	loadA[1] = loadAverage()
	if err := done(); err != nil {
		return false, fmt.Errorf("profile of phase A: %w", err)
	}

	var wr writes
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go w.run(stop, o.saveEvery, o.publishEvery, &wr, &wg)
	done = prof.phase("b", o.phase)
	loadB := [2]string{loadAverage()}
	b := searchLoop(c, queries, o.maxRequests, o.phase, errlog)
	close(stop)
	wg.Wait()
	loadB[1] = loadAverage()
	if err := done(); err != nil {
		return false, fmt.Errorf("profile of phase B: %w", err)
	}

	ratio := 0.0
	if a.pct(0.95) > 0 {
		ratio = b.pct(0.95) / a.pct(0.95)
	}
	fmt.Printf("phase A, no writes:    search %s\n", a.line())
	fmt.Printf("phase B, with writes:  search %s\n", b.line())
	fmt.Printf("saves (PUT, If-Match): %s; saves skipped by a slow write %d\n", wr.save.line(), wr.missed)
	fmt.Printf("publish (create+move): %s; stories skipped %d\n", wr.publish.line(), wr.missedFiles)
	fmt.Printf("publish (move alone):  %s\n", wr.transition.line())
	fmt.Printf("search p95 with writes / without: %.2f\n", ratio)
	fmt.Printf("machine load (1-minute average) over phase A: %s → %s, phase B: %s → %s\n",
		loadA[0], loadA[1], loadB[0], loadB[1])

	var m summary
	m.sample("a", a)
	m.sample("b", b)
	m.sample("save", &wr.save)
	m.sample("pub", &wr.publish)
	m.sample("move", &wr.transition)
	m.num("ratio", ratio)
	m.count("errors", errors)
	m = append(m, "load_a="+loadA[1], "load_b="+loadB[1])
	fmt.Println(m)
	return errors > 0, nil
}

// loadAverage is the machine's 1-minute load average, "?" where
// /proc/loadavg is not: the phases' figures mean little on a machine
// busy with other work.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// searchLoop sends the queries in order, cycling, one at a time, until
// n have been sent or d has passed.
func searchLoop(c *client, queries []string, n int, d time.Duration, errlog func(error)) *sample {
	s := &sample{}
	deadline := time.Now().Add(d)
	for i := 0; i < n && time.Now().Before(deadline); i++ {
		lat, err := c.searchQuery(queries[i%len(queries)])
		s.add(lat, err)
		if err != nil {
			errlog(err)
		}
	}
	return s
}

// readQueries reads the "q" of every line of a query file.
func readQueries(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var q struct{ Q string }
		if err := json.Unmarshal(sc.Bytes(), &q); err == nil && q.Q != "" {
			out = append(out, q.Q)
		}
	}
	return out, sc.Err()
}

// Command searcheval is a known-item search evaluation on the Persian
// news corpus (issue 4, "Measure"). It derives queries from story
// headlines (and body phrases), perturbs them the way readers type
// Persian, runs them against khabar's search on SQLite and PostgreSQL
// and against plain SQLite FTS5 and PostgreSQL 'simple' text search, and
// reports MRR@10, Success@1 and Success@10 per kind of perturbation.
//
//	go run ./bench/searcheval                       # SQLite engines only
//	go run ./bench/searcheval -pg "$(scripts/pg)"   # plus PostgreSQL (URL of a scratch server)
//	go run ./bench/searcheval -dump q.jsonl -json results.json
//	go run ./bench/searcheval -queries q.jsonl      # rerun on a saved query set
//	go run ./bench/searcheval -samples 5 -engines none   # look at the queries only
//
// It is run from the module root; the corpus is read at run time and is
// never copied into the project.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
)

type options struct {
	corpus, dump, load, jsonOut, pg, engines string
	kinds                                    string
	seed                                     uint64
	explain                                  string
	n, k, samples, workers, latN             int
	pool, poolSkip, misses                   int
	keep                                     bool
}

// openKhabar is set by khabar.go: it opens khabar's own store on dsn,
// imports the corpus and returns the engine and the import rate.
var openKhabar func(ctx context.Context, name, dsn, corpus string) (engine, importStats, func(), error)

type importStats struct {
	Stories int     `json:"stories"`
	Failed  int     `json:"failed"`
	Seconds float64 `json:"seconds"`
	PerSec  float64 `json:"stories_per_sec"`
}

func main() {
	var o options
	flag.StringVar(&o.corpus, "corpus", "../shared/corpus/corpus.ninjs.jsonl", "ninjs JSON Lines corpus")
	flag.Uint64Var(&o.seed, "seed", 1, "random seed of the query generator")
	flag.IntVar(&o.n, "n", 300, "queries per kind")
	flag.StringVar(&o.dump, "dump", "", "write the query set to `FILE` (JSON Lines)")
	flag.StringVar(&o.load, "queries", "", "read the query set from `FILE` (as written by -dump) instead of generating it")
	flag.StringVar(&o.jsonOut, "json", "", "write the results to `FILE` as JSON")
	flag.StringVar(&o.pg, "pg", "", "PostgreSQL `URL` of a scratch server (PostgreSQL engines are skipped without it); each run creates and drops its own databases")
	flag.StringVar(&o.engines, "engines", "all", "comma-separated engines to run: khabar-sqlite, khabar-postgres, fts5-and, fts5-or, pg-simple-and, pg-simple-or; prefixes match (fts5, pg-simple, khabar); \"none\" only generates")
	flag.IntVar(&o.k, "k", 10, "cut-off rank")
	flag.IntVar(&o.samples, "samples", 3, "sample queries to print per kind")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary databases")
	flag.IntVar(&o.workers, "workers", 2, "concurrent searches while scoring")
	flag.IntVar(&o.latN, "latn", 600, "sequential searches the latency percentiles are measured on (when -workers > 1)")
	flag.StringVar(&o.kinds, "kinds", "", "comma-separated kinds to evaluate (default: all)")
	flag.IntVar(&o.pool, "pool", 400, "the spelling kinds draw from this many of the most frequent content words")
	flag.IntVar(&o.poolSkip, "poolskip", 0, "skip this many of the most frequent content words first (a held-out pool: -poolskip 400)")
	flag.IntVar(&o.misses, "misses", 0, "list up to `N` wrong suggestions of each spelling kind on standard error")
	flag.StringVar(&o.explain, "explain", "", "instead of evaluating, show each engine's top results for this `query`")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "searcheval:", err)
		os.Exit(1)
	}
}

func (o options) want(name string) bool {
	if o.engines == "all" {
		return true
	}
	for _, e := range strings.Split(o.engines, ",") {
		if e = strings.TrimSpace(e); e != "" && strings.HasPrefix(name, e) {
			return true
		}
	}
	return false
}

func run(ctx context.Context, o options) error {
	t0 := time.Now()
	docs, err := loadCorpus(o.corpus)
	if err != nil {
		return err
	}
	cs := analyze(docs)
	var qs []query
	if o.load != "" {
		if qs, err = readQueries(o.load); err != nil {
			return err
		}
	} else {
		qs = generate(cs, o.seed, o.n)
		qs = append(qs, generateSpell(cs, newSpellPool(cs, o.poolSkip, o.pool), o.seed, o.n, len(qs))...)
	}
	if o.kinds != "" {
		want := strings.Split(o.kinds, ",")
		qs = slices.DeleteFunc(qs, func(q query) bool { return !slices.Contains(want, q.Kind) })
	}
	var known, spelling []query
	for _, q := range qs {
		if isSpellKind(q.Kind) {
			spelling = append(spelling, q)
		} else {
			known = append(known, q)
		}
	}
	hl := newHeadLeads(docs)
	fmt.Printf("corpus: %d stories (%s); %d queries in %.1fs\n", len(docs), o.corpus, len(qs), time.Since(t0).Seconds())
	if bad := checkQueries(qs); bad > 0 {
		return fmt.Errorf("%d generated queries fail the self-check", bad)
	}
	if o.dump != "" {
		if err := writeQueries(o.dump, qs); err != nil {
			return err
		}
	}
	printSamples(qs, o.samples)

	tmp, err := os.MkdirTemp("", "searcheval-")
	if err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(tmp)
	}

	rep := report{LatN: o.latN, Seed: o.seed, Corpus: o.corpus, Queries: len(known), K: o.k, PerKind: map[string]int{},
		Index: map[string]importStats{}, Spell: map[string]spellEval{}, Costs: map[string]costs{}}
	for _, q := range known {
		rep.PerKind[q.Kind]++
	}

	type result struct {
		eng  engine
		eval evaluation
	}
	var results []result
	evalOne := func(e engine) {
		if o.explain != "" {
			for _, q := range strings.Split(o.explain, "|") {
				explain(e, q, o.k, docs)
			}
			return
		}
		ev := evaluate(e, known, o.k, o.workers, o.latN)
		results = append(results, result{e, ev})
		fmt.Printf("  %-16s MRR@%d %.3f  S@1 %.3f  S@%d %.3f  p50 %.2fms p95 %.2fms  errors %d  (%.1fs)\n",
			e.name(), o.k, ev.All.MRR, ev.All.S1, o.k, ev.All.SK, ev.P50, ev.P95, ev.All.Errors, ev.Seconds)
		if sp, ok := e.(speller); ok && len(spelling) > 0 {
			rep.Spell[e.name()] = evaluateSpell(sp, spelling, o.k, o.workers, hl, o.misses)
			rep.Costs[e.name()] = measureCosts(e, cs, o.seed)
		}
	}
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()

	// khabar's own search.
	khabarRun := func(name, dsn string) {
		if openKhabar == nil {
			fmt.Printf("  %-16s skipped: built without khabar.go\n", name)
			return
		}
		e, st, done, err := openKhabar(ctx, name, dsn, o.corpus)
		if err != nil {
			fmt.Printf("  %-16s FAILED: %v\n", name, err)
			rep.Failures = append(rep.Failures, name+": "+err.Error())
			return
		}
		cleanups = append(cleanups, done)
		rep.Index[name] = st
		fmt.Printf("  %-16s imported %d stories (%d failed) in %.2fs: %.0f stories/s\n", name, st.Stories, st.Failed, st.Seconds, st.PerSec)
		evalOne(e)
	}
	fmt.Println("engines:")
	if o.want("khabar-sqlite") {
		khabarRun("khabar-sqlite", tmp+"/khabar.db")
	}
	if o.want("khabar-postgres") {
		if o.pg == "" {
			fmt.Printf("  %-16s skipped: no -pg URL\n", "khabar-postgres")
		} else if u, done, err := freshPG(ctx, o.pg, "khabar", o.keep); err != nil {
			fmt.Printf("  %-16s FAILED: %v\n", "khabar-postgres", err)
			rep.Failures = append(rep.Failures, "khabar-postgres: "+err.Error())
		} else {
			cleanups = append(cleanups, done)
			khabarRun("khabar-postgres", u)
		}
	}

	if o.want("fts5-and") || o.want("fts5-or") {
		t := time.Now()
		db, err := openFTS5(ctx, tmp, docs)
		if err != nil {
			return fmt.Errorf("fts5: %w", err)
		}
		cleanups = append(cleanups, func() { db.Close() })
		sec := time.Since(t).Seconds()
		rep.Index["fts5"] = importStats{Stories: len(docs), Seconds: sec, PerSec: float64(len(docs)) / sec}
		for _, or := range []bool{false, true} {
			e, err := newFTS5(db, or)
			if err != nil {
				return err
			}
			if o.want(e.name()) {
				evalOne(e)
			}
		}
	}
	if o.want("pg-simple-and") || o.want("pg-simple-or") {
		if o.pg == "" {
			fmt.Printf("  %-16s skipped: no -pg URL\n", "pg-simple")
		} else {
			u, done, err := freshPG(ctx, o.pg, "simple", o.keep)
			if err != nil {
				return fmt.Errorf("pg-simple: %w", err)
			}
			cleanups = append(cleanups, done)
			t := time.Now()
			db, err := openPGSimple(ctx, u, docs)
			if err != nil {
				return fmt.Errorf("pg-simple: %w", err)
			}
			cleanups = append(cleanups, func() { db.Close() })
			sec := time.Since(t).Seconds()
			rep.Index["pg-simple"] = importStats{Stories: len(docs), Seconds: sec, PerSec: float64(len(docs)) / sec}
			for _, or := range []bool{false, true} {
				e := &pgSimpleEngine{db: db, or: or}
				if o.want(e.name()) {
					evalOne(e)
				}
			}
		}
	}

	rep.Engines = map[string]evaluation{}
	var names []string
	for _, r := range results {
		names = append(names, r.eng.name())
		rep.Engines[r.eng.name()] = r.eval
	}
	rep.Order = names
	if len(results) > 0 {
		printTables(rep, o.k)
		printSpell(rep, o.k)
		printCosts(rep)
	}
	fmt.Printf("total %.1fs\n", time.Since(t0).Seconds())
	if o.jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// freshPG makes an empty database (or, without the right to create one,
// an empty schema) on the server at base and returns its URL and a
// function that drops it again.
func freshPG(ctx context.Context, base, tag string, keep bool) (string, func(), error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("searcheval_%s_%d_%d", tag, os.Getpid(), time.Now().UnixNano()%1e9)
	admin := func(sql string) {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			fmt.Fprintln(os.Stderr, "searcheval: cleanup:", err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), sql); err != nil {
			fmt.Fprintln(os.Stderr, "searcheval: cleanup:", err)
		}
	}
	// The C.UTF-8 locale gives the text-search parser Unicode letter
	// classes; the server default is the fallback.
	for _, create := range []string{
		`CREATE DATABASE ` + name + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
		`CREATE DATABASE ` + name,
	} {
		if _, err := conn.Exec(ctx, create); err == nil {
			v := *u
			v.Path = "/" + name
			done := func() {
				if !keep {
					admin(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
				}
			}
			return v.String(), done, nil
		}
	}
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+name); err != nil {
		return "", nil, err
	}
	v := *u
	qv := v.Query()
	qv.Set("search_path", name)
	v.RawQuery = qv.Encode()
	done := func() {
		if !keep {
			admin(`DROP SCHEMA IF EXISTS ` + name + ` CASCADE`)
		}
	}
	return v.String(), done, nil
}

func writeQueries(path string, qs []query) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readQueries(path string) ([]query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []query
	dec := json.NewDecoder(f)
	for dec.More() {
		var q query
		if err := dec.Decode(&q); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if len(q.Accept) == 0 && q.URI != "" {
			q.Accept = []string{q.URI}
		}
		qs = append(qs, q)
	}
	return qs, nil
}

func printSamples(qs []query, n int) {
	if n <= 0 {
		return
	}
	fmt.Println("sample queries (orig ⇒ query  [ops]):")
	shown := map[string]int{}
	for _, q := range qs {
		if shown[q.Kind] >= n {
			continue
		}
		shown[q.Kind]++
		fmt.Printf("  %-11s %s ⇒ %s  [%s]\n", q.Kind, q.Orig, visible(q.Q), strings.Join(q.Ops, ", "))
	}
}

// visible marks ZWNJ as ‹›, so that its presence can be seen in a terminal.
func visible(s string) string { return strings.ReplaceAll(s, sZW, "‹›") }

func kindOrder(pk map[string]int) []string {
	var ks []string
	for _, k := range kinds {
		if pk[k] > 0 {
			ks = append(ks, k)
		}
	}
	for k := range pk {
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
	}
	sort.SliceStable(ks, func(a, b int) bool {
		return slices.Index(kinds, ks[a]) >= 0 && slices.Index(kinds, ks[b]) < 0
	})
	return ks
}

func printTables(rep report, k int) {
	ks := kindOrder(rep.PerKind)
	for _, m := range []struct {
		title string
		get   func(score) float64
	}{
		{fmt.Sprintf("MRR@%d", k), func(s score) float64 { return s.MRR }},
		{"Success@1", func(s score) float64 { return s.S1 }},
		{fmt.Sprintf("Success@%d", k), func(s score) float64 { return s.SK }},
	} {
		fmt.Printf("\n%s\n", m.title)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "kind\tqueries\t")
		for _, n := range rep.Order {
			fmt.Fprintf(tw, "%s\t", n)
		}
		fmt.Fprintln(tw)
		for _, kind := range append(ks, "ALL") {
			cnt := rep.Queries
			if kind != "ALL" {
				cnt = rep.PerKind[kind]
			}
			fmt.Fprintf(tw, "%s\t%d\t", kind, cnt)
			for _, n := range rep.Order {
				ev := rep.Engines[n]
				s := ev.All
				if kind != "ALL" {
					s = ev.Kinds[kind]
				}
				fmt.Fprintf(tw, "%.3f\t", m.get(s))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	fmt.Printf("\nlatency per search call, in process, sequential (ms; -latn %d calls unless -workers 1)\n", rep.LatN)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\tp50\tp95\tp99\tmax\terrors\t")
	for _, n := range rep.Order {
		ev := rep.Engines[n]
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%d\t\n", n, ev.P50, ev.P95, ev.P99, ev.Max, ev.All.Errors)
	}
	tw.Flush()
	if len(rep.Index) > 0 {
		fmt.Println("\nindexing")
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "index\tstories\tfailed\tseconds\tstories/s\t")
		var ns []string
		for n := range rep.Index {
			ns = append(ns, n)
		}
		sort.Strings(ns)
		for _, n := range ns {
			s := rep.Index[n]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.0f\t\n", n, s.Stories, s.Failed, s.Seconds, s.PerSec)
		}
		tw.Flush()
	}
}

// explain prints an engine's top results for one query, with headlines.
func explain(e engine, q string, k int, docs []*doc) {
	hl := map[string]string{}
	for _, d := range docs {
		hl[d.URI] = d.Headline
	}
	uris, err := e.search(q, k)
	fmt.Printf("  %s: %q", e.name(), q)
	if s, ok := e.(interface{ suggest(string) string }); ok {
		if sg := s.suggest(q); sg != "" {
			fmt.Printf("  (suggestion: %q)", sg)
		}
	}
	fmt.Println()
	if err != nil {
		fmt.Println("    error:", err)
	}
	for i, u := range uris {
		fmt.Printf("    %2d. %s\n        %s\n", i+1, hl[u], u)
	}
}

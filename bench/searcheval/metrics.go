package main

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type score struct {
	N      int     `json:"queries"`
	MRR    float64 `json:"mrr"`
	S1     float64 `json:"success_at_1"`
	SK     float64 `json:"success_at_k"`
	Errors int     `json:"errors"`

	rr, s1, sk float64
}

func (s *score) add(rank int, k int, failed bool) {
	s.N++
	if failed {
		s.Errors++
	}
	if rank >= 1 && rank <= k {
		s.rr += 1 / float64(rank)
		s.sk++
		if rank == 1 {
			s.s1++
		}
	}
}

func (s *score) finish() {
	if s.N > 0 {
		s.MRR, s.S1, s.SK = s.rr/float64(s.N), s.s1/float64(s.N), s.sk/float64(s.N)
	}
}

type evaluation struct {
	All   score            `json:"all"`
	Kinds map[string]score `json:"kinds"`
	P50   float64          `json:"p50_ms"`
	P95   float64          `json:"p95_ms"`
	P99   float64          `json:"p99_ms"`
	Max   float64          `json:"max_ms"`
	// LatencyQueries is how many sequential calls the percentiles are of.
	LatencyQueries int     `json:"latency_queries"`
	Seconds        float64 `json:"seconds"`
	// Ranks lists, per query id, the rank found (0: not in the top k),
	// so that two runs can be compared query by query.
	Ranks []int `json:"ranks"`
}

type report struct {
	LatN     int                    `json:"-"`
	Seed     uint64                 `json:"seed"`
	Corpus   string                 `json:"corpus"`
	Queries  int                    `json:"queries"`
	K        int                    `json:"k"`
	PerKind  map[string]int         `json:"queries_per_kind"`
	Order    []string               `json:"engine_order"`
	Engines  map[string]evaluation  `json:"engines"`
	Index    map[string]importStats `json:"index"`
	Failures []string               `json:"failures,omitempty"`
	Spell    map[string]spellEval   `json:"spelling"`
	Costs    map[string]costs       `json:"costs"`
}

// evaluate runs every query once on workers goroutines and scores the
// rank of the first accepted uri. Latency comes from a separate
// sequential pass over latN queries spread over the set (all of them
// when workers is 1: then the scoring pass is itself sequential), so
// that it is not inflated by the evaluation's own concurrency.
func evaluate(e engine, qs []query, k, workers, latN int) evaluation {
	ev := evaluation{Kinds: map[string]score{}, Ranks: make([]int, len(qs))}
	failed := make([]bool, len(qs))
	lat := make([]float64, len(qs))
	var mu sync.Mutex
	errShown := 0
	one := func(i int) {
		q := qs[i]
		t := time.Now()
		uris, err := e.search(q.Q, k)
		lat[i] = float64(time.Since(t).Microseconds()) / 1000
		if err != nil {
			failed[i] = true
			mu.Lock()
			if errShown < 3 {
				errShown++
				fmt.Fprintf(os.Stderr, "  %s: query %d %q: %v\n", e.name(), q.ID, q.Q, err)
			}
			mu.Unlock()
		}
		for j, u := range uris {
			if j >= k {
				break
			}
			if slices.Contains(q.Accept, u) {
				ev.Ranks[i] = j + 1
				break
			}
		}
	}
	start := time.Now()
	workers = max(1, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(qs) {
					return
				}
				one(i)
			}
		})
	}
	wg.Wait()
	ev.Seconds = time.Since(start).Seconds()
	for i, q := range qs {
		ev.All.add(ev.Ranks[i], k, failed[i])
		s := ev.Kinds[q.Kind]
		s.add(ev.Ranks[i], k, failed[i])
		ev.Kinds[q.Kind] = s
	}
	ev.All.finish()
	for kind, s := range ev.Kinds {
		s.finish()
		ev.Kinds[kind] = s
	}
	if workers > 1 {
		n := min(latN, len(qs))
		lat = lat[:0]
		for j := range n {
			q := qs[j*len(qs)/n]
			t := time.Now()
			e.search(q.Q, k)
			lat = append(lat, float64(time.Since(t).Microseconds())/1000)
		}
	}
	ev.LatencyQueries = len(lat)
	sort.Float64s(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	ev.P50, ev.P95, ev.P99 = pct(0.50), pct(0.95), pct(0.99)
	if len(lat) > 0 {
		ev.Max = lat[len(lat)-1]
	}
	return ev
}

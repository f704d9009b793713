package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// costs are the times of the queries that cost the most to answer:
// one long random word, and a long query of misspelt words.
type costs struct {
	LongWord  timing `json:"word_512_letters"`
	LongQuery timing `json:"query_20_words"`
}

type timing struct {
	Calls int     `json:"calls"`
	P50   float64 `json:"p50_ms"`
	Max   float64 `json:"max_ms"`
}

// measureCosts times calls of each kind, each query new to the engine:
// a random word of 512 Persian letters, and 20 frequent words each with
// a typo.
func measureCosts(e engine, cs *corpusStats, seed uint64) costs {
	const calls = 30
	g := &gen{cs: cs, rng: rand.New(rand.NewPCG(seed, 999))}
	pool := newSpellPool(cs, 0, 400)
	time1 := func(make func() string) timing {
		var ms []float64
		for range calls {
			q := make()
			t := time.Now()
			if _, err := e.search(q, 10); err != nil {
				fmt.Fprintf(os.Stderr, "  %s: cost query: %v\n", e.name(), err)
			}
			ms = append(ms, float64(time.Since(t).Microseconds())/1000)
		}
		slices.Sort(ms)
		return timing{Calls: len(ms), P50: ms[len(ms)/2], Max: ms[len(ms)-1]}
	}
	var c costs
	c.LongWord = time1(func() string {
		rs := make([]rune, 512)
		for i := range rs {
			rs[i] = persianLetters[g.rng.IntN(len(persianLetters))]
		}
		return string(rs)
	})
	c.LongQuery = time1(func() string {
		var ws []string
		for len(ws) < 20 {
			w := pool.words[g.rng.IntN(len(pool.words))]
			if t, _, ok := g.spellTypo(w, 4, false); ok {
				ws = append(ws, t)
			}
		}
		return strings.Join(ws, " ")
	})
	return c
}

func printCosts(rep report) {
	if len(rep.Costs) == 0 {
		return
	}
	fmt.Println("\ncost of the dearest queries, each new to the engine (ms)")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\t512-letter word p50\tmax\t20 misspelt words p50\tmax\t")
	for _, n := range rep.Order {
		if c, ok := rep.Costs[n]; ok {
			fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t\n", n, c.LongWord.P50, c.LongWord.Max, c.LongQuery.P50, c.LongQuery.Max)
		}
	}
	tw.Flush()
}

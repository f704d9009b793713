// Command wireeval measures how well the wire desk groups near-duplicate
// items (issue 11, "Measure"). From the corpus it builds pairs of one
// story and a rewrite of it, rewritten the ways agencies retell a story
// (sentences reordered, lead rephrased, synonyms swapped, a paragraph
// added or cut, dateline and credit changed, ي/ك and ZWNJ changed, and
// all of these at once), and pairs of two different stories on the same
// topic (same section and a shared tag, the closest in wording of a
// sample: two football results, two statements on one subject). Each
// pair is grouped as the desk groups it — an LSH band in common, then an
// estimated Jaccard index at or over the threshold — and it reports
// precision and recall per kind and over a sweep of thresholds.
//
//	go run ./bench/wireeval [-corpus ../shared/corpus] [-n 1000] [-seed 1]
//
// The corpus is read at run time and never copied into the project.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"khabar/internal/wire"
)

type pair struct {
	kind string
	same bool
	a, b *wire.Analysis
}

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "directory of the corpus's source JSON files")
	n := flag.Int("n", 1000, "stories to rewrite (each in every way) and negative pairs to draw")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	stories, err := readCorpus(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wireeval:", err)
		os.Exit(1)
	}
	r := rand.New(rand.NewPCG(*seed, 2))
	pairs := positives(r, stories, *n)
	pairs = append(pairs, negatives(r, stories, *n)...)

	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "threshold %.2f, %d-value MinHash, %d bands\n", wire.Threshold, wire.SignatureSize, wire.Bands)
	fmt.Fprintln(tw, "kind\tpairs\tgrouped\tshare\t")
	kinds := map[string][2]int{}
	var order []string
	for _, p := range pairs {
		k := kinds[p.kind]
		if k == [2]int{} {
			order = append(order, p.kind)
		}
		k[0]++
		if grouped(p, wire.Threshold) {
			k[1]++
		}
		kinds[p.kind] = k
	}
	for _, name := range order {
		k := kinds[name]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t\n", name, k[0], k[1], float64(k[1])/float64(k[0]))
	}
	tw.Flush()
	fmt.Println()
	fmt.Fprintln(tw, "kind\tmin\tp1\tp50\tp99\tmax\t(estimated Jaccard index)")
	for _, name := range order {
		var sims []float64
		for _, p := range pairs {
			if p.kind == name {
				sims = append(sims, wire.Similarity(p.a.Signature, p.b.Signature))
			}
		}
		sort.Float64s(sims)
		q := func(f float64) float64 { return sims[int(f*float64(len(sims)-1))] }
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t\n", name, q(0), q(0.01), q(0.5), q(0.99), q(1))
	}
	tw.Flush()
	fmt.Println()
	fmt.Fprintln(tw, "threshold\tprecision\trecall\t")
	for _, t := range []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5} {
		p, rc := score(pairs, t)
		mark := ""
		if t == wire.Threshold {
			mark = "  ← the desk's"
		}
		fmt.Fprintf(tw, "%.2f\t%.4f\t%.4f\t%s\n", t, p, rc, mark)
	}
	tw.Flush()
}

func grouped(p pair, t float64) bool {
	if p.a.Empty || p.b.Empty {
		return false
	}
	if p.a.Fingerprint == p.b.Fingerprint {
		return true
	}
	return wire.Candidates(p.a, p.b) && wire.Similarity(p.a.Signature, p.b.Signature) >= t
}

func score(pairs []pair, t float64) (precision, recall float64) {
	var tp, fp, fn int
	for _, p := range pairs {
		g := grouped(p, t)
		switch {
		case g && p.same:
			tp++
		case g && !p.same:
			fp++
		case !g && p.same:
			fn++
		}
	}
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		recall = float64(tp) / float64(tp+fn)
	}
	return precision, recall
}

func analyze(s story) *wire.Analysis {
	a := wire.Analyze(s.text())
	return &a
}

func positives(r *rand.Rand, stories []story, n int) []pair {
	var out []pair
	for _, i := range r.Perm(len(stories))[:min(n, len(stories))] {
		s := stories[i]
		orig := analyze(s)
		for _, rw := range rewrites {
			out = append(out, pair{kind: "rewrite/" + rw.name, same: true, a: orig, b: analyze(rw.fn(r, s))})
		}
	}
	return out
}

// negatives draws, for each of n stories, the other story of its
// section sharing a tag whose words overlap it most among 200 drawn.
func negatives(r *rand.Rand, stories []story, n int) []pair {
	bySection := map[string][]int{}
	for i, s := range stories {
		bySection[s.Cat] = append(bySection[s.Cat], i)
	}
	words := func(s story) map[string]bool {
		m := map[string]bool{}
		for _, t := range wire.Analyze(s.text()).Terms {
			m[t] = true
		}
		return m
	}
	var out []pair
	for _, i := range r.Perm(len(stories))[:min(n, len(stories))] {
		s := stories[i]
		same := bySection[s.Cat]
		ws := words(s)
		best, bestJ := -1, -1.0
		for k := 0; k < 200 && k < len(same); k++ {
			j := same[r.IntN(len(same))]
			o := stories[j]
			if j == i || o.Title == s.Title || !shareTag(s, o) {
				continue
			}
			if jac := jaccard(ws, words(o)); jac > bestJ {
				best, bestJ = j, jac
			}
		}
		if best < 0 {
			continue
		}
		o := stories[best]
		// Two texts the same agency would not group: the same subject, other
		// facts. A body the corpus carries twice under two titles is one story.
		if strings.Join(o.Paragraphs, "") == strings.Join(s.Paragraphs, "") {
			continue
		}
		out = append(out, pair{kind: "different, same topic", a: analyze(s), b: analyze(o)})
		out = append(out, pair{kind: "different, one rewritten", a: analyze(s), b: analyze(rewrites[len(rewrites)-1].fn(r, o))})
	}
	return out
}

func shareTag(a, b story) bool {
	for _, t := range a.Tags {
		for _, u := range b.Tags {
			if t == u {
				return true
			}
		}
	}
	return len(a.Tags) == 0 && len(b.Tags) == 0
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	u := len(a) + len(b) - inter
	if u == 0 {
		return 0
	}
	return float64(inter) / float64(u)
}

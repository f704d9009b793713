package store

import (
	"math"
	"sort"
	"time"
)

type rankedDoc struct {
	id    int64
	score float64
	terms []string
	// reading is, per query word, the index of the alt that scored best
	// for this story, or -1 when the story lacks the word.
	reading []int
}

// rank scores every story in posts that keep accepts and returns those
// holding enough of the query words, best first.
func (s *Store) rank(words []queryWord, posts []posting, stats corpusStats, keep func(*docMeta) bool) []rankedDoc {
	df := map[string]int{}
	for _, p := range posts {
		df[p.term]++
	}
	n := float64(max(stats.docs, 1))
	// Every reading of every word, flattened, and which readings each
	// term takes part in.
	type reading struct {
		word, alt, terms int
		weight           float64
	}
	var readings []reading
	uses := map[string][]int{}
	for wi, w := range words {
		for ai, a := range w.alts {
			for _, t := range a.terms {
				uses[t] = append(uses[t], len(readings))
			}
			readings = append(readings, reading{wi, ai, len(a.terms), a.weight})
		}
	}
	type acc struct {
		meta  *docMeta
		sum   []float64 // per reading
		have  []int     // per reading: how many of its terms the story holds
		terms []string
	}
	docs := map[int64]*acc{}
	for i := range posts {
		p := &posts[i]
		d := docs[p.doc.id]
		if d == nil {
			if !keep(&p.doc) {
				continue
			}
			d = &acc{meta: &p.doc, sum: make([]float64, len(readings)), have: make([]int, len(readings))}
			docs[p.doc.id] = d
		}
		tfn := 0.0
		for f := range p.tf {
			if p.tf[f] == 0 {
				continue
			}
			norm := 1 - fieldB[f] + fieldB[f]*float64(d.meta.length[f])/stats.avgLen[f]
			tfn += fieldBoost[f] * float64(p.tf[f]) / norm
		}
		dft := float64(df[p.term])
		idf := math.Log(1 + (n-dft+0.5)/(dft+0.5))
		sc := idf * tfn * (bm25K1 + 1) / (tfn + bm25K1)
		d.terms = append(d.terms, p.term)
		for _, r := range uses[p.term] {
			d.sum[r] += sc
			d.have[r]++
		}
	}
	need := minMatch(len(words))
	now := s.now()
	out := make([]rankedDoc, 0, len(docs))
	best := make([]float64, len(words))
	for id, d := range docs {
		rd := rankedDoc{id: id, reading: make([]int, len(words))}
		for i := range best {
			best[i], rd.reading[i] = 0, -1
		}
		for ri, r := range readings {
			if d.have[ri] < r.terms {
				continue // a split counts only with both halves
			}
			if sc := r.weight * d.sum[ri] / float64(r.terms); sc > best[r.word] {
				best[r.word], rd.reading[r.word] = sc, r.alt
			}
		}
		matched, sum := 0, 0.0
		for _, b := range best {
			if b > 0 {
				matched++
				sum += b
			}
		}
		if matched < need {
			continue
		}
		coord := float64(matched) / float64(len(words))
		rd.score = sum * coord * coord
		if d.meta.published.Valid {
			age := now.Sub(time.UnixMicro(d.meta.published.Int64))
			rd.score *= 1 + recencyBoost*math.Exp2(-max(age, 0).Hours()/recencyHalfLife.Hours())
		}
		sort.Strings(d.terms)
		rd.terms = d.terms
		out = append(out, rd)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].id > out[j].id
	})
	return out
}

// minMatch is how many of n query words a story must hold to be found:
// any one of one or two, all but one of three or four, and about two
// thirds of a longer query.
func minMatch(n int) int {
	switch {
	case n <= 2:
		return 1
	case n <= 4:
		return n - 1
	}
	return (2*n + 2) / 3
}

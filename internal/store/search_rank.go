package store

import (
	"cmp"
	"maps"
	"math"
	"slices"
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

// rank scores every story in the posting lists that keep accepts and
// returns the best top of those holding enough of the query words, best
// first, and how many hold enough of them in all.
func (s *Store) rank(words []queryWord, lists map[string][]hit, stats corpusStats, keep func(*docMeta) bool, top int) (ranked []rankedDoc, total int) {
	n := float64(max(stats.docs, 1))
	// Every reading of every word, flattened.
	type reading struct {
		word, alt, terms int
		weight           float64
	}
	var readings []reading
	for wi, w := range words {
		for ai, a := range w.alts {
			readings = append(readings, reading{wi, ai, len(a.terms), a.weight})
		}
	}
	nr := len(readings)
	// Per story (by slot): its metadata, and per reading the summed
	// term scores and how many of the reading's terms it holds.
	slot := map[int64]int{}
	var metas []*docMeta
	var sums []float64
	var have []int
	// masks[slot] has bit t set when the story holds termNames[t]; terms
	// past the 64th are scored but not reported for highlighting.
	var masks []uint64
	var termNames []string
	// Terms in order, so scores add up in the same order every time.
	for _, term := range slices.Sorted(maps.Keys(lists)) {
		ps := lists[term]
		if len(ps) == 0 {
			continue
		}
		bit := uint64(0)
		if len(termNames) < 64 {
			bit = 1 << len(termNames)
			termNames = append(termNames, term)
		}
		var uses []int
		for ri, r := range readings {
			if slices.Contains(words[r.word].alts[r.alt].terms, term) {
				uses = append(uses, ri)
			}
		}
		dft := float64(len(ps))
		idf := math.Log(1 + (n-dft+0.5)/(dft+0.5))
		for i := range ps {
			p := &ps[i]
			k, ok := slot[p.doc.id]
			if !ok {
				if !keep(p.doc) {
					slot[p.doc.id] = -1
					continue
				}
				k = len(metas)
				slot[p.doc.id] = k
				metas = append(metas, p.doc)
				sums = append(sums, make([]float64, nr)...)
				have = append(have, make([]int, nr)...)
				masks = append(masks, 0)
			} else if k < 0 {
				continue
			}
			tfn := 0.0
			for f, tf := range p.tf {
				if tf > 0 {
					norm := 1 - fieldB[f] + fieldB[f]*float64(p.doc.length[f])/stats.avgLen[f]
					tfn += fieldBoost[f] * float64(tf) / norm
				}
			}
			sc := idf * tfn * (bm25K1 + 1) / (tfn + bm25K1)
			masks[k] |= bit
			for _, r := range uses {
				sums[k*nr+r] += sc
				have[k*nr+r]++
			}
		}
	}
	// Score every story; build the details (terms, readings) only for
	// the top k, which is all a page of results shows.
	need := minMatch(len(words))
	now := s.now()
	best := make([]float64, len(words))
	pick := make([]int, len(words))
	score := func(k int, reading []int) float64 {
		for i := range best {
			best[i], pick[i] = 0, -1
		}
		for ri, r := range readings {
			if have[k*nr+ri] < r.terms {
				continue // a split counts only with both halves
			}
			if sc := r.weight * sums[k*nr+ri] / float64(r.terms); sc > best[r.word] {
				best[r.word], pick[r.word] = sc, r.alt
			}
		}
		copy(reading, pick)
		matched, sum := 0, 0.0
		for _, b := range best {
			if b > 0 {
				matched++
				sum += b
			}
		}
		if matched < need {
			return 0
		}
		coord := float64(matched) / float64(len(words))
		sum *= coord * coord
		if m := metas[k]; m.published.Valid {
			age := now.Sub(time.UnixMicro(m.published.Int64))
			sum *= 1 + recencyBoost*math.Exp2(-max(age, 0).Hours()/recencyHalfLife.Hours())
		}
		return sum
	}
	type scored struct {
		slot  int
		id    int64
		score float64
	}
	all := make([]scored, 0, len(metas))
	for k, m := range metas {
		if sc := score(k, pick); sc > 0 {
			all = append(all, scored{k, m.id, sc})
		}
	}
	better := func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(b.id, a.id)
	}
	// Keep the best top in order as they come: a page is a few stories
	// out of thousands, so this beats sorting them all.
	var first []scored
	for _, a := range all {
		if len(first) == top && better(a, first[top-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(first, a, better)
		if len(first) < top {
			first = append(first, scored{})
		}
		copy(first[i+1:], first[i:])
		first[i] = a
	}
	out := make([]rankedDoc, 0, len(first))
	for _, a := range first {
		rd := rankedDoc{id: a.id, score: a.score, reading: make([]int, len(words))}
		score(a.slot, rd.reading)
		for t, term := range termNames {
			if masks[a.slot]&(1<<t) != 0 {
				rd.terms = append(rd.terms, term)
			}
		}
		out = append(out, rd)
	}
	return out, len(all)
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

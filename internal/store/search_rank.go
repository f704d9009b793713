package store

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"sync"
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

// reading is one alt of one query word, flattened for scoring.
type reading struct {
	word, alt, terms int
	weight           float64
	// long marks a reading with a term whose posting list was not read
	// (see longList); bound is the most its terms can score.
	long  bool
	bound float64
}

// ranker accumulates BM25F scores per story and reading.
type ranker struct {
	words    []queryWord
	readings []reading
	stats    corpusStats
	keep     func(*docMeta) bool
	now      time.Time
	need     int
	uses     map[string][]int // term → readings it takes part in
	idf      map[string]float64

	slot  map[int64]int // story id → slot, -1 when filtered out
	metas []*docMeta
	sums  []float64 // per slot and reading: summed term scores
	have  []int     // per slot and reading: how many of its terms it holds
	// masks[slot] has bit t set when the story holds termNames[t]; terms
	// past the 64th are scored but not reported for highlighting.
	masks     []uint64
	termNames []string
	termBit   map[string]uint64
	best      []float64 // score's scratch: per word, its best reading's score
	bm        bm25F
	scratch   *rankScratch
}

// rankScratch is the room a ranker scores in, kept between searches:
// made anew for each, it was most of a search's garbage.
type rankScratch struct {
	slot  map[int64]int
	metas []*docMeta
	sums  []float64
	have  []int
	masks []uint64
}

var rankScratches = sync.Pool{New: func() any { return &rankScratch{slot: map[int64]int{}} }}

// The room kept for the next search is bounded, at about 3 MB for each
// kept: a search through most of a large archive makes its own.
const (
	maxScratchStories = 1 << 15 // stories a ranker's room is kept for
	maxScratchCells   = 1 << 17 // stories × readings
)

func (s *Store) newRanker(words []queryWord, stats corpusStats, keep func(*docMeta) bool) *ranker {
	sc := rankScratches.Get().(*rankScratch)
	r := &ranker{words: words, stats: stats, keep: keep, now: s.now(), need: minMatch(len(words)),
		uses: map[string][]int{}, idf: map[string]float64{}, termBit: map[string]uint64{}, bm: ranking,
		scratch: sc, slot: sc.slot, metas: sc.metas[:0], sums: sc.sums[:0], have: sc.have[:0], masks: sc.masks[:0]}
	for wi, w := range words {
		for ai, a := range w.alts {
			for _, t := range a.terms {
				r.uses[t] = append(r.uses[t], len(r.readings))
			}
			r.readings = append(r.readings, reading{word: wi, alt: ai, terms: len(a.terms), weight: a.weight})
		}
	}
	return r
}

// setIDF records a term's document frequency; terms in order, so that
// highlighting bits and score sums come out the same every time.
func (r *ranker) setIDF(term string, df int) {
	n, d := float64(max(r.stats.docs, 1)), float64(df)
	r.idf[term] = math.Log(1 + (n-d+0.5)/(d+0.5))
	if len(r.termNames) < 64 {
		r.termBit[term] = 1 << len(r.termNames)
		r.termNames = append(r.termNames, term)
	}
}

// reserve makes room for n stories.
func (r *ranker) reserve(n int) {
	nr := len(r.readings)
	r.metas = slices.Grow(r.metas, n)
	r.sums = slices.Grow(r.sums, n*nr)
	r.have = slices.Grow(r.have, n*nr)
	r.masks = slices.Grow(r.masks, n)
}

// release hands the ranker's room back for the next search; the ranker
// is not used after.
func (r *ranker) release() {
	sc := r.scratch
	if sc == nil || len(r.slot) > maxScratchStories || cap(r.sums) > maxScratchCells {
		return
	}
	clear(r.slot)
	clear(r.metas) // let the stories' metadata go
	sc.slot, sc.metas, sc.sums, sc.have, sc.masks = r.slot, r.metas[:0], r.sums[:0], r.have[:0], r.masks[:0]
	r.scratch = nil
	rankScratches.Put(sc)
}

// add counts one story's occurrences of term.
func (r *ranker) add(term string, h hit) {
	r.addHits(term, []hit{h})
}

// addHits counts the occurrences of term in each story of hits.
func (r *ranker) addHits(term string, hits []hit) {
	idf, bit, uses := r.idf[term], r.termBit[term], r.uses[term]
	nr := len(r.readings)
	for _, h := range hits {
		k, ok := r.slot[h.doc.id]
		if !ok {
			if !r.keep(h.doc) {
				r.slot[h.doc.id] = -1
				continue
			}
			k = len(r.metas)
			r.slot[h.doc.id] = k
			r.metas = append(r.metas, h.doc)
			r.sums = append(r.sums, make([]float64, nr)...)
			r.have = append(r.have, make([]int, nr)...)
			r.masks = append(r.masks, 0)
		} else if k < 0 {
			continue
		}
		tfn := 0.0
		for f, tf := range h.tf {
			if tf > 0 {
				norm := 1 - r.bm.b[f] + r.bm.b[f]*float64(h.doc.length[f])/r.stats.avgLen[f]
				tfn += r.bm.boost[f] * float64(tf) / norm
			}
		}
		sc := idf * tfn * (r.bm.k1 + 1) / (tfn + r.bm.k1)
		r.masks[k] |= bit
		for _, ri := range uses {
			r.sums[k*nr+ri] += sc
			r.have[k*nr+ri]++
		}
	}
}

// score is story k's score and, in pick, the best reading of each word.
// Optimistic, a long reading the story may complete counts at its bound.
func (r *ranker) score(k int, optimistic bool, pick []int) float64 {
	nr := len(r.readings)
	if r.best == nil {
		r.best = make([]float64, len(r.words))
	}
	best := r.best
	for i := range best {
		best[i] = 0
	}
	for i := range pick {
		pick[i] = -1
	}
	for ri, rd := range r.readings {
		sc := 0.0
		switch {
		case r.have[k*nr+ri] >= rd.terms:
			sc = rd.weight * r.sums[k*nr+ri] / float64(rd.terms)
		case optimistic && rd.long:
			sc = rd.weight * rd.bound
		}
		if sc > best[rd.word] {
			best[rd.word], pick[rd.word] = sc, rd.alt
		}
	}
	matched, sum := 0, 0.0
	for _, b := range best {
		if b > 0 {
			matched++
			sum += b
		}
	}
	if matched < r.need {
		return 0
	}
	coord := float64(matched) / float64(len(r.words))
	sum *= coord * coord
	if m := r.metas[k]; m.published.Valid {
		age := r.now.Sub(time.UnixMicro(m.published.Int64))
		sum *= 1 + recencyBoost*math.Exp2(-max(age, 0).Hours()/recencyHalfLife.Hours())
	}
	return sum
}

type scored struct {
	slot  int
	id    int64
	score float64
}

func better(a, b scored) int {
	if a.score != b.score {
		return cmp.Compare(b.score, a.score)
	}
	return cmp.Compare(b.id, a.id)
}

// best keeps the best top of all in order: a page is a few stories out
// of thousands, so this beats sorting them all.
func best(all []scored, top int) []scored {
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
	return first
}

// rank scores the stories in the posting lists that keep accepts and
// returns the best top of those holding enough of the query words, best
// first, and how many hold enough of them in all.
//
// Terms in long (term → document frequency) had their posting lists left
// unread: they are in so many stories that reading them would be most
// of the search's cost. They are scored only for the stories that the
// other terms found, and of those only for the candidates that could
// still reach the top with every long term at its best; the stories'
// forward entries (search_docs.fwd) give their counts. Stories holding
// none of the other terms are not found then, and total counts the
// stories that could hold enough of the words.
func (s *Store) rank(ctx context.Context, words []queryWord, lists map[string][]hit, long map[string]int,
	stats corpusStats, keep func(*docMeta) bool, top int) (ranked []rankedDoc, total int, err error) {
	r := s.newRanker(words, stats, keep)
	defer r.release()
	for _, term := range slices.Sorted(maps.Keys(lists)) {
		if ps := lists[term]; len(ps) > 0 {
			r.setIDF(term, len(ps))
		}
	}
	for _, term := range slices.Sorted(maps.Keys(long)) {
		r.setIDF(term, long[term])
	}
	for i := range r.readings {
		rd := &r.readings[i]
		for _, t := range words[rd.word].alts[rd.alt].terms {
			rd.bound += r.idf[t] * (r.bm.k1 + 1)
			_, isLong := long[t]
			rd.long = rd.long || isLong
		}
		rd.bound /= float64(rd.terms)
	}
	// Room for every story the lists may name, made once: growing the
	// slots story by story was most of a search's garbage.
	n := 0
	for _, ps := range lists {
		n += len(ps)
	}
	r.reserve(min(n, max(stats.docs, 1)))
	for _, term := range slices.Sorted(maps.Keys(lists)) {
		r.addHits(term, lists[term])
	}

	pick := make([]int, len(words))
	all := make([]scored, 0, len(r.metas))
	for k, m := range r.metas {
		if sc := r.score(k, len(long) > 0, pick); sc > 0 {
			all = append(all, scored{k, m.id, sc})
		}
	}
	if top <= 0 {
		return nil, len(all), nil
	}
	first := best(all, top)
	if len(long) > 0 {
		// Exact scores for the candidates that could reach the top.
		cands := best(all, max(100, 8*top))
		if err := s.addLong(ctx, r, cands, long); err != nil {
			return nil, 0, err
		}
		for i := range cands {
			cands[i].score = r.score(cands[i].slot, false, pick)
		}
		cands = slices.DeleteFunc(cands, func(c scored) bool { return c.score == 0 })
		first = best(cands, top)
	}
	out := make([]rankedDoc, 0, len(first))
	for _, a := range first {
		rd := rankedDoc{id: a.id, score: a.score, reading: make([]int, len(words))}
		r.score(a.slot, false, rd.reading)
		for t, term := range r.termNames {
			if r.masks[a.slot]&(1<<t) != 0 {
				rd.terms = append(rd.terms, term)
			}
		}
		out = append(out, rd)
	}
	return out, len(all), nil
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

package main

import (
	"math/rand/v2"
	"sort"
	"strings"
	"unicode/utf8"
)

// The spelling kinds (issue 16) are not known-item queries: they ask
// whether the search understood what the reader meant.
//
//   - spell1: one typo (a letter dropped, two neighbours swapped, a
//     letter doubled, or a key hit next to the right one) in one of the
//     most frequent content words of the corpus, alone;
//   - spell2: the same, with a word it often shares a headline with;
//   - short: spell1 where the typo left three letters (کشور → کشر),
//     apart, since many three-letter strings are one slip from several
//     frequent words and no corrector can know which was meant;
//   - nonsense: a random string of Persian letters that is no word of
//     the corpus;
//   - frequent: one of those frequent words, spelled right.
//
// A spelling query carries the words the reader meant (Want) and the
// word a result must hold in its headline or lead to count (Target).
var spellKinds = []string{"spell1", "spell2", "short", "nonsense", "frequent"}

func isSpellKind(kind string) bool {
	for _, k := range spellKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// persianLetters are the letters a random string is drawn from.
var persianLetters = []rune("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")

// functionWords are frequent words the stop list leaves in that are no
// content words: verb forms, pronouns, reporting formulas.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`میشود میکند میکنند میکنیم میکنم میتواند میتوانند میدهد میگیرد
		خواهند خواهیم کردند کردیم کردم داشت داشته داشتیم داشتند دادند گرفت گرفته گرفتند شدند شدیم
		باشند باشیم کنیم کنند دهند دهد گیرد تواند توانند توانست رسید رسیده افزود گفته اینکه آنها
		همچنین البته ایشان اینجا آنجا چنین چنان همین همان وقتی زمانی بنابراین درحالی حالی هنوز اکنون
		اظهار تصریح خاطرنشان ادامه داریم دارم ندارد ندارند نمیشود نمیتوان نبود نیستند هستند هستیم
		بودند بوده بودیم باشد شوند شود کنید بگیرد بدهد خبرگزاری خبرنگار
		بسیار خیلی بیش بیشتر مثل مانند حتی درباره ترین های هایی`) {
		m[fold(w)] = true
	}
	return m
}()

// spellPool is what the spelling kinds are drawn from.
type spellPool struct {
	words   []string       // written forms, most frequent word first
	hlDF    map[string]int // folded word → stories holding it in headline or lead
	written map[string]string
	// partners are, per folded pool word, the content words that share
	// the most headlines with it, best first, and whether each usually
	// comes first.
	partners map[string][]partner
}

type partner struct {
	w      string // written form
	n      int    // headlines shared
	before bool   // the partner usually stands before the word
}

func isPersianWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if r != zwnj && (r < 0x600 || r > 0x6ff) {
			return false
		}
	}
	return true
}

// contentWord: Persian letters only, not a stop or function word.
func contentWord(f string) bool {
	return isPersianWord(f) && !stopWords[f] && !functionWords[f]
}

// newSpellPool takes the size most frequent content words of four
// letters or more held in the headline or lead of ten stories or more,
// after skipping the skip most frequent of them.
func newSpellPool(cs *corpusStats, skip, size int) *spellPool {
	p := &spellPool{hlDF: map[string]int{}, written: map[string]string{}, partners: map[string][]partner{}}
	forms := map[string]map[string]int{} // folded → written form (Persian letters) → count
	for _, d := range cs.docs {
		seen := map[string]bool{}
		for _, w := range words(d.Headline + " " + d.Lead) {
			w = strings.NewReplacer("ي", "ی", "ك", "ک").Replace(w)
			f := fold(w)
			if forms[f] == nil {
				forms[f] = map[string]int{}
			}
			forms[f][w]++
			if !seen[f] {
				seen[f] = true
				p.hlDF[f]++
			}
		}
	}
	for f, fs := range forms {
		best, n := "", 0
		for w, c := range fs {
			if c > n || c == n && w < best {
				best, n = w, c
			}
		}
		p.written[f] = best
	}
	var cands []string
	for f, n := range p.hlDF {
		if n >= 10 && utf8.RuneCountInString(f) >= 4 && contentWord(f) {
			cands = append(cands, f)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cs.df[cands[i]] != cs.df[cands[j]] {
			return cs.df[cands[i]] > cs.df[cands[j]]
		}
		return cands[i] < cands[j]
	})
	cands = cands[min(skip, len(cands)):]
	cands = cands[:min(size, len(cands))]
	inPool := map[string]bool{}
	for _, f := range cands {
		p.words = append(p.words, p.written[f])
		inPool[f] = true
	}

	// Headline neighbours of the pool words.
	type pair struct{ a, b string }
	shared := map[pair]int{}
	first := map[pair]int{} // a before b
	for _, d := range cs.docs {
		var hw []string
		seen := map[string]bool{}
		for _, w := range words(d.Headline) {
			if f := fold(w); !seen[f] && utf8.RuneCountInString(f) >= 2 && contentWord(f) {
				seen[f] = true
				hw = append(hw, f)
			}
		}
		for i, a := range hw {
			if !inPool[a] {
				continue
			}
			for j, b := range hw {
				if i != j && !sameWord(a, b) {
					shared[pair{a, b}]++
					if j < i {
						first[pair{a, b}]++
					}
				}
			}
		}
	}
	for pr, n := range shared {
		if n >= 3 {
			p.partners[pr.a] = append(p.partners[pr.a], partner{p.written[pr.b], n, 2*first[pr] > n})
		}
	}
	for a, ps := range p.partners {
		sort.Slice(ps, func(i, j int) bool {
			if ps[i].n != ps[j].n {
				return ps[i].n > ps[j].n
			}
			return ps[i].w < ps[j].w
		})
		p.partners[a] = ps[:min(5, len(ps))]
	}
	return p
}

// inflections are the endings that make two written words count as the
// same word for the spelling kinds: the reader meant the word, in
// whichever number or degree.
var inflections = []string{"ها", "های", "هایی", "ان", "ات", "تر", "ترین"}

// sameWord reports whether the written words a and b are the same word,
// up to letter forms, ZWNJ and one plural or comparative ending.
func sameWord(a, b string) bool {
	fa, fb := fold(a), fold(b)
	if fa == fb {
		return true
	}
	if len(fa) > len(fb) {
		fa, fb = fb, fa
	}
	for _, s := range inflections {
		if fa+s == fb {
			return true
		}
	}
	return false
}

// sameWords reports whether the query text s says the words want.
func sameWords(s string, want []string) bool {
	ws := words(s)
	if len(ws) != len(want) {
		return false
	}
	for i := range ws {
		if !sameWord(ws[i], want[i]) {
			return false
		}
	}
	return true
}

// spellTypo makes one typo in w: a letter dropped, two neighbouring
// letters swapped, a letter doubled, or a letter replaced by one on a
// touching key. The typo must leave a string the corpus holds in at most
// two stories (else it is a word, not a typo) of minLetters letters or
// more, and of no more when exact.
func (g *gen) spellTypo(w string, minLetters int, exact bool) (string, string, bool) {
	rs := []rune(w)
	isL := func(i int) bool { return rs[i] != zwnj }
	for range 20 {
		op := g.rng.IntN(4)
		pos := slipSites(rs, op, isL)
		if len(pos) == 0 {
			continue
		}
		out, label := g.slip(rs, op, pos[g.rng.IntN(len(pos))])
		s := string(out)
		if f := fold(s); f == fold(w) || g.cs.df[f] > 2 || letterCount(s) < minLetters || exact && letterCount(s) > minLetters {
			continue
		}
		return s, label, true
	}
	return "", "", false
}

// generateSpell makes perKind queries of each spelling kind, ids from
// base on.
func generateSpell(cs *corpusStats, pool *spellPool, seed uint64, perKind, base int) []query {
	var out []query
	add := func(q query) {
		q.ID = base + len(out)
		out = append(out, q)
	}
	for ki, kind := range spellKinds {
		g := &gen{cs: cs, rng: rand.New(rand.NewPCG(seed, uint64(100+ki)))}
		n := 0
		switch kind {
		case "nonsense":
			for n < perKind {
				L := 5 + g.rng.IntN(8)
				rs := make([]rune, L)
				for i := range rs {
					rs[i] = persianLetters[g.rng.IntN(len(persianLetters))]
				}
				s := string(rs)
				if cs.df[fold(s)] > 0 {
					continue
				}
				add(query{Kind: kind, Q: s, Orig: s})
				n++
			}
			continue
		}
		for tries := 0; n < perKind && tries < 50*perKind; tries++ {
			w := pool.words[g.rng.IntN(len(pool.words))]
			switch kind {
			case "frequent":
				add(query{Kind: kind, Q: w, Orig: w, Want: []string{w}, Target: w})
				n++
			case "spell1", "short":
				minLetters, exact := 4, false
				if kind == "short" {
					if letterCount(w) != 4 {
						continue
					}
					minLetters, exact = 3, true
				}
				t, label, ok := g.spellTypo(w, minLetters, exact)
				if !ok {
					continue
				}
				add(query{Kind: kind, Q: t, Orig: w, Ops: []string{label}, Want: []string{w}, Target: w})
				n++
			case "spell2":
				ps := pool.partners[fold(w)]
				if len(ps) == 0 {
					continue
				}
				pt := ps[g.rng.IntN(len(ps))]
				t, label, ok := g.spellTypo(w, 4, false)
				if !ok {
					continue
				}
				want, typed := []string{w, pt.w}, []string{t, pt.w}
				if pt.before {
					want, typed = []string{pt.w, w}, []string{pt.w, t}
				}
				add(query{Kind: kind, Q: strings.Join(typed, " "), Orig: strings.Join(want, " "),
					Ops: []string{label}, Want: want, Target: w})
				n++
			}
		}
	}
	return out
}

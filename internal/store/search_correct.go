package store

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"khabar/internal/persian"
)

// Spelling correction is a noisy channel: of the spellings a typed word
// may stand for — itself, the indexed words one edit from it (two for a
// long word), and its cuts into two indexed words — the likeliest is the
// one with the best product of how common it is in the published
// stories, how likely the reader's slip is (persian.TypoCost), and how
// often it shares a story with the query's other words. The typed word
// competes as though a few more stories held it than do (unknownShare
// of them all: readers mean words the archive lacks too), so that a
// word nobody wrote near anything common stays as it is.
var (
	// maxCorrectLen and minCorrectLen bound, in runes, the words that
	// are corrected: longer ones are searched as typed; shorter ones
	// have too many neighbours to guess from.
	maxCorrectLen = 40
	minCorrectLen = 3
	// maxCorrectWords bounds the words of one query that are corrected,
	// the rarest first.
	maxCorrectWords = 4
	// maxKnownDF: a word held by more published stories than this is a
	// word, never a typo.
	maxKnownDF = 20
	// twoEditsLen is the shortest word, in runes, whose reader may have
	// made two slips.
	twoEditsLen = 7
	// maxSingles and maxCuts bound the spellings of one word scored with
	// the query's context: the best by frequency and slip alone.
	maxSingles = 5
	maxCuts    = 3
	// maxCutStories bounds the stories read to judge a cut with a
	// common half.
	maxCutStories = 200
	// unknownShare is the typed word's pseudo-count, as a share of the
	// published stories: an eighth of a story in 4,000. knownFactor multiplies
	// the count of a typed word the stories hold: a reader who types a
	// word means it far more often than they slip into one.
	unknownShare = 0.12 / 4000
	knownFactor  = 3.0
	// costSplit is the slip of a space left out between two words;
	// costInflected is what a suffix costs a spelling found by editing
	// the word with its suffix: the stem's count overstates the form's.
	costSplit     = 2.0
	costInflected = 2.0
	// contextMu smooths the share of a context word's stories that hold
	// a spelling, toward its share of all stories; contextWeight scales
	// the log of that ratio.
	contextMu     = 10.0
	contextWeight = 1.0
	// Above correctAt of the belief (correctKnownAt for a word some
	// story holds, shortCorrectAt for a word of minCorrectLen runes)
	// the results are the correction's; above
	// suggestAt it is offered; spellings above readingAt are searched
	// too for a typed word no story holds.
	correctAt      = 0.6
	correctKnownAt = 0.6
	shortCorrectAt = 0.8
	suggestAt      = 0.3
	shortSuggestAt = 0.5
	readingAt      = 0.05
)

// spelling is one thing a typed word may stand for.
type spelling struct {
	terms []string // one term, or the two halves of a cut
	cost  float64  // the slip from it to what was typed
	typed bool     // the word as typed
	df    int      // published stories holding it (both halves, for a cut)
	score float64  // log of its unnormalized belief
	prob  float64  // its belief, normalized
}

// fix is what the corrector decided for one query word.
type fix struct {
	word      int
	typedDF   int
	spellings []spelling // the typed word first, then the best first
	best      int
	corrected bool // the results are for best
	suggested bool // best is offered
}

// speller corrects the words of one query. It reads posting lists into
// lists as it needs them, leaving out the long ones.
type speller struct {
	s       *Store
	stats   corpusStats
	vocab   *vocabulary
	lists   map[string][]hit
	long    map[string]int
	visible func(*docMeta) bool
}

// correct decides, for the words of the query that may be misspelt, what
// each stands for. The lists of the query's own terms are read already.
func (sp *speller) correct(ctx context.Context, words []queryWord) ([]fix, error) {
	var fixes []fix
	for i, w := range words {
		raw := foldedWord(w.typed)
		n := utf8.RuneCountInString(raw)
		if n < minCorrectLen || n > maxCorrectLen || persian.IsStopWord(w.alts[0].terms[0]) {
			continue
		}
		if df := sp.typedDF(w); df <= maxKnownDF {
			fixes = append(fixes, fix{word: i, typedDF: df})
		}
	}
	sort.SliceStable(fixes, func(a, b int) bool { return fixes[a].typedDF < fixes[b].typedDF })
	fixes = fixes[:min(len(fixes), maxCorrectWords)]
	slices.SortFunc(fixes, func(a, b fix) int { return a.word - b.word })
	if len(fixes) == 0 {
		return nil, nil
	}
	var singles, halves []string
	for k := range fixes {
		f := &fixes[k]
		f.spellings = sp.candidates(words[f.word], f.typedDF)
		for _, c := range f.spellings[1:] {
			if len(c.terms) == 1 {
				singles = append(singles, c.terms[0])
			} else {
				halves = append(halves, c.terms...)
			}
		}
	}
	if err := sp.fetch(ctx, append(singles, halves...)); err != nil {
		return nil, err
	}
	for k := range fixes {
		f := &fixes[k]
		for i := range f.spellings[1:] {
			if c := &f.spellings[1+i]; len(c.terms) == 1 {
				c.df = sp.publishedDF(c.terms)
			}
		}
		if err := sp.cutDFs(ctx, f.spellings); err != nil {
			return nil, err
		}
		kept := f.spellings[:1]
		for _, c := range f.spellings[1:] {
			if c.df > 0 {
				kept = append(kept, c)
			}
		}
		f.spellings = kept
		f.spellings[0].df = sp.ownDF(words[f.word], f)
	}
	// Context: each word's spellings scored against the others' best,
	// twice, so that two misspelt words settle each other.
	for range 2 {
		for k := range fixes {
			sp.weigh(&fixes[k], words, fixes)
		}
	}
	for k := range fixes {
		f := &fixes[k]
		b := f.spellings[f.best]
		if b.typed {
			continue
		}
		at := correctAt
		if f.typedDF > 0 {
			at = correctKnownAt
		}
		if utf8.RuneCountInString(foldedWord(words[f.word].typed)) == minCorrectLen {
			at = max(at, shortCorrectAt)
		}
		offerAt := suggestAt
		if utf8.RuneCountInString(foldedWord(words[f.word].typed)) == minCorrectLen {
			offerAt = shortSuggestAt
		}
		f.corrected = b.prob >= at
		f.suggested = f.corrected || b.prob >= offerAt
	}
	return fixes, nil
}

// ownDF is how many published stories hold the typed word other than by
// a slip of their own: a story that holds a commoner spelling of it more
// often than the word, and not the word in its headline, most likely
// misspelt that spelling.
func (sp *speller) ownDF(w queryWord, f *fix) int {
	terms := w.alts[0].terms
	if f.typedDF == 0 || len(terms) != 1 {
		return f.typedDF
	}
	typed := terms[0]
	if _, ok := sp.lists[typed]; !ok {
		return f.typedDF
	}
	shared := map[int64]bool{}
	for _, c := range f.spellings[1:] {
		if len(c.terms) != 1 || c.df <= f.typedDF {
			continue
		}
		if _, ok := sp.lists[c.terms[0]]; !ok {
			continue
		}
		sp.both(typed, c.terms[0], func(x, y hit) {
			if x.tf[fieldHead] == 0 && tfSum(y.tf) > tfSum(x.tf) {
				shared[x.doc.id] = true
			}
		})
	}
	return f.typedDF - len(shared)
}

func tfSum(tf [numFields]uint16) int {
	n := 0
	for _, c := range tf {
		n += int(c)
	}
	return n
}

// foldedWord is a typed word folded, without ZWNJ or spaces.
func foldedWord(typed string) string {
	return joinParts.Replace(persian.Fold(typed))
}

var joinParts = strings.NewReplacer("\u200c", "", " ", "")

func persianLetters(s string) bool {
	for _, r := range s {
		if r < 0x620 || r > 0x6ff || r >= 0x660 && r <= 0x669 || r >= 0x6f0 && r <= 0x6f9 {
			return false
		}
	}
	return true
}

// typedDF is how many published stories hold the word as typed: its
// first reading, the whole word, since a typo may leave a part that is a
// word (گف‌وگو) or a word that holds it.
func (sp *speller) typedDF(w queryWord) int {
	return sp.publishedDF(w.alts[0].terms)
}

// publishedDF is how many published stories hold all of terms; for a
// term whose list is too long to read, the vocabulary's count (for two,
// the count expected if they were independent).
func (sp *speller) publishedDF(terms []string) int {
	if len(terms) == 1 {
		list, ok := sp.lists[terms[0]]
		if df, isLong := sp.long[terms[0]]; isLong && !ok {
			return df
		}
		n := 0
		for _, h := range list {
			if sp.visible(h.doc) {
				n++
			}
		}
		return n
	}
	return sp.cooccur(terms[0], terms[1])
}

// cutDFs sets, for each cut among spellings, how many published
// stories write its halves one after the other: those holding both in
// the headline, or both in the lead. The index does not say where words
// stand, and two words that share a story's body are often far apart; in
// a headline or a lead they are seldom far. When one half is too common
// for its list to be read, the stories of the other that hold it in
// their headline or lead (maxCutStories of them at most, scaled up) are
// looked up in the forward index; a cut of two such halves is left out.
func (sp *speller) cutDFs(ctx context.Context, spellings []spelling) error {
	near := func(x, y [numFields]uint16) bool {
		return x[fieldHead] > 0 && y[fieldHead] > 0 || x[fieldLead] > 0 && y[fieldLead] > 0
	}
	type pending struct {
		c          *spelling
		long       string
		ids        []int64
		tf         map[int64][numFields]uint16
		candidates int
	}
	var wait []pending
	var ids []int64
	for i := range spellings {
		c := &spellings[i]
		if len(c.terms) != 2 {
			continue
		}
		a, b := c.terms[0], c.terms[1]
		_, readA := sp.lists[a]
		_, readB := sp.lists[b]
		switch {
		case readA && readB:
			c.df = 0
			sp.both(a, b, func(x, y hit) {
				if near(x.tf, y.tf) {
					c.df++
				}
			})
		case readA || readB:
			short, long := a, b
			if readB {
				short, long = b, a
			}
			p := pending{c: c, long: long, tf: map[int64][numFields]uint16{}}
			for _, h := range sp.lists[short] {
				if sp.visible(h.doc) && (h.tf[fieldHead] > 0 || h.tf[fieldLead] > 0) {
					p.candidates++
					if len(p.ids) < maxCutStories {
						p.ids = append(p.ids, h.doc.id)
						p.tf[h.doc.id] = h.tf
					}
				}
			}
			ids = append(ids, p.ids...)
			wait = append(wait, p)
		default:
			c.df = 0
		}
	}
	if len(wait) == 0 {
		return nil
	}
	fwd, err := sp.s.forwardEntries(ctx, ids)
	if err != nil {
		return err
	}
	for _, p := range wait {
		n := 0
		for _, id := range p.ids {
			if tf, ok := lookupForward(fwd[id], p.long); ok && near(p.tf[id], tf) {
				n++
			}
		}
		if len(p.ids) > 0 {
			n = n * p.candidates / len(p.ids)
		}
		p.c.df = n
	}
	return nil
}

// both calls fn for each published story holding a and b, with their
// counts; for none when a list was not read.
func (sp *speller) both(a, b string, fn func(x, y hit)) {
	x, y := sp.lists[a], sp.lists[b]
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch p, q := x[i].doc.id, y[j].doc.id; {
		case p < q:
			i++
		case p > q:
			j++
		default:
			if sp.visible(x[i].doc) {
				fn(x[i], y[j])
			}
			i++
			j++
		}
	}
}

// cooccur is how many published stories hold both a and b.
func (sp *speller) cooccur(a, b string) int {
	_, readA := sp.lists[a]
	_, readB := sp.lists[b]
	if !readA || !readB {
		// Independent, for want of a list.
		return sp.publishedDF([]string{a}) * sp.publishedDF([]string{b}) / max(sp.stats.docs, 1)
	}
	n := 0
	sp.both(a, b, func(hit, hit) { n++ })
	return n
}

// fetch reads the lists of terms, leaving out the long ones.
func (sp *speller) fetch(ctx context.Context, terms []string) error {
	var missing []string
	for _, t := range terms {
		if _, ok := sp.lists[t]; ok || slices.Contains(missing, t) {
			continue
		}
		if df := sp.vocab.df[t]; df > sp.s.longList {
			sp.long[t] = df
			continue
		}
		missing = append(missing, t)
	}
	if len(missing) == 0 {
		return nil
	}
	more, err := sp.s.postings(ctx, sp.stats, missing)
	if err != nil {
		return err
	}
	for t, l := range more {
		sp.lists[t] = l
	}
	return nil
}

// candidates returns the typed word and the spellings it may stand
// for, the best by frequency and slip first, with their costs.
func (sp *speller) candidates(w queryWord, typedDF int) []spelling {
	v := sp.vocab
	stem := w.alts[0].terms[0]
	raw := foldedWord(w.typed)
	edits := 1
	if utf8.RuneCountInString(raw) >= twoEditsLen {
		edits = 2
	}
	cost := map[string]float64{}
	consider := func(t string, c float64) {
		if t == stem || v.df[t] <= 0 || persian.IsStopWord(t) || utf8.RuneCountInString(t) < 2 {
			return
		}
		if old, ok := cost[t]; !ok || c < old {
			cost[t] = c
		}
	}
	// Slips are counted on the Persian keyboard: a word with other
	// letters or digits may only be two words run together. Terms near
	// the stem stand for themselves with the typed suffix, rarer than
	// the terms' counts say.
	inflected := 0.0
	if stem != raw {
		inflected = costInflected
	}
	for _, from := range []string{raw, stem} {
		if !persianLetters(raw) {
			break
		}
		v.near.candidates(from, edits, func(t string) {
			if t == stem || v.df[t] <= 0 {
				return // before the dearer slip cost
			}
			if c, ok := persian.TypoCost(from, t, edits); ok {
				if from != raw {
					c += inflected
				}
				consider(t, c)
			}
		})
		if raw == stem {
			break
		}
	}
	// A slip in a suffix leaves a word the stemmer does not know. The
	// word with its suffix is rarer than the stem is.
	for _, e := range tailEdits(raw) {
		if !persianLetters(raw) {
			break
		}
		if t := persian.Stem(e); t != e && v.df[t] > 0 {
			if c, ok := persian.TypoCost(raw, e, 1); ok {
				consider(t, c+costInflected)
			}
		}
	}
	var singles []spelling
	for t, c := range cost {
		singles = append(singles, spelling{terms: []string{t}, cost: c})
	}
	prior := func(c spelling) float64 {
		df := v.df[c.terms[0]]
		if len(c.terms) == 2 {
			df = min(df, v.df[c.terms[1]])
		}
		return math.Log(float64(df)) - c.cost
	}
	byPrior := func(list []spelling) {
		sort.Slice(list, func(i, j int) bool {
			if pi, pj := prior(list[i]), prior(list[j]); pi != pj {
				return pi > pj
			}
			return strings.Join(list[i].terms, " ") < strings.Join(list[j].terms, " ")
		})
	}
	byPrior(singles)
	cuts := v.cuts(raw)
	byPrior(cuts)
	out := []spelling{{terms: []string{stem}, typed: true, df: typedDF, cost: inflected}}
	out = append(out, singles[:min(len(singles), maxSingles)]...)
	return append(out, cuts[:min(len(cuts), maxCuts)]...)
}

// tailEdits returns the strings one edit from word in its last runes,
// where suffixes are: a slip there hides the stem from the stemmer.
func tailEdits(word string) []string {
	rs := []rune(word)
	const tail = 6
	if len(rs) < 4 {
		return nil
	}
	from := max(0, len(rs)-tail)
	var out []string
	buf := make([]rune, 0, len(rs)+1)
	alphabet := []rune("اتدرشمنهوی")
	for i := from; i < len(rs); i++ {
		out = append(out, string(append(append(buf[:0], rs[:i]...), rs[i+1:]...)))
		if i+1 < len(rs) {
			b := append(buf[:0], rs...)
			b[i], b[i+1] = b[i+1], b[i]
			out = append(out, string(b))
		}
		for _, a := range alphabet {
			if a != rs[i] {
				b := append(buf[:0], rs...)
				b[i] = a
				out = append(out, string(b))
			}
		}
	}
	for i := from; i <= len(rs); i++ {
		for _, a := range alphabet {
			out = append(out, string(append(append(append(buf[:0], rs[:i]...), a), rs[i:]...)))
		}
	}
	return out
}

// cuts returns the ways word (folded, not stemmed) may be two indexed
// words run together, one of them perhaps misspelt, with their costs.
func (v *vocabulary) cuts(word string) []spelling {
	var out []spelling
	rs := []rune(word)
	ok := func(t string) bool { return v.df[t] > 0 && !persian.IsStopWord(t) }
	// fix returns the likeliest indexed word one slip from half.
	fix := func(half string) (string, float64) {
		best, bestScore, bestCost := "", math.Inf(-1), 0.0
		if !persianLetters(half) {
			return best, bestCost
		}
		v.near.candidates(half, 1, func(t string) {
			if t == half || !ok(t) {
				return
			}
			if c, near := persian.TypoCost(half, t, 1); near {
				if sc := math.Log(float64(v.df[t])) - c; sc > bestScore || sc == bestScore && t < best {
					best, bestScore, bestCost = t, sc, c
				}
			}
		})
		return best, bestCost
	}
	for i := 2; i <= len(rs)-2; i++ {
		l, r := string(rs[:i]), string(rs[i:])
		sl, sr := persian.Stem(l), persian.Stem(r)
		if persian.IsStopWord(sl) || persian.IsStopWord(sr) {
			continue
		}
		switch okL, okR := ok(sl), ok(sr); {
		case okL && okR:
			if sl != sr {
				out = append(out, spelling{terms: []string{sl, sr}, cost: costSplit})
			}
		case okL && len(rs)-i >= minCorrectLen:
			if t, c := fix(r); t != "" && t != sl {
				out = append(out, spelling{terms: []string{sl, persian.Stem(t)}, cost: costSplit + c})
			}
		case okR && i >= minCorrectLen:
			if t, c := fix(l); t != "" && t != sr {
				out = append(out, spelling{terms: []string{persian.Stem(t), sr}, cost: costSplit + c})
			}
		}
	}
	return out
}

// weigh scores f's spellings with the other words of the query as
// context, and picks the best: no spelling may repeat another word.
func (sp *speller) weigh(f *fix, words []queryWord, fixes []fix) {
	n := float64(max(sp.stats.docs, 1))
	// The context is the words either side (their best spelling, or as
	// typed): the bigram a slip broke, and a bound on the work.
	var context []string
	taken := map[string]bool{}
	for j, w := range words {
		if j == f.word {
			continue
		}
		terms := w.alts[0].terms
		for _, g := range fixes {
			if g.word == j && len(g.spellings) > 0 {
				terms = g.spellings[g.best].terms
			}
		}
		for _, t := range terms {
			taken[t] = true
			if (j == f.word-1 || j == f.word+1) && sp.publishedDF([]string{t}) > 0 {
				context = append(context, t)
			}
		}
	}
	total := math.Inf(-1)
	f.best = 0
	for k := range f.spellings {
		c := &f.spellings[k]
		df := float64(c.df)
		if c.typed {
			df = knownFactor*df + unknownShare*n
		}
		c.score = math.Log(df/n) - c.cost
		p := df / n
		for _, o := range context {
			if _, isLong := sp.long[o]; isLong {
				continue
			}
			// Stories holding the spelling and o; for a cut, at most
			// those holding both halves and o.
			co := float64(c.df)
			for _, t := range c.terms {
				if c.typed && c.df == 0 {
					co = 0
				} else {
					co = min(co, float64(sp.cooccur(t, o)))
				}
			}
			if c.typed {
				co *= knownFactor
			}
			dfo := float64(sp.publishedDF([]string{o}))
			c.score += contextWeight * math.Log((co+contextMu*p)/((dfo+contextMu)*p))
		}
		repeats := false
		for _, t := range c.terms {
			repeats = repeats || taken[t] && !c.typed
		}
		if repeats {
			c.score = math.Inf(-1)
		}
		total = logAdd(total, c.score)
		if c.score > f.spellings[f.best].score {
			f.best = k
		}
	}
	for k := range f.spellings {
		c := &f.spellings[k]
		c.prob = math.Exp(c.score - total)
	}
}

func logAdd(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// applyFixes puts the corrections into the query words: a corrected word
// is searched as its correction only; a word no story holds, as its
// likelier spellings, unless asTyped. It returns the spellings to offer
// back, per word (nil where none).
func applyFixes(words []queryWord, fixes []fix, asTyped bool) (offer [][]string, corrected bool) {
	offer = make([][]string, len(words))
	for _, f := range fixes {
		corrected = corrected || f.corrected && !asTyped
	}
	for _, f := range fixes {
		if len(f.spellings) == 0 {
			continue
		}
		b := f.spellings[f.best]
		switch {
		case asTyped:
			if f.suggested {
				offer[f.word] = b.terms
			}
		case f.corrected:
			words[f.word].alts = []alt{{terms: b.terms, weight: weightExact, corrected: true}}
			offer[f.word] = b.terms
		case f.typedDF == 0:
			if f.suggested && !corrected {
				offer[f.word] = b.terms
			}
			for _, c := range f.spellings {
				if !c.typed && c.prob >= readingAt {
					w := weightTypo
					if len(c.terms) == 2 {
						w = weightSplit
					}
					words[f.word].alts = append(words[f.word].alts, alt{terms: c.terms, weight: w * math.Sqrt(c.prob/b.prob), corrected: true})
				}
			}
		case f.suggested && !corrected:
			offer[f.word] = b.terms
		}
	}
	return offer, corrected
}

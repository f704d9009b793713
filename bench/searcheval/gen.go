package main

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// query is one known-item query: text typed by a reader looking for the
// story at URI. Orig is the same words before perturbation; Ops names
// each perturbation applied, in order.
type query struct {
	ID     int      `json:"id"`
	Kind   string   `json:"kind"`
	Q      string   `json:"q"`
	Orig   string   `json:"orig"`
	Ops    []string `json:"ops,omitempty"`
	URI    string   `json:"uri"`
	Accept []string `json:"accept"` // uris counted as correct (identical headlines)
	// Want and Target belong to the spelling kinds (see gen_spell.go).
	Want   []string `json:"want,omitempty"`
	Target string   `json:"target,omitempty"`
}

var kinds = []string{"yk", "hamza", "zwnj", "suffix", "digits", "typo", "runtogether", "prefix", "phrase", "mixed"}

// wordOps are the perturbations that change one word; each returns the
// new word and a label, or ok=false when the word does not allow it.
var wordOps = map[string]func(g *gen, w string) (string, string, bool){
	"hamza":  (*gen).hamza,
	"zwnj":   (*gen).zwnj,
	"suffix": (*gen).suffix,
	"digits": (*gen).digits,
	"typo":   (*gen).typo,
	"prefix": (*gen).prefix,
}

type gen struct {
	cs  *corpusStats
	rng *rand.Rand
	// rare, when set, limits a kind's perturbations to its less common
	// variants (see rareVariant).
	rare bool
}

// rareVariant names the variants of a kind that few headlines allow. The
// generator first fills up to half of the kind's queries with them, so
// that the common variant (آ→ا for hamza, adding a suffix) does not
// crowd them out.
var rareVariant = map[string]func(label string) bool{
	"hamza":  func(l string) bool { return l != "آ→ا" && l != "ا→آ" },
	"suffix": func(l string) bool { return strings.HasPrefix(l, "-") },
}

func generate(cs *corpusStats, seed uint64, perKind int) []query {
	var out []query
	for ki, kind := range kinds {
		// One stream per kind, so changing -n or adding a kind leaves the
		// other kinds' queries as they were.
		g := &gen{cs: cs, rng: rand.New(rand.NewPCG(seed, uint64(ki)+1))}
		order := g.rng.Perm(len(cs.docs))
		used := map[int]bool{}
		n := 0
		if _, ok := rareVariant[kind]; ok {
			g.rare = true
			for _, i := range order {
				if n >= perKind/2 {
					break
				}
				d := cs.docs[i]
				if !cs.uniqueHeadline(d) {
					continue
				}
				if q, ok := g.headline(i, kind); ok {
					q.Kind, q.URI, q.Accept, q.ID = kind, d.URI, cs.accept(d), len(out)
					out = append(out, q)
					used[i] = true
					n++
				}
			}
			g.rare = false
		}
		for _, i := range order {
			if n >= perKind {
				break
			}
			d := cs.docs[i]
			if used[i] || !cs.uniqueHeadline(d) {
				continue
			}
			var q query
			var ok bool
			if kind == "phrase" {
				q, ok = g.phrase(i)
			} else {
				q, ok = g.headline(i, kind)
			}
			if !ok {
				continue
			}
			q.Kind, q.URI, q.Accept = kind, d.URI, cs.accept(d)
			q.ID = len(out)
			out = append(out, q)
			n++
		}
	}
	return out
}

type cand struct {
	w   string
	pos int
	df  int
}

// headlineWords are the written words of a headline, with a detached
// verb prefix (می / نمی followed by a space) kept with its verb.
func headlineWords(h string) []string {
	ws := words(h)
	var out []string
	for i := 0; i < len(ws); i++ {
		f := fold(ws[i])
		if (f == "می" || f == "نمی") && i+1 < len(ws) && isLetters(ws[i+1]) {
			out = append(out, ws[i]+" "+ws[i+1])
			i++
			continue
		}
		out = append(out, ws[i])
	}
	return out
}

func isLetters(w string) bool {
	for _, r := range w {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func letterCount(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) && r != '\u0640' {
			n++
		}
	}
	return n
}

func hasDigit(w string) bool { return strings.IndexFunc(w, unicode.IsDigit) >= 0 }

func (g *gen) headline(i int, kind string) (query, bool) {
	cs := g.cs
	var cands []cand
	seen := map[string]bool{}
	for pos, w := range headlineWords(cs.docs[i].Headline) {
		f := fold(strings.ReplaceAll(w, " ", ""))
		if seen[f] || stopWords[f] || (letterCount(w) < 2 && !hasDigit(w)) {
			continue
		}
		seen[f] = true
		cands = append(cands, cand{w, pos, cs.df[f]})
	}
	if len(cands) < 2 {
		return query{}, false
	}
	k := 2 + g.rng.IntN(3)
	if kind == "mixed" {
		k = 3 + g.rng.IntN(2)
	}
	k = min(k, len(cands))

	var chosen []cand
	rest := cands
	if op, ok := wordOps[kind]; ok {
		// The word the kind is about must be in the query.
		var fit []int
		for j, c := range cands {
			if _, _, ok := op(&gen{cs: cs, rng: rand.New(rand.NewPCG(0, 0)), rare: g.rare}, c.w); ok {
				fit = append(fit, j)
			}
		}
		if len(fit) == 0 {
			return query{}, false
		}
		j := fit[g.rng.IntN(len(fit))]
		chosen = append(chosen, cands[j])
		rest = append(append([]cand(nil), cands[:j]...), cands[j+1:]...)
	}
	// The rest: the rarest words of the headline.
	sort.SliceStable(rest, func(a, b int) bool { return rest[a].df < rest[b].df })
	for _, c := range rest {
		if len(chosen) >= k {
			break
		}
		chosen = append(chosen, c)
	}
	// Distinctive: some word must be rare, and no other headline may hold
	// all the words (add words, up to four, until none does).
	minDF := len(cs.docs)
	for _, c := range chosen {
		minDF = min(minDF, c.df)
	}
	if minDF > 40 {
		return query{}, false
	}
	ws := func() []string {
		sorted := append([]cand(nil), chosen...)
		sort.Slice(sorted, func(a, b int) bool { return sorted[a].pos < sorted[b].pos })
		var out []string
		for _, c := range sorted {
			out = append(out, c.w)
		}
		return out
	}
	for cs.otherHeadlineHasAll(i, ws()) {
		if len(chosen) >= 4 || len(chosen) >= len(cands) {
			return query{}, false
		}
		for _, c := range rest {
			if !containsCand(chosen, c) {
				chosen = append(chosen, c)
				break
			}
		}
	}
	orig := ws()
	q := query{Orig: strings.Join(orig, " ")}
	target := -1
	if len(chosen) > 0 {
		for j, w := range orig {
			if w == chosen[0].w {
				target = j
			}
		}
	}
	var out []string
	var ok bool
	switch kind {
	case "mixed":
		out, q.Ops, ok = g.mixed(orig)
	case "yk":
		var s, label string
		s, label, ok = ykSwap(strings.Join(orig, " "))
		out, q.Ops = []string{s}, []string{label}
	case "runtogether":
		out, q.Ops, ok = g.runTogether(orig)
	default:
		var w, label string
		w, label, ok = wordOps[kind](g, orig[target])
		out = append([]string(nil), orig...)
		out[target] = w
		q.Ops = []string{label}
	}
	if !ok {
		return query{}, false
	}
	q.Q = strings.Join(out, " ")
	if q.Q == q.Orig {
		return query{}, false
	}
	return q, true
}

func containsCand(cs []cand, c cand) bool {
	for _, x := range cs {
		if x.pos == c.pos {
			return true
		}
	}
	return false
}

// mixed applies two or three different perturbations: word-level ones
// first (each on another word when it can), then running two words
// together, then swapping ي/ك over the whole text.
func (g *gen) mixed(ws []string) ([]string, []string, bool) {
	all := []string{"yk", "hamza", "zwnj", "suffix", "digits", "typo", "runtogether", "prefix"}
	g.rng.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
	m := 2 + g.rng.IntN(2)
	out := append([]string(nil), ws...)
	touched := map[int]bool{}
	var ops []string
	var late []string
	for _, op := range all {
		if len(ops)+len(late) >= m {
			break
		}
		switch op {
		case "yk":
			if strings.ContainsAny(strings.Join(ws, " "), "یکيك") {
				late = append(late, op)
			}
		case "runtogether":
			if len(ws) >= 2 {
				late = append(late, op)
			}
		default:
			for _, j := range g.rng.Perm(len(out)) {
				if touched[j] {
					continue
				}
				if w, label, ok := wordOps[op](g, out[j]); ok {
					out[j] = w
					touched[j] = true
					ops = append(ops, op+":"+label)
					break
				}
			}
		}
	}
	sort.Strings(late) // runtogether before yk
	for _, op := range late {
		switch op {
		case "runtogether":
			var l []string
			out, l, _ = g.runTogether(out)
			ops = append(ops, l...)
		case "yk":
			s, label, ok := ykSwap(strings.Join(out, " "))
			if !ok {
				return nil, nil, false
			}
			out = []string{s}
			ops = append(ops, label)
		}
	}
	return out, ops, len(ops) >= 2
}

// ykSwap writes ي/ك the other way: Arabic forms to Persian when the text
// has any, Persian to Arabic otherwise.
func ykSwap(s string) (string, string, bool) {
	var out string
	label := "yk:fa→ar"
	if strings.ContainsAny(s, "يك") {
		out = strings.NewReplacer("ي", "ی", "ك", "ک").Replace(s)
		label = "yk:ar→fa"
	} else {
		out = strings.NewReplacer("ی", "ي", "ک", "ك").Replace(s)
	}
	return out, label, out != s
}

func (g *gen) runTogether(ws []string) ([]string, []string, bool) {
	if len(ws) < 2 {
		return nil, nil, false
	}
	j := g.rng.IntN(len(ws) - 1)
	out := append([]string(nil), ws[:j]...)
	out = append(out, ws[j]+ws[j+1])
	out = append(out, ws[j+2:]...)
	return out, []string{"runtogether"}, true
}

func (g *gen) choose(opts []string) string { return opts[g.rng.IntN(len(opts))] }

func (g *gen) known(w string) bool { return g.cs.vocab[lightFold(w)] }

// hamza changes one hamza or heh form the way Persian writers vary them.
func (g *gen) hamza(w string) (string, string, bool) {
	type v struct{ out, label string }
	var vs []v
	add := func(out, label string) {
		if out != w {
			vs = append(vs, v{out, label})
		}
	}
	one := func(old, new string) string { return strings.Replace(w, old, new, 1) }
	for _, y := range []string{"ی", "ي"} {
		if strings.Contains(w, "ئو") { // مسئول → مسوول / مسؤول
			add(one("ئو", "وو"), "ئو→وو")
			add(one("ئو", "ؤو"), "ئو→ؤو")
		} else if strings.Contains(w, "ئ"+y) { // رئیس → رییس
			add(one("ئ"+y, y+y), "ئ→ی")
		}
		if strings.Contains(w, y+y) { // رییس → رئیس, when the corpus writes it so
			if c := one(y+y, "ئ"+y); g.known(c) {
				add(c, "یی→ئی")
			}
		}
	}
	if strings.Contains(w, "ؤ") {
		add(one("ؤ", "و"), "ؤ→و")
		add(one("ؤ", "ئ"), "ؤ→ئ")
	}
	if strings.Contains(w, "وو") {
		if c := one("وو", "ئو"); g.known(c) {
			add(c, "وو→ئو")
		}
	}
	if strings.Contains(w, "ۀ") {
		add(one("ۀ", "ه"), "ۀ→ه")
		add(one("ۀ", "ه\u0654"), "ۀ→هٔ")
	}
	if strings.Contains(w, "ه\u0654") {
		add(one("ه\u0654", "ه"), "هٔ→ه")
		add(one("ه\u0654", "ۀ"), "هٔ→ۀ")
	}
	if strings.Contains(w, "آ") {
		add(one("آ", "ا"), "آ→ا")
	} else if strings.HasPrefix(w, "ا") {
		if c := "آ" + strings.TrimPrefix(w, "ا"); g.known(c) {
			add(c, "ا→آ")
		}
	}
	if strings.ContainsAny(w, "أإ") {
		add(strings.NewReplacer("أ", "ا", "إ", "ا").Replace(w), "أإ→ا")
	}
	if g.rare {
		vs = slices.DeleteFunc(vs, func(x v) bool { return !rareVariant["hamza"](x.label) })
	}
	if len(vs) == 0 {
		return "", "", false
	}
	c := vs[g.rng.IntN(len(vs))]
	return c.out, c.label, true
}

var zwSuffixes = []string{"ترین", "های", "تر", "ها"}

// zwnj removes a ZWNJ, writes it as a space, or adds one that belongs
// (before ها/های/تر/ترین, after می/نمی) where the text left it out.
func (g *gen) zwnj(w string) (string, string, bool) {
	if strings.Contains(w, sZW) {
		if g.rng.IntN(2) == 0 {
			return strings.ReplaceAll(w, sZW, ""), "zwnj→none", true
		}
		return strings.ReplaceAll(w, sZW, " "), "zwnj→space", true
	}
	if strings.Contains(w, " ") { // detached می / نمی
		if g.rng.IntN(2) == 0 {
			return strings.Replace(w, " ", sZW, 1), "space→zwnj", true
		}
		return strings.Replace(w, " ", "", 1), "space→none", true
	}
	for _, suf := range zwSuffixes {
		for _, sf := range []string{suf, strings.ReplaceAll(suf, "ی", "ي")} {
			stem, ok := strings.CutSuffix(w, sf)
			if ok && utf8.RuneCountInString(stem) >= 2 && g.known(stem+sZW+sf) {
				return stem + sZW + sf, "+zwnj " + suf, true
			}
		}
	}
	for _, pre := range []string{"نمی", "می", "نمي", "مي"} {
		rest, ok := strings.CutPrefix(w, pre)
		if ok && utf8.RuneCountInString(rest) >= 2 && g.known(pre+sZW+rest) {
			return pre + sZW + rest, "+zwnj " + pre, true
		}
	}
	return "", "", false
}

// suffix strips a plural suffix or adds one the corpus has on that word.
func (g *gen) suffix(w string) (string, string, bool) {
	if hasDigit(w) || strings.Contains(w, " ") {
		return "", "", false
	}
	cs := g.cs
	for _, suf := range []string{"های", "هاي", "ها", "ان"} {
		stem, ok := strings.CutSuffix(w, suf)
		if !ok {
			continue
		}
		stem = strings.TrimSuffix(stem, sZW)
		if utf8.RuneCountInString(stem) < 3 || cs.df[fold(stem)] < 2 {
			return "", "", false
		}
		// ان ends many singular words (ایران, پایان): strip it only
		// when the corpus also has the stem with ها, i.e. it is a noun
		// that takes a plural.
		if suf == "ان" && !g.known(stem+sZW+"ها") && !g.known(stem+sZW+"های") && !g.known(stem+"ها") && !g.known(stem+"های") {
			return "", "", false
		}
		return stem, "-" + suf, true
	}
	if g.rare {
		return "", "", false
	}
	ha, hay := "ها", "های"
	if strings.ContainsAny(w, "يك") { // keep the text's letter forms
		hay = "هاي"
	}
	var opts []string
	for _, suf := range []string{sZW + ha, sZW + hay, "ان"} {
		if cs.df[fold(w+suf)] >= 2 {
			opts = append(opts, w+suf)
		}
	}
	if len(opts) == 0 {
		return "", "", false
	}
	c := g.choose(opts)
	return c, "+" + strings.TrimPrefix(strings.TrimPrefix(c, w), sZW), true
}

var digitSets = [3][10]rune{
	{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'},
	{'۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'},
	{'٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'},
}
var digitNames = [3]string{"latin", "persian", "arabic"}

func digitOf(r rune) (set, val int) {
	for s, ds := range digitSets {
		for v, d := range ds {
			if d == r {
				return s, v
			}
		}
	}
	return -1, -1
}

// digits writes the digits of a number in another script.
func (g *gen) digits(w string) (string, string, bool) {
	from := -1
	for _, r := range w {
		if s, _ := digitOf(r); s >= 0 {
			from = s
			break
		}
	}
	if from < 0 {
		return "", "", false
	}
	// Readers type Persian or Latin digits; Arabic-Indic ones are rarer.
	var to int
	switch from {
	case 0:
		to = 1
	case 1:
		to = 0
	default:
		to = g.rng.IntN(2)
	}
	if from != 2 && g.rng.IntN(4) == 0 {
		to = 2
	}
	var b strings.Builder
	for _, r := range w {
		if _, v := digitOf(r); v >= 0 {
			b.WriteRune(digitSets[to][v])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String(), digitNames[from] + "→" + digitNames[to], true
}

// The slips a reader makes: a letter dropped, two neighbouring letters
// swapped, a letter replaced by one on a touching key, a letter doubled.
const (
	slipDrop = iota
	slipSwap
	slipKey
	slipDouble
)

// slipSites returns where in rs a slip of kind op can be made; letter
// says which runes are letters.
func slipSites(rs []rune, op int, letter func(int) bool) []int {
	var pos []int
	for i := range rs {
		switch op {
		case slipDrop, slipDouble:
			if letter(i) {
				pos = append(pos, i)
			}
		case slipSwap:
			if i+1 < len(rs) && letter(i) && letter(i+1) && rs[i] != rs[i+1] {
				pos = append(pos, i)
			}
		case slipKey:
			if letter(i) && len(keyNeighbours[rs[i]]) > 0 {
				pos = append(pos, i)
			}
		}
	}
	return pos
}

// slip makes the slip op at i of rs, and says what it did.
func (g *gen) slip(rs []rune, op, i int) ([]rune, string) {
	out := append([]rune(nil), rs...)
	switch op {
	case slipDrop:
		return append(out[:i], out[i+1:]...), "drop " + string(rs[i])
	case slipSwap:
		out[i], out[i+1] = out[i+1], out[i]
		return out, "swap " + string(rs[i]) + string(rs[i+1])
	case slipKey:
		nb := keyNeighbours[rs[i]]
		out[i] = nb[g.rng.IntN(len(nb))]
		return out, "key " + string(rs[i]) + "→" + string(out[i])
	default:
		return append(out[:i+1], append([]rune{rs[i]}, out[i+1:]...)...), "double " + string(rs[i])
	}
}

// typo makes one slip in a word of five letters or more: a letter
// dropped, two neighbouring letters swapped, or a letter replaced by one
// on a touching key.
func (g *gen) typo(w string) (string, string, bool) {
	rs := []rune(w)
	if letterCount(w) < 5 || hasDigit(w) || strings.Contains(w, " ") {
		return "", "", false
	}
	isL := func(i int) bool { return unicode.IsLetter(rs[i]) && rs[i] != '\u0640' }
	for _, op := range g.rng.Perm(3) {
		pos := slipSites(rs, op, isL)
		if len(pos) == 0 {
			continue
		}
		out, label := g.slip(rs, op, pos[g.rng.IntN(len(pos))])
		return string(out), label, true
	}
	return "", "", false
}

// prefix writes a verb prefix می / نمی (or بی) apart or joined when the
// text has it with a ZWNJ, and joins it when the text has it apart.
func (g *gen) prefix(w string) (string, string, bool) {
	if pre, rest, ok := strings.Cut(w, " "); ok {
		if f := fold(pre); f == "می" || f == "نمی" {
			return pre + rest, "apart→joined", true
		}
		return "", "", false
	}
	for _, pre := range []string{"نمی", "می", "بی", "نمي", "مي", "بي"} {
		rest, ok := strings.CutPrefix(w, pre+sZW)
		if !ok || letterCount(rest) < 2 {
			continue
		}
		if g.rng.IntN(2) == 0 {
			return pre + " " + rest, "zwnj→apart", true
		}
		return pre + rest, "zwnj→joined", true
	}
	return "", "", false
}

// phrase takes 3–5 consecutive rare words of one body paragraph that
// occur in that order in no other story.
func (g *gen) phrase(i int) (query, bool) {
	cs := g.cs
	d := cs.docs[i]
	if len(d.Paras) == 0 {
		return query{}, false
	}
	rare := max(40, len(cs.docs)/25)
	type win struct{ ws []string }
	var wins []win
	for _, p := range d.Paras {
		for _, seg := range segments(p) {
			for L := 3; L <= 5; L++ {
				for s := 0; s+L <= len(seg); s++ {
					ws := seg[s : s+L]
					ok, veryRare := true, false
					for _, w := range ws {
						f := fold(w)
						if stopWords[f] || letterCount(w) < 2 || cs.df[f] > rare {
							ok = false
							break
						}
						if cs.df[f] <= 10 {
							veryRare = true
						}
					}
					if ok && veryRare {
						wins = append(wins, win{ws})
					}
				}
			}
		}
	}
	g.rng.Shuffle(len(wins), func(a, b int) { wins[a], wins[b] = wins[b], wins[a] })
	for _, w := range wins {
		if cs.phraseElsewhere(i, w.ws) {
			continue
		}
		orig := append([]string(nil), w.ws...)
		q := query{Orig: strings.Join(orig, " "), Q: strings.Join(orig, " ")}
		switch g.rng.IntN(4) {
		case 0: // ي/ك the other way
			if s, label, ok := ykSwap(q.Q); ok {
				q.Q, q.Ops = s, []string{label}
			}
		case 1: // one ZWNJ changed
			for _, j := range g.rng.Perm(len(orig)) {
				if nw, label, ok := g.zwnj(orig[j]); ok {
					out := append([]string(nil), orig...)
					out[j] = nw
					q.Q, q.Ops = strings.Join(out, " "), []string{"zwnj:" + label}
					break
				}
			}
		}
		return q, true
	}
	return query{}, false
}

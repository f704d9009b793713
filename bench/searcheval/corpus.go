package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"sort"
	"strings"
	"unicode"
)

// doc is one corpus story as the evaluation sees it: plain text fields,
// independent of khabar's own ninjs reader so that the generator and the
// baselines do not depend on the code under test.
type doc struct {
	URI      string
	Headline string
	Lead     string
	Paras    []string // body paragraphs, tags stripped, entities decoded
}

// Body is the plain-text body, paragraphs separated by blank lines.
func (d *doc) Body() string { return strings.Join(d.Paras, "\n\n") }

type ninjsText struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

type ninjsLine struct {
	URI          string      `json:"uri"`
	Headlines    []ninjsText `json:"headlines"`
	Descriptions []ninjsText `json:"descriptions"`
	Bodies       []ninjsText `json:"bodies"`
}

func pick(ts []ninjsText, role string) string {
	for _, t := range ts {
		if t.Role == role {
			return t.Value
		}
	}
	if len(ts) > 0 {
		return ts[0].Value
	}
	return ""
}

func loadCorpus(path string) ([]*doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var docs []*doc
	seen := map[string]bool{}
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var n ninjsLine
		if err := json.Unmarshal(b, &n); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		if n.URI == "" || seen[n.URI] {
			continue
		}
		seen[n.URI] = true
		docs = append(docs, &doc{
			URI:      n.URI,
			Headline: pick(n.Headlines, "main"),
			Lead:     pick(n.Descriptions, "summary"),
			Paras:    htmlParas(pick(n.Bodies, "main")),
		})
	}
	return docs, sc.Err()
}

// htmlParas splits <p>…</p> markup into plain-text paragraphs.
func htmlParas(h string) []string {
	var out []string
	for _, p := range strings.Split(h, "</p>") {
		t := strings.TrimSpace(html.UnescapeString(stripTags(p)))
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

const (
	zwnj = '\u200c'
	sZW  = "\u200c"
)

// isWordRune: letters, digits and combining marks make words; ZWNJ joins
// the parts of one written word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == zwnj
}

// words splits text into written words, keeping ZWNJ inside a word.
func words(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, sZW)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// segments splits text at punctuation and returns the words of each
// piece, so that a "phrase" never spans a comma or a full stop.
func segments(s string) [][]string {
	var out [][]string
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool {
		return !isWordRune(r) && !unicode.IsSpace(r)
	}) {
		if w := words(seg); len(w) > 0 {
			out = append(out, w)
		}
	}
	return out
}

// fold is the simple matching fold used for document frequencies and
// duplicate detection (deliberately not khabar's analyzer): Arabic and
// Persian letter forms merged, hamza/heh forms merged, marks, tatweel and
// ZWNJ dropped, digits to ASCII, lower case.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 'ي' || r == 'ى' || r == 'ئ':
			b.WriteRune('ی')
		case r == 'ك':
			b.WriteRune('ک')
		case r == 'ة' || r == 'ۀ':
			b.WriteRune('ه')
		case r == 'ؤ':
			b.WriteRune('و')
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r == zwnj || r == '\u0640' || r == '\u200d' || unicode.Is(unicode.Mn, r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// lightFold merges only ي/ك and drops marks: it keeps ZWNJ and the hamza
// forms, so it tells whether a spelling variant occurs in the corpus.
func lightFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 'ي' || r == 'ى':
			b.WriteRune('ی')
		case r == 'ك':
			b.WriteRune('ک')
		case r == '\u0640' || (unicode.Is(unicode.Mn, r) && r != '\u0654'):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

var stopList = strings.Fields(`و در به از که این با را برای آن است تا یک بر هم خود شد شده شود
	می نمی بی ها های ای اند کرد کند کرده کنند خواهد باید بود هر یا نیز اما پس بین وی او ما
	اینکه آنها ایشان دیگر روی پیش پای سوی همه چه چند هیچ کرده‌اند شده‌است نیست هست باشد
	بوده گفت داد دارد دارند کنیم کردن شدن ولی اگر زیرا چون مورد درباره طی توسط علیه بدون`)

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range stopList {
		m[fold(w)] = true
	}
	return m
}()

// corpusStats holds what the generator needs to know about the corpus.
type corpusStats struct {
	docs     []*doc
	df       map[string]int   // folded word → number of stories
	post     map[string][]int // folded word → stories containing it
	vocab    map[string]bool  // lightFold of every written word
	hlSet    []map[string]bool
	seq      []string // per story: " w1 w2 … " folded words of all fields
	hlCount  map[string]int
	hlFold   map[string]int
	byHeadln map[string][]string // exact headline → uris
}

func analyze(docs []*doc) *corpusStats {
	cs := &corpusStats{
		docs: docs, df: map[string]int{}, post: map[string][]int{}, vocab: map[string]bool{},
		hlCount: map[string]int{}, hlFold: map[string]int{}, byHeadln: map[string][]string{},
	}
	for i, d := range docs {
		seen := map[string]bool{}
		var seq strings.Builder
		seq.WriteByte(' ')
		for _, field := range append([]string{d.Headline, d.Lead}, d.Paras...) {
			for _, seg := range segments(field) {
				for _, w := range seg {
					cs.vocab[lightFold(w)] = true
					f := fold(w)
					if f == "" {
						continue
					}
					seq.WriteString(f)
					seq.WriteByte(' ')
					if !seen[f] {
						seen[f] = true
						cs.df[f]++
						cs.post[f] = append(cs.post[f], i)
					}
				}
				seq.WriteString("| ")
			}
		}
		cs.seq = append(cs.seq, seq.String())
		hs := map[string]bool{}
		for _, w := range words(d.Headline) {
			hs[fold(w)] = true
		}
		cs.hlSet = append(cs.hlSet, hs)
		cs.hlCount[d.Headline]++
		cs.hlFold[strings.Join(strings.Fields(fold(d.Headline)), " ")]++
		cs.byHeadln[d.Headline] = append(cs.byHeadln[d.Headline], d.URI)
	}
	return cs
}

// uniqueHeadline: no other story has this headline, byte for byte or
// after folding.
func (cs *corpusStats) uniqueHeadline(d *doc) bool {
	return strings.TrimSpace(d.Headline) != "" && cs.hlCount[d.Headline] == 1 &&
		cs.hlFold[strings.Join(strings.Fields(fold(d.Headline)), " ")] == 1
}

// accept lists the uris counted as a correct answer for a query derived
// from d: d itself and every story with a byte-identical headline.
func (cs *corpusStats) accept(d *doc) []string {
	us := append([]string(nil), cs.byHeadln[d.Headline]...)
	sort.Strings(us)
	return us
}

// otherHeadlineHasAll reports whether a story other than self has every
// folded word of ws in its headline (the query would not single out self).
func (cs *corpusStats) otherHeadlineHasAll(self int, ws []string) bool {
	var fs []string
	for _, w := range ws {
		fs = append(fs, fold(strings.ReplaceAll(w, " ", "")))
	}
	sort.Slice(fs, func(i, j int) bool { return cs.df[fs[i]] < cs.df[fs[j]] })
	if len(fs) == 0 {
		return true
	}
	for _, i := range cs.post[fs[0]] {
		if i == self {
			continue
		}
		all := true
		for _, f := range fs {
			if !cs.hlSet[i][f] {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// phraseElsewhere reports whether the folded word sequence ws occurs in a
// story other than self.
func (cs *corpusStats) phraseElsewhere(self int, ws []string) bool {
	var fs []string
	for _, w := range ws {
		fs = append(fs, fold(w))
	}
	pat := " " + strings.Join(fs, " ") + " "
	rare := fs[0]
	for _, f := range fs {
		if cs.df[f] < cs.df[rare] {
			rare = f
		}
	}
	for _, i := range cs.post[rare] {
		if i != self && strings.Contains(cs.seq[i], pat) {
			return true
		}
	}
	return false
}

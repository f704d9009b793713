package web

import (
	"html/template"
	"strings"
	"unicode"

	"khabar/internal/persian"
	"khabar/internal/richtext"
)

const zwnj = '\u200c'

// matcher tells which words of a text a search matched.
type matcher struct {
	// want maps every form a matched term may take to the term's index.
	want    map[string]int
	scratch []string
}

// newMatcher returns a matcher for terms, the normalized words the
// search matched; nil when there are none.
func newMatcher(terms []string) *matcher {
	m := &matcher{want: make(map[string]int, 2*len(terms))}
	add := func(form string, i int) {
		if _, ok := m.want[form]; !ok && form != "" {
			m.want[form] = i
		}
	}
	for i, t := range terms {
		if t = strings.TrimSpace(t); t != "" {
			add(t, i)
			if f := persian.Fold(strings.ReplaceAll(t, string(zwnj), "")); f != "" {
				add(f, i)
				add(persian.Stem(f), i)
			}
		}
	}
	if len(m.want) == 0 {
		return nil
	}
	return m
}

// match returns the index of the term word matches, or -1. A word
// matches when the index would file it under a term (persian.Tokens),
// or when its folded or stemmed form is one, so «گروه‌های», «گروههای»
// and «گروه» all match the term گروه.
func (m *matcher) match(word string) int {
	if m == nil {
		return -1
	}
	m.scratch = persian.AppendTerms(m.scratch[:0], word)
	for _, t := range m.scratch {
		if i, ok := m.want[t]; ok {
			return i
		}
	}
	// Stem takes a folded word without ZWNJ: try the joined form and each
	// part of a ZWNJ word.
	f := persian.Fold(word)
	parts := append(strings.Split(f, string(zwnj)), strings.ReplaceAll(f, string(zwnj), ""))
	for _, p := range parts {
		if p == "" {
			continue
		}
		if i, ok := m.want[p]; ok {
			return i
		}
		if i, ok := m.want[persian.Stem(p)]; ok {
			return i
		}
	}
	return -1
}

// highlight returns text, HTML-escaped, with every word that matches one
// of terms wrapped in <mark>.
func highlight(text string, terms []string) template.HTML {
	text = strings.ToValidUTF8(text, "\uFFFD")
	m := newMatcher(terms)
	var b strings.Builder
	last := 0
	for _, w := range wordSpans(text) {
		b.WriteString(template.HTMLEscapeString(text[last:w.start]))
		writeWord(&b, text[w.start:w.end], m.match(text[w.start:w.end]) >= 0)
		last = w.end
	}
	b.WriteString(template.HTMLEscapeString(text[last:]))
	return template.HTML(b.String())
}

func writeWord(b *strings.Builder, word string, marked bool) {
	if marked {
		b.WriteString("<mark>")
	}
	b.WriteString(template.HTMLEscapeString(word))
	if marked {
		b.WriteString("</mark>")
	}
}

// wordSpan is where one word lies in a text, in bytes.
type wordSpan struct{ start, end int }

// wordSpans returns the words of text: runs of letters, digits, marks
// and ZWNJ.
func wordSpans(text string) []wordSpan {
	var out []wordSpan
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, wordSpan{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, wordSpan{start, len(text)})
	}
	return out
}

func isWordRune(r rune) bool {
	return r == zwnj || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// snippetWords is how many words a search result's snippet shows.
const snippetWords = 30

// snippetMaxText bounds the text a snippet is looked for in, so a very
// long story costs no more than a long one.
const snippetMaxText = 64 << 10

// snippet returns the part of a story's lead and body that best shows
// why the search found it: the window of about snippetWords words that
// holds the most distinct matched terms (then the most matched words;
// then the earliest), as HTML with the matched words in <mark> and an
// ellipsis where text was cut. body is the story's sanitized HTML.
func snippet(lead, body string, terms []string) template.HTML {
	if len(body) > 2*snippetMaxText {
		body = body[:2*snippetMaxText] // markup included; plainText mends a cut rune
	}
	text := plainText(body)
	if l := plainText(lead); !strings.HasPrefix(text, l) {
		// Some bodies open with the lead; others need it in front.
		text = strings.TrimSpace(l + " " + text)
	}
	if len(text) > snippetMaxText {
		text = strings.ToValidUTF8(text[:snippetMaxText], "")
	}
	words := wordSpans(text)
	if len(words) == 0 {
		return ""
	}
	m := newMatcher(terms)
	hit := make([]int, len(words))
	for i, w := range words {
		hit[i] = m.match(text[w.start:w.end])
	}

	// Slide a window over the words, counting the terms in it.
	n := min(snippetWords, len(words))
	count := map[int]int{}
	distinct, marked := 0, 0
	add := func(i, d int) {
		if hit[i] < 0 {
			return
		}
		marked += d
		count[hit[i]] += d
		switch {
		case d > 0 && count[hit[i]] == 1:
			distinct++
		case d < 0 && count[hit[i]] == 0:
			distinct--
		}
	}
	for i := range n {
		add(i, 1)
	}
	best, bestDistinct, bestMarked := 0, distinct, marked
	for i := n; i < len(words); i++ {
		add(i, 1)
		add(i-n, -1)
		if distinct > bestDistinct || distinct == bestDistinct && marked > bestMarked {
			best, bestDistinct, bestMarked = i-n+1, distinct, marked
		}
	}
	// The first window to reach the best count ends at its last match:
	// move it on so that the first match comes early, read in context.
	if bestDistinct > 0 {
		first, last := -1, 0
		for i := best; i < best+n; i++ {
			if hit[i] >= 0 {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		best = max(first-3, last-n+1, 0)
		best = min(best, len(words)-n)
	}

	var b strings.Builder
	if best > 0 {
		b.WriteString("… ")
	}
	last := words[best].start
	for i := best; i < best+n; i++ {
		w := words[i]
		b.WriteString(template.HTMLEscapeString(text[last:w.start]))
		writeWord(&b, text[w.start:w.end], hit[i] >= 0)
		last = w.end
	}
	if best+n < len(words) {
		b.WriteString(" …")
	} else {
		b.WriteString(template.HTMLEscapeString(text[last:]))
	}
	return template.HTML(b.String())
}

// plainText returns the text of sanitized HTML, in valid UTF-8, with
// runs of white space as one space.
func plainText(s string) string {
	return richtext.Text(strings.ToValidUTF8(s, "\uFFFD"))
}

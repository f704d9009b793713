package web

import (
	"html/template"
	"strings"
	"unicode"

	"khabar/internal/persian"
)

const zwnj = '\u200c'

// highlight returns text, HTML-escaped, with every word that matches one
// of terms wrapped in <mark>. Terms are the normalized words the search
// matched; a word matches when the index would file it under one of them
// (persian.AppendTerms), or when its folded or stemmed form is one, so
// «گروه‌های», «گروههای» and «گروه» all light up for the term گروه.
func highlight(text string, terms []string) template.HTML {
	want := make(map[string]bool, 2*len(terms))
	for _, t := range terms {
		if t = strings.TrimSpace(t); t != "" {
			want[t] = true
			if f := persian.Fold(strings.ReplaceAll(t, string(zwnj), "")); f != "" {
				want[f] = true
				want[persian.Stem(f)] = true
			}
		}
	}
	var b strings.Builder
	var scratch []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		word := text[start:end]
		start = -1
		if len(want) > 0 && wordMatches(word, want, &scratch) {
			b.WriteString("<mark>")
			b.WriteString(template.HTMLEscapeString(word))
			b.WriteString("</mark>")
			return
		}
		b.WriteString(template.HTMLEscapeString(word))
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteString(template.HTMLEscapeString(string(r)))
	}
	flush(len(text))
	return template.HTML(b.String())
}

func isWordRune(r rune) bool {
	return r == zwnj || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func wordMatches(word string, want map[string]bool, scratch *[]string) bool {
	*scratch = persian.AppendTerms((*scratch)[:0], word)
	for _, t := range *scratch {
		if want[t] {
			return true
		}
	}
	// Stem takes a folded word without ZWNJ: try the joined form and each
	// part of a ZWNJ word.
	f := persian.Fold(word)
	parts := append(strings.Split(f, string(zwnj)), strings.ReplaceAll(f, string(zwnj), ""))
	for _, p := range parts {
		if p != "" && (want[p] || want[persian.Stem(p)]) {
			return true
		}
	}
	return false
}

package richtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Text returns the plain text of a body Sanitize produced (a stored
// story's Body): block and <br> tags become spaces, inline tags vanish,
// entities are decoded and runs of white space become one space. It is
// what the search index and snippets read, so it is one pass that relies
// on the sanitized form (no comments, no raw text elements, no '>' inside
// tags) to do what HTMLToText does for any HTML; on other input it still
// returns text, only less carefully (invalid UTF-8 passes through).
func Text(sanitized string) string {
	s := sanitized
	var b strings.Builder
	b.Grow(len(s))
	space := true // at the start, and after a space: drop more
	text := func(t string) {
		if strings.IndexByte(t, '&') >= 0 {
			t = html.UnescapeString(t)
		}
		for t != "" {
			i, n := spaceAt(t)
			if i < 0 {
				b.WriteString(t)
				space = false
				return
			}
			if i > 0 {
				b.WriteString(t[:i])
				space = false
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
			t = t[i+n:]
		}
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			text(s)
			break
		}
		text(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		name := strings.TrimPrefix(s[i+1:i+j], "/")
		if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
			name = name[:k]
		}
		if !space && separates(strings.ToLower(name)) {
			b.WriteByte(' ')
			space = true
		}
		s = s[i+j+1:]
	}
	return strings.TrimRight(b.String(), " ")
}

// spaceAt returns the index and length in bytes of the first white-space
// character of t (unicode.IsSpace), or -1. Text is mostly Persian
// letters, so it decodes only what may be a space: past ASCII, every
// white-space character starts with one of four bytes.
func spaceAt(t string) (int, int) {
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c < utf8.RuneSelf:
			if c == ' ' || '\t' <= c && c <= '\r' {
				return i, 1
			}
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			r, n := utf8.DecodeRuneInString(t[i:])
			if unicode.IsSpace(r) {
				return i, n
			}
			i += n - 1
		}
	}
	return -1, 0
}

// separates reports whether the body element name stands between words:
// every allowed element but the inline ones, and a figure's caption.
func separates(name string) bool {
	r, ok := body.rules[name]
	return ok && r.kind != inline || name == "figcaption"
}

// HTMLToText returns the text of any HTML fragment: tags removed,
// entities decoded, the content of scripts, styles and the other dropped
// elements left out, runs of white space folded to one space. The body
// block elements and <br> separate words, as in Text.
func HTMLToText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // how deep inside dropped elements the tokenizer is
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // the end of s (a strings.Reader does not fail)
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch {
			case body.drop[string(name)]:
				switch {
				case tt == html.EndTagToken:
					skip = max(skip-1, 0)
				// A slash closes only foreign elements; <script/> opens
				// a script as <script> does.
				case tt == html.StartTagToken || string(name) != "svg" && string(name) != "math":
					skip++
				}
			case skip == 0 && separates(string(name)):
				b.WriteByte(' ')
			}
		}
	}
}

// FromText turns plain text into body HTML: every non-blank line becomes
// one escaped <p> paragraph. Lines end at \n, \r\n or \r.
func FromText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var b strings.Builder
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>")
			b.WriteString(html.EscapeString(line))
			b.WriteString("</p>")
		}
	}
	return b.String()
}

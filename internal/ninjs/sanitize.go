package ninjs

import (
	"html"
	"net/url"
	"strings"
	"unicode"
)

// Elements a story body may keep. Block elements may hold other blocks
// (blockquote, lists) or only inline content (p, h2, h3, li holds both).
var (
	inlineTags = map[string]bool{"b": true, "strong": true, "i": true, "em": true, "a": true}
	blockTags  = map[string]bool{"p": true, "h2": true, "h3": true, "blockquote": true, "ul": true, "ol": true, "li": true}
	// leafBlocks hold inline content only: a block opened inside one
	// closes it first, as browsers do for <p>.
	leafBlocks = map[string]bool{"p": true, "h2": true, "h3": true}
)

// SanitizeHTML returns the body fragment s reduced to the markup a story
// body may carry: <p>, <br>, <b>, <strong>, <i>, <em>, <a href> with an
// http or https address, <blockquote>, <ul>, <ol>, <li>, <h2> and <h3>, with
// no other attributes. Scripts, styles and similar elements are dropped
// with their content; any other tag is dropped and its text kept. The
// result is well nested (every element closed, no block inside a
// paragraph), text is re-escaped in one canonical way, and
// SanitizeHTML(SanitizeHTML(s)) == SanitizeHTML(s). It never fails.
func SanitizeHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var open []string // stack of open elements
	closeTop := func() {
		b.WriteString("</")
		b.WriteString(open[len(open)-1])
		b.WriteByte('>')
		open = open[:len(open)-1]
	}
	indexOf := func(name string) int {
		for i := len(open) - 1; i >= 0; i-- {
			if open[i] == name {
				return i
			}
		}
		return -1
	}
	scan(s, func(t token) {
		switch t.kind {
		case textToken:
			b.WriteString(escapeText(t.text))
		case startToken:
			name := t.name
			switch {
			case name == "br":
				b.WriteString("<br>")
				return
			case blockTags[name]:
				if name == "li" {
					list := max(indexOf("ul"), indexOf("ol"))
					if list < 0 {
						return // a list item outside a list: keep its text only
					}
					for len(open)-1 > list {
						closeTop()
					}
				} else {
					for len(open) > 0 && (inlineTags[open[len(open)-1]] || leafBlocks[open[len(open)-1]]) {
						closeTop()
					}
				}
				open = append(open, name)
				b.WriteString("<" + name + ">")
			case name == "a":
				href, ok := safeHref(t.attrs)
				if !ok {
					return
				}
				if i := indexOf("a"); i >= 0 { // links do not nest
					for len(open) > i {
						closeTop()
					}
				}
				open = append(open, name)
				b.WriteString(`<a href="` + html.EscapeString(href) + `">`)
			case inlineTags[name]:
				open = append(open, name)
				b.WriteString("<" + name + ">")
			}
		case endToken:
			if i := indexOf(t.name); i >= 0 {
				for len(open) > i {
					closeTop()
				}
			}
		}
	})
	for len(open) > 0 {
		closeTop()
	}
	return b.String()
}

// escapeText decodes the entities of raw HTML text and escapes it again,
// so every text comes out escaped the same way whatever the input used.
func escapeText(raw string) string {
	if strings.IndexByte(raw, 0) >= 0 {
		raw = strings.ReplaceAll(raw, "\x00", "")
	}
	return html.EscapeString(html.UnescapeString(raw))
}

// safeHref returns the decoded href of a link when it is an absolute
// http or https address.
func safeHref(attrs []attr) (string, bool) {
	for _, a := range attrs {
		if a.name != "href" {
			continue
		}
		v := strings.TrimSpace(html.UnescapeString(a.value))
		if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return "", false
		}
		u, err := url.Parse(v)
		if err != nil || u.Host == "" {
			return "", false
		}
		if scheme := strings.ToLower(u.Scheme); scheme != "http" && scheme != "https" {
			return "", false
		}
		return v, true
	}
	return "", false
}

// TextToHTML turns plain text into body HTML: every non-blank line becomes
// one escaped <p> paragraph.
func TextToHTML(text string) string {
	var b strings.Builder
	for _, line := range splitLines(text) {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>")
			b.WriteString(html.EscapeString(line))
			b.WriteString("</p>")
		}
	}
	return b.String()
}

// HTMLToText returns the text of an HTML fragment: tags removed, entities
// decoded, script and style content dropped, runs of white space folded
// to one space.
func HTMLToText(s string) string {
	var b strings.Builder
	scan(s, func(t token) {
		switch {
		case t.kind == textToken:
			b.WriteString(html.UnescapeString(t.text))
		case t.name == "br" || blockTags[t.name]:
			b.WriteByte(' ')
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// splitLines splits text at \n, \r\n and \r.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// BodyText returns the text of a body that SanitizeHTML produced (a
// stored story's Body): block and <br> tags become spaces, inline tags
// vanish, entities are decoded and runs of white space become one space.
// It relies on the sanitized form (no comments, no raw text elements,
// no '>' inside tags) to do in one pass what HTMLToText does for any
// HTML; on other input it still returns text, only less carefully.
func BodyText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // at the start, and after a space: drop more
	text := func(t string) {
		if strings.IndexByte(t, '&') >= 0 {
			t = html.UnescapeString(t)
		}
		for _, r := range t {
			if unicode.IsSpace(r) {
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			}
			b.WriteRune(r)
			space = false
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
		if (name == "br" || blockTags[strings.ToLower(name)]) && !space {
			b.WriteByte(' ')
			space = true
		}
		s = s[i+j+1:]
	}
	return strings.TrimRight(b.String(), " ")
}

package persian

import (
	"html"
	"strings"
)

// TidyHTML applies Tidy to the text of a story body and leaves its markup
// alone: tags and attribute values (so link addresses) are copied as they
// are. It relies on the sanitized form of bodies (p, br, b, strong, i, em,
// a href, blockquote, ul, ol, li, h2, h3; no comments, no '>' inside a
// tag): it scans for '<' and '>' and does not parse HTML.
//
// Each text node is tidied on its own, its entities decoded first and the
// text escaped again after, so an entity is never taken for digits or
// punctuation and comes back as the sanitizer writes it (&amp; &lt; &gt;
// &#39; &#34;); a node Tidy does not change is copied byte for byte. A
// pair of &#34; around Persian text in one node becomes «…», like straight
// quotes in Tidy. The white space at the edges of a node stays, since it
// may separate words across a tag. Rules do not reach across tags: in
// <b>کتاب</b> ها the ها stays apart, and quotes opened in one node and
// closed in another stay straight.
//
// TidyHTML is idempotent and never fails. Its result is valid UTF-8 when
// body is: a tag is copied as it is, invalid bytes and all.
func TidyHTML(body string) string {
	var b strings.Builder
	b.Grow(len(body) + len(body)/8)
	for body != "" {
		i := strings.IndexByte(body, '<')
		if i < 0 {
			b.WriteString(tidyTextNode(body))
			break
		}
		b.WriteString(tidyTextNode(body[:i]))
		body = body[i:]
		j := strings.IndexByte(body, '>')
		if j < 0 {
			b.WriteString(body)
			break
		}
		b.WriteString(body[:j+1])
		body = body[j+1:]
	}
	return b.String()
}

// tidyTextNode tidies raw, the escaped text between two tags.
func tidyTextNode(raw string) string {
	text := raw
	if strings.IndexByte(raw, '&') >= 0 {
		text = html.UnescapeString(raw)
	}
	core := strings.TrimLeft(text, htmlSpace)
	lead := text[:len(text)-len(core)]
	core = strings.TrimRight(core, htmlSpace)
	trail := text[len(lead)+len(core):]
	tidied := Tidy(core)
	if tidied == core {
		return raw
	}
	return html.EscapeString(lead + tidied + trail)
}

// htmlSpace is white space as HTML counts it.
const htmlSpace = " \t\n\f\r"

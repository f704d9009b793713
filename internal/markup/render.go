package markup

import (
	"strings"

	"khabar/internal/richtext"
)

// ToHTML returns the story body HTML for the editor's text, following the
// rules in Help: paragraphs, line breaks, **bold**, *italic*, [links](…),
// lists, headings, quotes and backslash escapes. The body uses only <p>,
// <br>, <b>, <i>, <a href>, <blockquote>, <ul>, <ol>, <li>, <h2> and <h3>,
// is well nested, and escapes all text, so markup or HTML typed by the
// reporter that the rules do not cover comes out as text. The same text
// always gives the same bytes; an empty or blank text gives "". ToHTML
// never fails, and takes time and memory linear in the length of text.
func ToHTML(text string) string {
	return render(normalize(parseBlocks(text)))
}

// render writes blocks as body HTML.
func render(blocks []block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl.kind {
		case paraBlock:
			renderPara(&b, bl)
		case h2Block, h3Block:
			tag := "h2"
			if bl.kind == h3Block {
				tag = "h3"
			}
			b.WriteString("<" + tag + ">")
			renderNodes(&b, bl.lines[0])
			b.WriteString("</" + tag + ">")
		case ulBlock, olBlock:
			tag := "ul"
			if bl.kind == olBlock {
				tag = "ol"
			}
			b.WriteString("<" + tag + ">")
			for _, l := range bl.lines {
				b.WriteString("<li>")
				renderNodes(&b, l)
				b.WriteString("</li>")
			}
			b.WriteString("</" + tag + ">")
		case quoteBlock:
			b.WriteString("<blockquote>")
			for _, p := range bl.quote {
				renderPara(&b, p)
			}
			b.WriteString("</blockquote>")
		case photoBlock:
			b.WriteString(richtext.Figure(bl.photo, bl.caption))
		}
	}
	return b.String()
}

// renderPara writes a paragraph, its lines joined by <br>.
func renderPara(b *strings.Builder, p block) {
	b.WriteString("<p>")
	for i, l := range p.lines {
		if i > 0 {
			b.WriteString("<br>")
		}
		renderNodes(b, l)
	}
	b.WriteString("</p>")
}

// renderNodes writes inline nodes.
func renderNodes(b *strings.Builder, nodes []inline) {
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			escapeHTML(b, n.text)
		case boldNode:
			b.WriteString("<b>")
			renderNodes(b, n.kids)
			b.WriteString("</b>")
		case italicNode:
			b.WriteString("<i>")
			renderNodes(b, n.kids)
			b.WriteString("</i>")
		case linkNode:
			b.WriteString(`<a href="`)
			escapeHTML(b, n.href)
			b.WriteString(`">`)
			renderNodes(b, n.kids)
			b.WriteString("</a>")
		}
	}
}

// escapeHTML writes s escaped as html.EscapeString does, the form stored
// bodies use.
func escapeHTML(b *strings.Builder, s string) {
	for {
		i := strings.IndexAny(s, `&'<>"`)
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		switch s[i] {
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		}
		s = s[i+1:]
	}
}

package markup

import (
	"strings"
	"unicode/utf8"

	"khabar/internal/jalali"
)

// FromHTML returns the editor's text for a story body, the inverse of
// ToHTML: for every body ToHTML can produce, ToHTML(FromHTML(body)) ==
// body. <strong> and <em> become ** and *, entities are decoded, and
// characters of the text that would read as markup are escaped with a
// backslash.
//
// Any other HTML is read the way the body sanitizer reads it, and brought
// to what the markup can say without losing any of its text, in order:
// nested lists are flattened into one list, blocks inside a list item
// or a quote become its lines or paragraphs, a <br> becomes a space in a
// heading or an item and a paragraph break when it leaves an empty line,
// empty elements and unknown tags vanish, links with no http or https
// address keep only their text, and emphasis the markup cannot nest is
// reshaped or dropped (see normal.go). FromHTML never fails.
func FromHTML(body string) string {
	return emit(normalize(lowerBlocks(readHTML(body).kids)))
}

// emit writes blocks in the normal form as the editor's text; inline.go
// and block.go read it back to the same blocks.
func emit(blocks []block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		switch bl.kind {
		case paraBlock:
			emitPara(&b, bl, "")
		case h2Block:
			b.WriteString("## " + lineText(bl.lines[0]))
		case h3Block:
			b.WriteString("### " + lineText(bl.lines[0]))
		case ulBlock, olBlock:
			for j, l := range bl.lines {
				if j > 0 {
					b.WriteByte('\n')
				}
				if bl.kind == ulBlock {
					b.WriteString("- ")
				} else {
					b.WriteString(jalali.PersianNumber(j+1) + ". ")
				}
				b.WriteString(lineText(l))
			}
		case quoteBlock:
			for j, p := range bl.quote {
				if j > 0 {
					b.WriteString("\n>\n")
				}
				emitPara(&b, p, "> ")
			}
		case photoBlock:
			b.WriteString(PhotoLine(bl.photo, bl.caption))
		}
	}
	return b.String()
}

// emitPara writes the lines of a paragraph, each after prefix. Outside a
// quote a line that would start a block has its marker escaped.
func emitPara(b *strings.Builder, p block, prefix string) {
	for i, l := range p.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		s := lineText(l)
		if prefix == "" {
			if m, esc, _ := lineMarker(s); m != noMarker {
				s = s[:esc] + `\` + s[esc:]
			}
		}
		b.WriteString(prefix + s)
	}
}

// lineText returns the markup of one line's inline nodes.
func lineText(l line) string {
	var b strings.Builder
	writeNodes(&b, l)
	return b.String()
}

func writeNodes(b *strings.Builder, nodes []inline) {
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			writeText(b, n.text)
		case boldNode:
			b.WriteString("**")
			writeNodes(b, n.kids)
			b.WriteString("**")
		case italicNode:
			b.WriteString("*")
			writeNodes(b, n.kids)
			b.WriteString("*")
		case linkNode:
			b.WriteString("[")
			writeNodes(b, n.kids)
			b.WriteString("](" + n.href + ")")
		}
	}
}

// writeText writes text with the characters that could read as inline
// markup escaped. A backslash is doubled only where it could escape what
// follows it.
func writeText(b *strings.Builder, s string) {
	for i, r := range s {
		switch r {
		case '*', '[', ']':
			b.WriteByte('\\')
		case '\\':
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if i+1 == len(s) || escapable(next) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
}

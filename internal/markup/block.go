package markup

import (
	"strings"
	"unicode/utf8"
)

// marker is the block marker a line starts with.
type marker uint8

const (
	noMarker    marker = iota
	quoteMarker        // "> " or a lone ">"
	h2Marker           // "# " or "## "
	h3Marker           // "### "
	ulMarker           // "- " or "• "
	olMarker           // "1. ", "۱. ", "1) " …
)

// lineMarker returns the block marker a trimmed line starts with, the
// byte offset of the marker character a backslash would disarm, and the
// trimmed content after the marker.
func lineMarker(s string) (m marker, esc int, content string) {
	if s == "" {
		return noMarker, 0, ""
	}
	spaceAfter := func(i int) bool { return i < len(s) && spaceAt(s, i) }
	switch s[0] {
	case '>':
		if len(s) == 1 || spaceAfter(1) {
			return quoteMarker, 0, trimSpace(s[1:])
		}
	case '#':
		k := 1
		for k < len(s) && s[k] == '#' {
			k++
		}
		if k <= 3 && spaceAfter(k) {
			if k == 3 {
				return h3Marker, 0, trimSpace(s[k:])
			}
			return h2Marker, 0, trimSpace(s[k:])
		}
	case '-':
		if spaceAfter(1) {
			return ulMarker, 0, trimSpace(s[1:])
		}
	default:
		if strings.HasPrefix(s, "•") && spaceAfter(len("•")) {
			return ulMarker, 0, trimSpace(s[len("•"):])
		}
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if digitValue(r) < 0 {
				break
			}
			i += n
		}
		if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && spaceAfter(i+1) {
			return olMarker, i, trimSpace(s[i+1:])
		}
	}
	return noMarker, 0, s
}

// blockParser reads the editor's text into blocks, one line at a time.
type blockParser struct {
	blocks []block
	cur    block // the paragraph, list or quote being read
	open   bool  // whether cur is
	para   []line
}

// parseBlocks returns the blocks of the editor's text.
func parseBlocks(text string) []block {
	text = cleanSource(text)
	var p blockParser
	for text != "" {
		raw := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		p.line(trimSpace(raw))
	}
	p.end()
	return p.blocks
}

// line reads one trimmed line.
func (p *blockParser) line(s string) {
	if s == "" {
		p.end()
		return
	}
	if id, caption, ok := photoLine(s); ok {
		p.end()
		p.blocks = append(p.blocks, block{kind: photoBlock, photo: id, caption: caption})
		return
	}
	m, _, content := lineMarker(s)
	switch m {
	case quoteMarker:
		p.begin(quoteBlock)
		if content == "" {
			p.endQuotePara()
		} else {
			p.para = append(p.para, parseInline(content))
		}
	case h2Marker, h3Marker:
		p.end()
		kind := h2Block
		if m == h3Marker {
			kind = h3Block
		}
		p.blocks = append(p.blocks, block{kind: kind, lines: []line{parseInline(content)}})
	case ulMarker, olMarker:
		kind := ulBlock
		if m == olMarker {
			kind = olBlock
		}
		p.begin(kind)
		p.cur.lines = append(p.cur.lines, parseInline(content))
	default:
		p.begin(paraBlock)
		p.cur.lines = append(p.cur.lines, parseInline(s))
	}
}

// begin makes sure a block of kind is open, ending any other.
func (p *blockParser) begin(kind blockKind) {
	if p.open && p.cur.kind == kind {
		return
	}
	p.end()
	p.cur, p.open = block{kind: kind}, true
}

// endQuotePara ends the paragraph being read inside a quote.
func (p *blockParser) endQuotePara() {
	if len(p.para) > 0 {
		p.cur.quote = append(p.cur.quote, block{kind: paraBlock, lines: p.para})
		p.para = nil
	}
}

// end ends the open block.
func (p *blockParser) end() {
	if !p.open {
		return
	}
	if p.cur.kind == quoteBlock {
		p.endQuotePara()
	}
	p.blocks = append(p.blocks, p.cur)
	p.cur, p.open = block{}, false
}

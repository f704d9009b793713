package markup

import (
	"math"
	"strings"
	"unicode/utf8"
)

// The inline rules, applied to one line at a time:
//
//   - A backslash before one of the escapable characters stands for that
//     character.
//   - A run of asterisks preceded by a non-space may close emphasis: it
//     closes the innermost open <i> (one asterisk) or <b> (two), again and
//     again while asterisks remain and the innermost open element fits.
//     What is left, when followed by a non-space, opens: one asterisk
//     <i>, two <b>, three <b><i>; more are literal first. An element
//     already open is not opened again inside itself. Two asterisks
//     meeting the <b><i> of a "***" close the <b> (which becomes the
//     inner one).
//   - "[" opens a link text. "](address)" closes the innermost open link
//     text when the address is http or https and the text not empty;
//     links do not nest, so it also retires every "[" before it. A "]"
//     that closes no link retires the innermost "[", so brackets inside
//     a link text pair up. Emphasis does not close across an open "[".
//   - Whatever opens and never closes is literal text, and so is an
//     element left open inside a link text when the link closes.
//
// Each rule looks only at the innermost open element, so a line is read
// in time and memory linear in its length.

// pieceKind is a piece of a line as the inline parser sees it.
type pieceKind uint8

const (
	litPiece pieceKind = iota
	boldOpen
	italicOpen
	linkOpen
	boldClose
	italicClose
	linkClose
)

// piece is literal text or a delimiter. An opener is literal until
// something closes it. Pieces hold no pointers, so that the collector
// need not scan them.
type piece struct {
	kind       pieceKind
	matched    bool
	start, end int32 // literal text in the parser's buf; a link's address in the line
}

// opener is an open delimiter on the parser's stack.
type opener struct {
	piece int32     // its piece
	pos   int32     // byte offset just past a "["
	below int32     // stack index of the next live "[" below, or -1
	kind  pieceKind // boldOpen, italicOpen or linkOpen
	dead  bool      // a "[" that can open no link any more
}

// inlineParser reads one line.
type inlineParser struct {
	pieces  []piece
	stack   []opener
	link    int32  // stack index of the innermost live "[", or -1
	bold    int    // open <b> on the stack
	italic  int    // open <i> on the stack
	buf     []byte // literal text
	pending int32  // where the literal text not yet in a piece starts
}

// parseInline returns the inline content of one trimmed line. A line
// too long for the parser's 32-bit offsets, over 2 GiB, is all text, as
// is, more to the point, a line with no markup character.
func parseInline(s string) line {
	if len(s) > math.MaxInt32 || !strings.ContainsAny(s, `\*[]`) {
		return line{{kind: textNode, text: s}}
	}
	p := inlineParser{link: -1, buf: make([]byte, 0, len(s))}
	if n := strings.Count(s, "*") + strings.Count(s, "["); n > 0 {
		p.pieces = make([]piece, 0, 2*n+1)
		p.stack = make([]opener, 0, n)
	}
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '\\':
			r, n := utf8.DecodeRuneInString(s[i+1:])
			if i+1 < len(s) && escapable(r) {
				p.buf = append(p.buf, s[i+1:i+1+n]...)
				i += 1 + n
				continue
			}
			p.buf = append(p.buf, '\\')
			i++
		case '*':
			j := i
			for j < len(s) && s[j] == '*' {
				j++
			}
			p.run(j-i, j < len(s) && !spaceAt(s, j), i > 0 && !spaceBefore(s, i))
			i = j
		case '[':
			p.push(linkOpen, i+1)
			i++
		case ']':
			if end, ok := p.address(s, i); ok {
				p.closeLink(i+2, end)
				i = end + 1
				continue
			}
			p.retireLink()
			p.buf = append(p.buf, ']')
			i++
		default:
			n := strings.IndexAny(s[i:], `\*[]`)
			if n < 0 {
				n = len(s) - i
			}
			p.buf = append(p.buf, s[i:i+n]...)
			i += n
		}
	}
	p.flush()
	return p.tree(s)
}

// address returns the end of "](address)" at s[i:] (the index of its
// ")") when it can close the innermost open link text.
func (p *inlineParser) address(s string, i int) (int, bool) {
	if p.link < 0 || i+1 >= len(s) || s[i+1] != '(' || int(p.stack[p.link].pos) == i {
		return 0, false
	}
	end := i + 2
	for end < len(s) {
		r, n := utf8.DecodeRuneInString(s[end:])
		if !isURLRune(r) {
			break
		}
		end += n
	}
	if end == len(s) || s[end] != ')' || !validURL(s[i+2:end]) {
		return 0, false
	}
	return end, true
}

// run handles a run of n asterisks.
func (p *inlineParser) run(n int, canOpen, canClose bool) {
	r := n
	p.flush()
	for canClose && r > 0 && len(p.stack) > 0 {
		top := p.stack[len(p.stack)-1]
		switch {
		case top.dead:
			p.stack = p.stack[:len(p.stack)-1]
			continue
		case top.kind == boldOpen && r >= 2:
			p.closeTop(boldClose)
			r -= 2
			continue
		case top.kind == italicOpen && r == 2 && p.swapBoldItalic():
			p.closeTop(boldClose)
			r -= 2
			continue
		case top.kind == italicOpen:
			p.closeTop(italicClose)
			r--
			continue
		}
		break
	}
	if !canOpen || r == 0 {
		p.literal(r)
		return
	}
	opens := min(r, 3)
	lit := r - opens
	openBold := opens >= 2 && p.bold == 0
	openItalic := opens != 2 && p.italic == 0
	if !openBold && opens >= 2 {
		lit += 2
	}
	if !openItalic && opens != 2 {
		lit++
	}
	p.literal(lit)
	if openBold {
		p.push(boldOpen, 0)
	}
	if openItalic {
		p.push(italicOpen, 0)
	}
}

// swapBoldItalic turns the <b><i> that one "***" opened into <i><b>, so
// that "**" can close the <b>: "***a** b*" reads as <i><b>a</b> b</i>. It
// reports false, changing nothing, when the top two openers are not
// such a pair.
func (p *inlineParser) swapBoldItalic() bool {
	n := len(p.stack)
	if n < 2 {
		return false
	}
	b, i := &p.stack[n-2], &p.stack[n-1]
	if b.kind != boldOpen || i.kind != italicOpen || b.piece != i.piece-1 {
		return false
	}
	b.kind, i.kind = italicOpen, boldOpen
	p.pieces[b.piece].kind, p.pieces[i.piece].kind = italicOpen, boldOpen
	return true
}

// literal adds n literal asterisks.
func (p *inlineParser) literal(n int) {
	for range n {
		p.buf = append(p.buf, '*')
	}
}

// push opens a delimiter.
func (p *inlineParser) push(kind pieceKind, pos int) {
	p.flush()
	o := opener{piece: int32(len(p.pieces)), kind: kind, pos: int32(pos), below: -1}
	switch kind {
	case boldOpen:
		p.bold++
	case italicOpen:
		p.italic++
	case linkOpen:
		o.below = p.link
		p.link = int32(len(p.stack))
	}
	p.pieces = append(p.pieces, piece{kind: kind})
	p.stack = append(p.stack, o)
}

// pop drops the top of the stack; an emphasis opener dropped unclosed
// stays literal.
func (p *inlineParser) pop() {
	top := p.stack[len(p.stack)-1]
	switch {
	case top.kind == boldOpen:
		p.bold--
	case top.kind == italicOpen:
		p.italic--
	case !top.dead:
		p.link = top.below
	}
	p.stack = p.stack[:len(p.stack)-1]
}

// closeTop closes the element on top of the stack.
func (p *inlineParser) closeTop(kind pieceKind) {
	p.pieces[p.stack[len(p.stack)-1].piece].matched = true
	p.pop()
	p.pieces = append(p.pieces, piece{kind: kind, matched: true})
}

// closeLink makes the innermost live "[" a link to the address at
// line[start:end]; what is open inside it stays literal and every "["
// before it is retired.
func (p *inlineParser) closeLink(start, end int) {
	p.flush()
	for int32(len(p.stack)-1) > p.link {
		p.pop()
	}
	top := p.stack[p.link]
	for i := top.below; i >= 0; i = p.stack[i].below {
		p.stack[i].dead = true
	}
	p.pieces[top.piece].matched = true
	p.pieces[top.piece].start, p.pieces[top.piece].end = int32(start), int32(end)
	p.link = -1
	p.stack = p.stack[:len(p.stack)-1]
	p.pieces = append(p.pieces, piece{kind: linkClose, matched: true})
}

// retireLink makes the innermost live "[" literal for good.
func (p *inlineParser) retireLink() {
	if p.link < 0 {
		return
	}
	p.stack[p.link].dead = true
	p.link = p.stack[p.link].below
}

// flush turns pending text into a piece.
func (p *inlineParser) flush() {
	if end := int32(len(p.buf)); end > p.pending {
		p.pieces = append(p.pieces, piece{kind: litPiece, start: p.pending, end: end})
		p.pending = end
	}
}

// literalOf is the text of a piece that stayed literal.
var literalOf = [...]string{boldOpen: "**", italicOpen: "*", linkOpen: "["}

// tree builds the inline nodes of the line src from its pieces.
func (p *inlineParser) tree(src string) line {
	open := []inline{{}} // the line, then each open element
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			top := &open[len(open)-1]
			top.kids = append(top.kids, inline{kind: textNode, text: text.String()})
			text.Reset()
		}
	}
	for _, pc := range p.pieces {
		switch {
		case pc.kind == litPiece:
			text.Write(p.buf[pc.start:pc.end])
		case !pc.matched:
			text.WriteString(literalOf[pc.kind])
		case pc.kind == boldOpen:
			flush()
			open = append(open, inline{kind: boldNode})
		case pc.kind == italicOpen:
			flush()
			open = append(open, inline{kind: italicNode})
		case pc.kind == linkOpen:
			flush()
			open = append(open, inline{kind: linkNode, href: src[pc.start:pc.end]})
		default: // a closer
			flush()
			n := open[len(open)-1]
			open = open[:len(open)-1]
			open[len(open)-1].kids = append(open[len(open)-1].kids, n)
		}
	}
	flush()
	return open[0].kids
}

package markup

import (
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
// something closes it.
type piece struct {
	kind    pieceKind
	matched bool
	text    string // the literal text, or a matched link's address
}

// opener is an open delimiter on the parser's stack.
type opener struct {
	piece int       // its piece
	kind  pieceKind // boldOpen, italicOpen or linkOpen
	pos   int       // byte offset just past a "["
	dead  bool      // a "[" that can open no link any more
	below int       // stack index of the next live "[" below, or -1
}

// inlineParser reads one line.
type inlineParser struct {
	pieces  []piece
	stack   []opener
	link    int // stack index of the innermost live "[", or -1
	bold    int // open <b> on the stack
	italic  int // open <i> on the stack
	pending strings.Builder
}

// parseInline returns the inline content of one trimmed line.
func parseInline(s string) line {
	p := inlineParser{link: -1}
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '\\':
			r, n := utf8.DecodeRuneInString(s[i+1:])
			if i+1 < len(s) && escapable(r) {
				p.pending.WriteString(s[i+1 : i+1+n])
				i += 1 + n
				continue
			}
			p.pending.WriteByte('\\')
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
				p.closeLink(s[i+2 : end])
				i = end + 1
				continue
			}
			p.retireLink()
			p.pending.WriteByte(']')
			i++
		default:
			n := strings.IndexAny(s[i:], `\*[]`)
			if n < 0 {
				n = len(s) - i
			}
			p.pending.WriteString(s[i : i+n])
			i += n
		}
	}
	p.flush()
	return p.tree()
}

// address returns the end of "](address)" at s[i:] (the index of its
// ")") when it can close the innermost open link text.
func (p *inlineParser) address(s string, i int) (int, bool) {
	if p.link < 0 || i+1 >= len(s) || s[i+1] != '(' || p.stack[p.link].pos == i {
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
		p.pending.WriteByte('*')
	}
}

// push opens a delimiter.
func (p *inlineParser) push(kind pieceKind, pos int) {
	p.flush()
	o := opener{piece: len(p.pieces), kind: kind, pos: pos, below: -1}
	switch kind {
	case boldOpen:
		p.bold++
	case italicOpen:
		p.italic++
	case linkOpen:
		o.below = p.link
		p.link = len(p.stack)
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

// closeLink makes the innermost live "[" a link to href; what is open
// inside it stays literal and every "[" before it is retired.
func (p *inlineParser) closeLink(href string) {
	p.flush()
	for len(p.stack)-1 > p.link {
		p.pop()
	}
	top := p.stack[p.link]
	for i := top.below; i >= 0; i = p.stack[i].below {
		p.stack[i].dead = true
	}
	p.pieces[top.piece].matched = true
	p.pieces[top.piece].text = href
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
	if p.pending.Len() > 0 {
		p.pieces = append(p.pieces, piece{kind: litPiece, text: p.pending.String()})
		p.pending.Reset()
	}
}

// literalOf is the text of a piece that stayed literal.
var literalOf = [...]string{boldOpen: "**", italicOpen: "*", linkOpen: "["}

// tree builds the line's inline nodes from its pieces.
func (p *inlineParser) tree() line {
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
			text.WriteString(pc.text)
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
			open = append(open, inline{kind: linkNode, href: pc.text})
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

package richtext

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Sanitize returns the body fragment s reduced to the markup a story body
// may carry: <p>, <br>, <b>, <strong>, <i>, <em>, <a href> with an
// absolute http or https address, <blockquote>, <ul>, <ol>, <li>, <h2>
// and <h3>, with no other attributes. Scripts, styles and similar
// elements are dropped with their content; any other tag is dropped and
// its text kept.
//
// s is parsed as a browser parses the inside of a <div>, so what is kept
// is what a reader's browser would have built, not what the markup seems
// to say. The result is well nested (every element closed, no block
// inside a paragraph or a link, list items only in lists, at most 64
// elements deep), its text is escaped one canonical way, it is
// valid UTF-8, and Sanitize(Sanitize(s)) == Sanitize(s).
//
// It never fails, and hostile markup stays cheap: a fragment that would
// make the parser build far more elements than it has tags loses its
// formatting tags (<b>, <i>, …) before it is parsed, and one nested
// deeper than the parser goes (512 elements) is kept as one paragraph of
// its text.
func Sanitize(s string) string { return body.sanitize(s) }

func (p *policy) sanitize(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if s == "" {
		return ""
	}
	if heavy(s) {
		s = withoutFormatting(s)
	}
	context := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), context)
	if err != nil { // nested deeper than the parser goes (512 elements)
		return p.final(FromText(HTMLToText(s)))
	}
	w := rebuilder{p: p, b: make([]byte, 0, len(s)+len(s)/8)}
	for _, n := range nodes {
		w.walk(n)
	}
	w.closeTo(0)
	return p.final(string(w.b))
}

// final passes a rebuilt body through bluemonday, which has the last
// word on what it may carry.
func (p *policy) final(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	if err := p.bm.SanitizeReaderToWriter(strings.NewReader(s), &b); err != nil {
		return "" // a strings.Reader and a strings.Builder do not fail
	}
	return b.String()
}

// rebuilder writes the allowed part of a parsed tree as HTML, keeping it
// well nested and leaving out elements that end up empty.
type rebuilder struct {
	p     *policy
	b     []byte
	open  []openElement
	attrs []string // scratch: the cleaned attribute values of one element
}

// openElement is an element written and not yet closed.
type openElement struct {
	name string
	kind kind
	node *html.Node // the parsed element it came from
	// start and end are where its start tag begins and ends in the
	// output: an element closed right at end is empty and taken back.
	start, end int
}

// walk writes the subtree under root, without recursion: parsed trees
// can be as deep as the input is long.
func (w *rebuilder) walk(root *html.Node) {
	n := root
	for {
		if w.enter(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for {
			w.leave(n)
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
		}
	}
}

// enter writes what n itself contributes and reports whether its
// children are to be walked.
func (w *rebuilder) enter(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		w.b = append(w.b, html.EscapeString(n.Data)...)
		return false
	case html.ElementNode:
		// Foreign (SVG, MathML) elements only occur inside svg and math,
		// which are dropped; the check keeps it so whatever the parser does.
		if n.Namespace != "" || w.p.drop[n.Data] {
			return false
		}
		if r, ok := w.p.rules[n.Data]; ok {
			if r.kind == figure {
				return w.figure(n)
			}
			w.start(n, r)
		}
		return true
	}
	return false // comments, doctypes
}

// start opens the allowed element n, closing what it may not stand in.
// An element that cannot be placed (a list item outside a list, a link
// without an address, a <b> inside a <b>, anything past maxDepth) is
// left out, its content kept.
func (w *rebuilder) start(n *html.Node, r rule) {
	if !w.cleanAttrs(n, r) {
		return
	}
	switch r.kind {
	case listItem:
		i := w.lastList()
		if i < 0 {
			return
		}
		w.closeTo(i + 1)
	case leafBlock, block, list:
		for len(w.open) > 0 {
			if k := w.open[len(w.open)-1].kind; k != inline && k != leafBlock {
				break
			}
			w.closeTo(len(w.open) - 1)
		}
	}
	if r.kind == inline {
		switch i := w.index(n.Data); {
		case i < 0:
		case r.noNesting:
			w.closeTo(i)
		default:
			// A <b> inside a <b> adds nothing; leaving it out also keeps
			// the body clear of what heavy counts.
			return
		}
	}
	if r.kind != void && len(w.open) >= maxDepth {
		return
	}
	start := len(w.b)
	w.b = append(w.b, '<')
	w.b = append(w.b, n.Data...)
	for i, a := range r.attrs {
		if w.attrs[i] == "" {
			continue
		}
		w.b = append(w.b, ' ')
		w.b = append(w.b, a.name...)
		w.b = append(w.b, `="`...)
		w.b = append(w.b, html.EscapeString(w.attrs[i])...)
		w.b = append(w.b, '"')
	}
	w.b = append(w.b, '>')
	if r.kind != void {
		w.open = append(w.open, openElement{name: n.Data, kind: r.kind, node: n, start: start, end: len(w.b)})
	}
}

// cleanAttrs fills w.attrs with the cleaned values of the attributes r
// allows ("" for one absent or refused) and reports false when a
// required one is missing.
func (w *rebuilder) cleanAttrs(n *html.Node, r rule) bool {
	w.attrs = w.attrs[:0]
	for _, a := range r.attrs {
		v := ""
		for _, at := range n.Attr {
			if at.Namespace == "" && at.Key == a.name { // the first one counts, as in browsers
				if c, ok := a.clean(at.Val); ok {
					v = c
				}
				break
			}
		}
		if v == "" && a.required {
			return false
		}
		w.attrs = append(w.attrs, v)
	}
	return true
}

// leave closes the element n opened, with whatever is still open inside
// it, unless something closed it already.
func (w *rebuilder) leave(n *html.Node) {
	if n.Type != html.ElementNode {
		return
	}
	for i := len(w.open) - 1; i >= 0; i-- {
		if w.open[i].node == n {
			w.closeTo(i)
			return
		}
	}
}

// closeTo closes open elements until only depth are left. An element
// with nothing inside is taken back instead: an empty paragraph or link
// shows nothing and only gets in the way of the text.
func (w *rebuilder) closeTo(depth int) {
	for len(w.open) > depth {
		top := w.open[len(w.open)-1]
		w.open = w.open[:len(w.open)-1]
		if len(w.b) == top.end {
			w.b = w.b[:top.start]
			continue
		}
		w.b = append(w.b, "</"...)
		w.b = append(w.b, top.name...)
		w.b = append(w.b, '>')
	}
}

// lastList returns the index of the innermost open list, or -1.
func (w *rebuilder) lastList() int {
	for i := len(w.open) - 1; i >= 0; i-- {
		if w.open[i].kind == list {
			return i
		}
	}
	return -1
}

// index returns the index of the innermost open element named name, or -1.
func (w *rebuilder) index(name string) int {
	for i := len(w.open) - 1; i >= 0; i-- {
		if w.open[i].name == name {
			return i
		}
	}
	return -1
}

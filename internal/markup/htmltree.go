package markup

import (
	"strings"
	"unicode/utf8"

	"khabar/internal/richtext"
)

// htag is an element FromHTML understands; every other tag is dropped
// and its text kept.
type htag uint8

const (
	hText htag = iota
	hRoot
	hP
	hH2
	hH3
	hQuote
	hUL
	hOL
	hLI
	hB
	hI
	hA
	hBR
	hFigure
	hFigcaption
	hImg
	numTags
)

// htags maps tag names to elements: strong and em are b and i.
var htags = map[string]htag{
	"p": hP, "h2": hH2, "h3": hH3, "blockquote": hQuote, "ul": hUL, "ol": hOL,
	"li": hLI, "b": hB, "strong": hB, "i": hI, "em": hI, "a": hA, "br": hBR,
	"figure": hFigure, "figcaption": hFigcaption, "img": hImg,
}

// hnode is a node of a body as read from HTML.
type hnode struct {
	tag  htag
	text string // hText: the text; hImg: the alt
	href string // hA: a usable address or ""; hImg: the photo's id
	kids []*hnode
}

// treeBuilder builds the tree of a body the way the body sanitizer
// nests it: a block closes the inline elements and the paragraph or
// heading it starts in, a list item closes up to its list, a link ends
// an open link, and an end tag closes what was opened inside its
// element. Each tag costs time in proportion to the elements it closes,
// so a body is read in linear time.
type treeBuilder struct {
	stack []*hnode
	open  [numTags]int // how many of each element the stack holds
}

// readHTML returns the tree of an HTML body. Like a browser it decodes
// the body's UTF-8 before it looks for tags, so a byte sequence a tag
// cuts is two bad characters, not one good one.
func readHTML(body string) *hnode {
	root := &hnode{tag: hRoot}
	t := treeBuilder{stack: []*hnode{root}}
	scanHTML(validUTF8(body), t.token)
	return root
}

// token adds one token to the tree.
func (t *treeBuilder) token(kind tokKind, name, text string, a tagAttrs) {
	if kind == textTok {
		if text = cleanHTMLText(text); text != "" {
			t.add(&hnode{tag: hText, text: text})
		}
		return
	}
	tag, ok := htags[name]
	if !ok {
		return
	}
	if kind == endTok {
		switch {
		case tag == hBR: // </br> is a <br> to browsers
			t.add(&hnode{tag: hBR})
		case t.open[tag] > 0:
			for t.pop() != tag {
			}
		case tag == hImg:
		case tag != hB && tag != hI && tag != hA:
			// A stray end tag of a block still ends a stretch of text.
			t.add(&hnode{tag: hBR})
		}
		return
	}
	switch tag {
	case hBR:
		t.add(&hnode{tag: hBR})
	case hB, hI:
		t.push(&hnode{tag: tag})
	case hA:
		if t.open[hA] > 0 { // links do not nest: a new one ends the old
			for t.pop() != hA {
			}
		}
		t.push(&hnode{tag: hA, href: linkAddress(a.href)})
	case hImg:
		// Only one of our photos in a figure counts (see richtext).
		if id := richtext.PhotoID(a.src); id != "" && t.open[hFigure] > 0 {
			t.add(&hnode{tag: hImg, href: id, text: cleanHTMLText(a.alt)})
		}
	case hFigcaption:
		t.closeInline()
		if t.open[hFigure] == 0 {
			t.push(&hnode{tag: hP}) // a caption outside a figure: a paragraph
			return
		}
		t.push(&hnode{tag: hFigcaption})
	case hLI:
		if t.open[hUL]+t.open[hOL] == 0 {
			t.closeInline()
			t.push(&hnode{tag: hP}) // an item outside a list: a paragraph
			return
		}
		for top := t.top(); top != hUL && top != hOL; top = t.top() {
			t.pop()
		}
		t.push(&hnode{tag: hLI})
	default: // p, h2, h3, blockquote, ul, ol
		t.closeInline()
		t.push(&hnode{tag: tag})
	}
}

// closeInline closes the inline elements and the paragraph or heading
// on top of the stack, before a block starts.
func (t *treeBuilder) closeInline() {
	for {
		switch t.top() {
		case hB, hI, hA, hP, hH2, hH3:
			t.pop()
		default:
			return
		}
	}
}

func (t *treeBuilder) top() htag { return t.stack[len(t.stack)-1].tag }

func (t *treeBuilder) add(n *hnode) {
	top := t.stack[len(t.stack)-1]
	top.kids = append(top.kids, n)
}

func (t *treeBuilder) push(n *hnode) {
	t.add(n)
	t.stack = append(t.stack, n)
	t.open[n.tag]++
}

// pop closes the top element and returns its tag.
func (t *treeBuilder) pop() htag {
	n := t.stack[len(t.stack)-1]
	t.stack = t.stack[:len(t.stack)-1]
	t.open[n.tag]--
	return n.tag
}

// linkAddress returns the address a link's href stands for in the
// markup: trimmed, with the characters the markup cannot hold in an
// address percent-encoded, or "" when it is no http or https address.
func linkAddress(href string) string {
	href = strings.TrimSpace(href)
	if strings.ContainsFunc(href, isControl) {
		return ""
	}
	if strings.ContainsFunc(href, func(r rune) bool { return !isURLRune(r) }) {
		var b strings.Builder
		for i := 0; i < len(href); {
			r, n := utf8.DecodeRuneInString(href[i:])
			if isURLRune(r) {
				b.WriteString(href[i : i+n])
			} else {
				for _, c := range []byte(href[i : i+n]) {
					b.WriteByte('%')
					b.WriteByte("0123456789ABCDEF"[c>>4])
					b.WriteByte("0123456789ABCDEF"[c&15])
				}
			}
			i += n
		}
		href = b.String()
	}
	if !validURL(href) {
		return ""
	}
	return href
}

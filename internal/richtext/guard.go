package richtext

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The HTML5 tree builder re-creates every formatting element (<b>, <i>,
// <font>, …) that is still active but no longer open inside each new
// element and text it inserts. A fragment that leaves hundreds of them
// active and then opens thousands of paragraphs makes it build millions
// of nodes from a few kilobytes. heavy spots such fragments before they
// are parsed, and Sanitize parses them without their formatting tags
// (links included): their text and blocks stay, their bold goes.
const (
	// fewTags is the number of '<' below which no fragment is heavy:
	// even a worst case builds only some ten thousand nodes.
	fewTags = 256
	// clonesPerToken is the number of re-created elements per token a
	// fragment may cost on average, past freeClones, before it is heavy.
	clonesPerToken = 2
	freeClones     = 1 << 16
	// maxActive is the most active formatting elements heavy follows;
	// more, and the fragment is heavy (the builder gives up at 512
	// open elements anyway).
	maxActive = 128
)

// heavy reports whether parsing s may make the tree builder re-create
// far more formatting elements than s has tokens. It follows the
// builder's list of active formatting elements, marking an element that
// a tag may have closed as stale, and charges every token for every
// stale element: more than the builder does, never less.
//
// A body Sanitize wrote is never heavy: its formatting elements are
// closed before any other tag, in order, and never nest in one of their
// own name, so none goes stale. Sanitizing it again takes the same path.
func heavy(s string) bool {
	if strings.Count(s, "<") <= fewTags {
		return false
	}
	var active activeList
	tokens, clones := 0, 0
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return false
		}
		tokens++
		clones += active.stale
		if clones > clonesPerToken*tokens+freeClones || len(active.entries) > maxActive {
			return true
		}
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		f := formatting(a)
		switch {
		case a == atom.Br: // closes nothing
		case f < 0 || a == atom.Nobr:
			// Any other tag may close formatting elements (a </p>, a
			// <div> inside a <p>, …): count them all as stale.
			active.markStale(0)
			if f >= 0 && tt != html.EndTagToken {
				active.start(f, "")
			}
		case tt == html.EndTagToken:
			active.end(f)
		case hasAttr:
			var key strings.Builder
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				key.Write(k)
				key.WriteByte('=')
				key.Write(v)
				key.WriteByte(0)
			}
			active.start(f, key.String())
		default:
			active.start(f, "")
		}
	}
}

// withoutFormatting returns s with every formatting tag, links
// included, put out of the way, so that parsing it re-creates nothing.
// Each tag becomes an empty comment rather than nothing, which would
// let the text on either side join into a new tag.
func withoutFormatting(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw()) // before TagName, which lower-cases in place
			name, _ := z.TagName()
			if formatting(atom.Lookup(name)) >= 0 {
				b.WriteString("<!---->")
				continue
			}
			b.WriteString(raw)
		default:
			b.Write(z.Raw())
		}
	}
}

// activeList follows the builder's list of active formatting elements,
// erring on the side of more stale ones: it knows no scope markers
// (table cells, captions, …) and takes attributes in the order written.
type activeList struct {
	entries []activeEntry // oldest first
	stale   int           // entries that may no longer be open
}

type activeEntry struct {
	f     int
	attrs string
	stale bool
}

// start adds a formatting element that was opened.
func (l *activeList) start(f int, attrs string) {
	if f == formattingA { // a new link first closes the active one
		if i := l.last(f); i >= 0 {
			l.markStale(i + 1)
			l.remove(i)
		}
	}
	same, first := 0, -1
	for i, e := range l.entries {
		if e.f == f && e.attrs == attrs {
			if same++; first < 0 {
				first = i
			}
		}
	}
	if same >= 3 { // three alike at most: the oldest one goes
		l.remove(first)
	}
	l.entries = append(l.entries, activeEntry{f: f, attrs: attrs})
}

// end closes the last formatting element f, and with it the ones opened
// after it; without one, it may close anything.
func (l *activeList) end(f int) {
	i := l.last(f)
	if i < 0 {
		l.markStale(0)
		return
	}
	l.markStale(i + 1)
	l.remove(i)
}

func (l *activeList) last(f int) int {
	for i := len(l.entries) - 1; i >= 0; i-- {
		if l.entries[i].f == f {
			return i
		}
	}
	return -1
}

func (l *activeList) markStale(from int) {
	for i := from; i < len(l.entries); i++ {
		if !l.entries[i].stale {
			l.entries[i].stale = true
			l.stale++
		}
	}
}

func (l *activeList) remove(i int) {
	if l.entries[i].stale {
		l.stale--
	}
	l.entries = slices.Delete(l.entries, i, i+1)
}

const (
	numFormatting = 14
	formattingA   = 0 // formatting(atom.A)
)

// formatting returns the index of a formatting element of the HTML
// parsing algorithm, or -1 for any other.
func formatting(a atom.Atom) int {
	switch a {
	case atom.A:
		return 0
	case atom.B:
		return 1
	case atom.Big:
		return 2
	case atom.Code:
		return 3
	case atom.Em:
		return 4
	case atom.Font:
		return 5
	case atom.I:
		return 6
	case atom.Nobr:
		return 7
	case atom.S:
		return 8
	case atom.Small:
		return 9
	case atom.Strike:
		return 10
	case atom.Strong:
		return 11
	case atom.Tt:
		return 12
	case atom.U:
		return 13
	}
	return -1
}

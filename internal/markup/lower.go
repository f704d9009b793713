package markup

import (
	"strings"

	"khabar/internal/richtext"
)

// Lowering turns the tree read from HTML into the model's blocks, giving
// up what the markup cannot hold but never the text:
//
//   - text outside any block becomes paragraphs of its own;
//   - a <br> in a heading or list item becomes a space;
//   - a nested list is flattened: its items follow the item they were in
//     as items of the outer list, and the rest of that item after it
//     becomes one more item;
//   - blocks inside a list item join its line, spaced;
//   - inside a quote, headings become paragraphs, a list becomes one
//     paragraph with a line per item, and a nested quote's paragraphs
//     become the outer quote's.

// lowerBlocks returns the blocks of the children of the root or of a
// quote.
func lowerBlocks(kids []*hnode) []block { return lowerIn(kids, true) }

// lowerIn returns the blocks of kids; top says they are the root's,
// where alone a figure places a photo (elsewhere its text stays).
func lowerIn(kids []*hnode, top bool) []block {
	var out []block
	var loose []*hnode
	flush := func() {
		if len(loose) > 0 {
			out = append(out, block{kind: paraBlock, lines: splitLines(loose)})
			loose = nil
		}
	}
	for _, k := range kids {
		switch k.tag {
		case hText, hB, hI, hA, hBR:
			loose = append(loose, k)
			continue
		case hImg: // no text, and no break between words
			continue
		}
		flush()
		switch k.tag {
		case hP:
			out = append(out, block{kind: paraBlock, lines: splitLines(k.kids)})
		case hH2:
			out = append(out, block{kind: h2Block, lines: []line{joinLine(k.kids)}})
		case hH3:
			out = append(out, block{kind: h3Block, lines: []line{joinLine(k.kids)}})
		case hUL:
			out = append(out, block{kind: ulBlock, lines: listItems(k)})
		case hOL:
			out = append(out, block{kind: olBlock, lines: listItems(k)})
		case hQuote:
			out = append(out, block{kind: quoteBlock, quote: asParagraphs(lowerIn(k.kids, false))})
		case hFigure:
			if id, alt := figurePhoto(k); top && id != "" {
				caption := richtext.CleanCaption(nodeText(k))
				if caption == "" {
					caption = richtext.CleanCaption(alt)
				}
				out = append(out, block{kind: photoBlock, photo: id, caption: caption})
			} else {
				out = append(out, lowerIn(k.kids, false)...)
			}
		case hFigcaption:
			out = append(out, lowerIn(k.kids, false)...)
		}
	}
	flush()
	return out
}

// figurePhoto returns the photo of a figure, its first image's, and its
// alt; "" when it has none.
func figurePhoto(n *hnode) (id, alt string) {
	for _, k := range n.kids {
		if k.tag == hImg {
			return k.href, k.text
		}
		if id, alt := figurePhoto(k); id != "" {
			return id, alt
		}
	}
	return "", ""
}

// nodeText returns all the text under n, elements spaced apart as the
// sanitizer spaces a figure's caption.
func nodeText(n *hnode) string {
	var b strings.Builder
	var walk func(n *hnode)
	walk = func(n *hnode) {
		for _, k := range n.kids {
			switch k.tag {
			case hText:
				b.WriteString(k.text)
			case hB, hI, hA:
				walk(k)
			case hImg:
			default:
				b.WriteByte(' ')
				walk(k)
				b.WriteByte(' ')
			}
		}
	}
	walk(n)
	return b.String()
}

// asParagraphs returns blocks as the paragraphs a quote can hold.
func asParagraphs(blocks []block) []block {
	var out []block
	for _, b := range blocks {
		if b.kind == quoteBlock {
			out = append(out, b.quote...)
		} else {
			out = append(out, block{kind: paraBlock, lines: b.lines})
		}
	}
	return out
}

// listItems returns the items of a list, nested lists flattened.
func listItems(list *hnode) []line {
	var items []line
	var cur []*hnode
	end := func() {
		if len(cur) > 0 {
			items = append(items, joinLine(cur))
			cur = nil
		}
	}
	space := &hnode{tag: hText, text: " "}
	addSpace := func() {
		if len(cur) > 0 && cur[len(cur)-1] != space {
			cur = append(cur, space)
		}
	}
	var walk func(kids []*hnode)
	walk = func(kids []*hnode) {
		for _, k := range kids {
			switch k.tag {
			case hText, hB, hI, hA:
				cur = append(cur, k)
			case hBR:
				addSpace()
			case hImg:
			case hLI, hUL, hOL:
				end()
				walk(k.kids)
				end()
			default: // a block inside an item
				addSpace()
				walk(k.kids)
				addSpace()
			}
		}
	}
	walk(list.kids)
	end()
	return items
}

// joinLine returns inline nodes as one line, a <br> as a space.
func joinLine(nodes []*hnode) line {
	var out line
	for _, n := range nodes {
		switch n.tag {
		case hText:
			out = append(out, inline{kind: textNode, text: n.text})
		case hBR:
			out = append(out, inline{kind: textNode, text: " "})
		case hB, hI, hA:
			out = append(out, inline{kind: inlineKinds[n.tag], href: n.href, kids: joinLine(n.kids)})
		}
	}
	return out
}

// splitLines returns inline nodes as lines, split at each <br>; an
// element a <br> falls in is split in two.
func splitLines(nodes []*hnode) []line {
	lines := []line{nil}
	for _, n := range nodes {
		last := len(lines) - 1
		switch n.tag {
		case hText:
			lines[last] = append(lines[last], inline{kind: textNode, text: n.text})
		case hBR:
			lines = append(lines, nil)
		case hB, hI, hA:
			for i, sub := range splitLines(n.kids) {
				if i > 0 {
					lines = append(lines, nil)
				}
				last = len(lines) - 1
				lines[last] = append(lines[last], inline{kind: inlineKinds[n.tag], href: n.href, kids: sub})
			}
		}
	}
	return lines
}

// inlineKinds maps the inline elements of the tree to the model's.
var inlineKinds = [numTags]inlineKind{hB: boldNode, hI: italicNode, hA: linkNode}

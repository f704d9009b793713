package markup

import (
	"strings"
	"unicode/utf8"

	"khabar/internal/richtext"
)

// The normal form, which ToHTML writes and FromHTML reads back to:
//
//   - no empty block, line, list item or element; lines trimmed, and a
//     paragraph has no empty line (one splits it in two);
//   - no element inside another of its kind or right after another of
//     its kind (they are joined), no link without a usable address;
//   - <b> and <i> neither start nor end with white space (it moves out);
//   - an <i> never has a <b> as its first child, nor a <b> right after
//     anything but text ending in white space: "*a**b**c*" reads as
//     <i>a</i><i>b</i>c…, so such an <i> is cut around the <b>, which
//     becomes <b><i>…</i></b>; the page looks the same.
//
// The rules of inline.go can spell every line in this form and read it
// back unchanged (see emit.go).

// Flags for what encloses the nodes being normalized.
const (
	inBold = 1 << iota
	inItalic
	inLink
)

// normalize returns blocks in the normal form.
func normalize(blocks []block) []block {
	var out []block
	for _, b := range blocks {
		switch b.kind {
		case paraBlock:
			out = appendParas(out, b.lines)
		case h2Block, h3Block:
			if len(b.lines) > 0 {
				if l := normalLine(b.lines[0]); len(l) > 0 {
					out = append(out, block{kind: b.kind, lines: []line{l}})
				}
			}
		case ulBlock, olBlock:
			var items []line
			for _, l := range b.lines {
				if l = normalLine(l); len(l) > 0 {
					items = append(items, l)
				}
			}
			if len(items) > 0 {
				out = append(out, block{kind: b.kind, lines: items})
			}
		case quoteBlock:
			var paras []block
			for _, p := range b.quote {
				paras = appendParas(paras, p.lines)
			}
			if len(paras) > 0 {
				out = append(out, block{kind: quoteBlock, quote: paras})
			}
		case photoBlock:
			out = append(out, block{kind: photoBlock, photo: b.photo, caption: richtext.CleanCaption(b.caption)})
		}
	}
	return out
}

// appendParas adds the paragraphs that lines make: empty lines split them.
func appendParas(out []block, lines []line) []block {
	var cur []line
	for _, l := range lines {
		if l = normalLine(l); len(l) > 0 {
			cur = append(cur, l)
			continue
		}
		if cur != nil {
			out = append(out, block{kind: paraBlock, lines: cur})
			cur = nil
		}
	}
	if cur != nil {
		out = append(out, block{kind: paraBlock, lines: cur})
	}
	return out
}

// normalLine returns l in the normal form, trimmed.
func normalLine(l line) line {
	nodes := normalNodes(l, 0)
	if len(nodes) > 0 && nodes[0].kind == textNode {
		if nodes[0].text = strings.TrimLeftFunc(nodes[0].text, isSpace); nodes[0].text == "" {
			nodes = nodes[1:]
		}
	}
	if n := len(nodes); n > 0 && nodes[n-1].kind == textNode {
		if nodes[n-1].text = strings.TrimRightFunc(nodes[n-1].text, isSpace); nodes[n-1].text == "" {
			nodes = nodes[:n-1]
		}
	}
	return nodes
}

// normalNodes returns nodes in the normal form; ctx says what encloses
// them.
func normalNodes(nodes []inline, ctx int) []inline {
	out := make([]inline, 0, len(nodes))
	for _, n := range nodes {
		switch n.kind {
		case textNode:
			if n.text != "" {
				out = append(out, n)
			}
		case linkNode:
			// The address in the one form a stored body holds it, so a
			// saved body reads back unchanged; one the markup cannot spell
			// in that form is no link.
			href, ok := richtext.WebURL(n.href)
			if ctx&inLink != 0 || !ok || !validURL(href) {
				out = append(out, normalNodes(n.kids, ctx)...)
			} else if kids := normalNodes(n.kids, ctx|inLink); len(kids) > 0 {
				out = append(out, inline{kind: linkNode, href: href, kids: kids})
			}
		case boldNode:
			if ctx&inBold != 0 {
				out = append(out, normalNodes(n.kids, ctx)...)
			} else {
				out = wrap(out, boldNode, normalNodes(n.kids, ctx|inBold))
			}
		case italicNode:
			if ctx&inItalic != 0 {
				out = append(out, normalNodes(n.kids, ctx)...)
			} else {
				out = wrapItalic(out, normalNodes(n.kids, ctx|inItalic))
			}
		}
	}
	return mergeSiblings(mergeText(out), ctx)
}

// mergeSiblings joins neighbouring elements of one kind, <b>a</b><b>b</b>
// into <b>ab</b>, which looks the same and which the markup can spell.
func mergeSiblings(nodes []inline, ctx int) []inline {
	joinable := func(i int) bool {
		k := nodes[i].kind
		return (k == boldNode || k == italicNode) && nodes[i-1].kind == k
	}
	i := 1
	for i < len(nodes) && !joinable(i) {
		i++
	}
	if i >= len(nodes) {
		return nodes
	}
	out := append([]inline(nil), nodes[:i-1]...)
	for i--; i < len(nodes); {
		j := i + 1
		for j < len(nodes) && joinable(j) {
			j++
		}
		if j == i+1 {
			out = append(out, nodes[i])
			i++
			continue
		}
		size := 0
		for _, n := range nodes[i:j] {
			size += len(n.kids)
		}
		kids := make([]inline, 0, size)
		for _, n := range nodes[i:j] {
			kids = append(kids, n.kids...)
		}
		// The kids are normal and so is their join, but where two meet:
		// text to text, <i> to <i> inside joined <b>s.
		flag := inBold
		if nodes[i].kind == italicNode {
			flag = inItalic
		}
		out = append(out, inline{kind: nodes[i].kind, kids: mergeSiblings(mergeText(kids), ctx|flag)})
		i = j
	}
	return mergeText(out)
}

// wrap adds an element of kind around kids to out, with the white space
// at the edges of kids moved out of it.
func wrap(out []inline, kind inlineKind, kids []inline) []inline {
	var lead, trail string
	if len(kids) > 0 && kids[0].kind == textNode {
		t := kids[0].text
		kids[0].text = strings.TrimLeftFunc(t, isSpace)
		lead = t[:len(t)-len(kids[0].text)]
		if kids[0].text == "" {
			kids = kids[1:]
		}
	}
	if n := len(kids); n > 0 && kids[n-1].kind == textNode {
		t := kids[n-1].text
		kids[n-1].text = strings.TrimRightFunc(t, isSpace)
		trail = t[len(kids[n-1].text):]
		if kids[n-1].text == "" {
			kids = kids[:n-1]
		}
	}
	out = appendText(out, lead)
	if len(kids) > 0 {
		out = append(out, inline{kind: kind, kids: kids})
	}
	return appendText(out, trail)
}

// wrapItalic adds an <i> around kids to out, cut around each <b> that
// the markup could not spell inside it.
func wrapItalic(out []inline, kids []inline) []inline {
	var seg []inline
	for _, k := range kids {
		if len(seg) == 0 && k.kind == textNode {
			t := strings.TrimLeftFunc(k.text, isSpace)
			out = appendText(out, k.text[:len(k.text)-len(t)])
			if t == "" {
				continue
			}
			k.text = t
		}
		if k.kind == boldNode && (len(seg) == 0 || !endsInSpace(seg[len(seg)-1])) {
			out = wrap(out, italicNode, seg)
			out = append(out, inline{kind: boldNode, kids: []inline{{kind: italicNode, kids: k.kids}}})
			seg = nil
			continue
		}
		seg = append(seg, k)
	}
	return wrap(out, italicNode, seg)
}

// endsInSpace reports a text node ending in white space.
func endsInSpace(n inline) bool {
	if n.kind != textNode {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(n.text)
	return isSpace(r)
}

// mergeText joins neighbouring text nodes and drops empty ones.
func mergeText(nodes []inline) []inline {
	out := nodes[:0]
	for i := 0; i < len(nodes); {
		if nodes[i].kind != textNode {
			out = append(out, nodes[i])
			i++
			continue
		}
		j, size := i, 0
		for ; j < len(nodes) && nodes[j].kind == textNode; j++ {
			size += len(nodes[j].text)
		}
		if size > 0 {
			n := nodes[i]
			if j > i+1 {
				var b strings.Builder
				b.Grow(size)
				for _, m := range nodes[i:j] {
					b.WriteString(m.text)
				}
				n.text = b.String()
			}
			out = append(out, n)
		}
		i = j
	}
	return out
}

// appendText adds a text node unless text is empty; mergeText joins it
// to its neighbours later.
func appendText(nodes []inline, text string) []inline {
	if text == "" {
		return nodes
	}
	return append(nodes, inline{kind: textNode, text: text})
}

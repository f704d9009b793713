package richtext

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// A body places a stored photo as one canonical figure:
//
//	<figure><img src="/media/{id}.jpg" alt="caption"><figcaption>caption</figcaption></figure>
//
// at the top level only, the caption plain text (no figcaption when
// there is none, and then alt=""). The address names the photo by its
// content hash; whether such a photo is stored is the store's to check,
// and the public pages turn each figure into the photo's <picture>.
// Any figure read is brought to that form: its photo is the first <img>
// in it with the address of one of our photos (a rendition's address,
// /media/{id}/{width}.jpg or .webp, names the photo too), its caption all
// of its text (the alt when it has none). A figure without such an
// image is no figure (its text stays), and neither is one inside a list
// or a quote (only its text stays); an <img> outside a figure is
// dropped.

// photoSrc matches the addresses of our photos; the first group is the
// photo's id.
var photoSrc = regexp.MustCompile(`^/media/([0-9a-f]{64})(?:\.jpg|/[1-9][0-9]{0,4}\.(?:jpg|webp))$`)

// photoRefPattern is the one address a stored body gives a photo.
var photoRefPattern = regexp.MustCompile(`^/media/[0-9a-f]{64}\.jpg$`)

// maxCaption is the longest caption kept, in runes.
const maxCaption = 1000

// PhotoID returns the id of the photo an image address names, or "".
func PhotoID(src string) string {
	if m := photoSrc.FindStringSubmatch(strings.TrimSpace(src)); m != nil {
		return m[1]
	}
	return ""
}

// Figure returns the stored form of a photo placed in a body with a
// caption: what Sanitize writes, and what the editor's markup stands for.
func Figure(id, caption string) string {
	caption = cleanCaption(caption)
	c := html.EscapeString(caption)
	out := `<figure><img src="/media/` + id + `.jpg" alt="` + c + `">`
	if caption != "" {
		out += "<figcaption>" + c + "</figcaption>"
	}
	return out + "</figure>"
}

// CleanCaption returns a caption as a body keeps it: one line, runs of
// white space one space, at most 1000 runes.
func CleanCaption(s string) string { return cleanCaption(s) }

func cleanCaption(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxCaption {
		s = strings.TrimSpace(string([]rune(s)[:maxCaption]))
	}
	return s
}

// figure writes the figure n as a body keeps it, if it places one of our
// photos, and reports whether its children are still to be walked (when
// it does not).
func (w *rebuilder) figure(n *xhtml.Node) bool {
	id, alt := "", ""
	var text strings.Builder
	for c := range n.Descendants() {
		switch {
		case c.Type == xhtml.TextNode && !w.skipped(c, n):
			text.WriteString(c.Data)
		case c.Type != xhtml.ElementNode || c.Namespace != "":
		case c.Data == "img" && id == "":
			for _, a := range c.Attr {
				if a.Namespace == "" && a.Key == "src" {
					id = PhotoID(a.Val)
					break
				}
			}
			if id != "" {
				for _, a := range c.Attr {
					if a.Namespace == "" && a.Key == "alt" {
						alt = a.Val
						break
					}
				}
			}
		case separates(c.Data):
			text.WriteByte(' ')
		}
	}
	if id == "" {
		return true
	}
	caption := cleanCaption(strings.ToValidUTF8(text.String(), "\uFFFD"))
	for len(w.open) > 0 {
		if k := w.open[len(w.open)-1].kind; k != inline && k != leafBlock {
			break
		}
		w.closeTo(len(w.open) - 1)
	}
	if len(w.open) > 0 { // in a list or a quote: its text only
		w.b = append(w.b, html.EscapeString(caption)...)
		return false
	}
	if caption == "" {
		caption = cleanCaption(strings.ToValidUTF8(alt, "\uFFFD"))
	}
	w.b = append(w.b, Figure(id, caption)...)
	return false
}

// skipped reports whether the text node c, inside root, is inside an
// element whose content is never text (a script, a style, …).
func (w *rebuilder) skipped(c, root *xhtml.Node) bool {
	for p := c.Parent; p != nil && p != root; p = p.Parent {
		if p.Type == xhtml.ElementNode && (p.Namespace != "" || w.p.drop[p.Data]) {
			return true
		}
	}
	return false
}

package web

import (
	"html/template"
	"strconv"
	"strings"

	"khabar/internal/news"
)

// storyPart returns the named part of an article page that shows the
// story alone — its head (metadata, structured data) and its text —
// rendered once for what it shows and kept after, as the header and
// footer are: on a page rendered for a reader, most of the template
// work. Previews are rendered every time.
func (s *server) storyPart(name string, d articleData) (template.HTML, error) {
	render := func() (template.HTML, error) {
		if !d.Preview && d.JSONLD == nil {
			d.JSONLD = s.structuredData(d.Story, d.Canonical, d.Crumbs)
			d.OGImage = s.ogImageOf(d.Story)
		}
		return s.pages.Part("article", name, d)
	}
	if d.Preview || d.Story == nil || d.Story.ID == 0 {
		return render()
	}
	return s.storyParts.keyed(storyPartKey(name, d), render)
}

// storyPartKey is everything the story's parts show: the story's
// version (every write to it makes a new revision and moves Changed),
// where it is filed, its lead photo as the library holds it (edited
// there without a write to the story), and its body when photos in it
// are drawn from the library too.
func storyPartKey(name string, d articleData) string {
	st := d.Story
	var b strings.Builder
	b.Grow(256)
	b.WriteString(name)
	for _, n := range []int64{st.ID, st.Revision, st.Changed.UnixNano(), st.Code, st.Published.UnixNano(), st.Updated.UnixNano()} {
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(n, 10))
	}
	for _, v := range []string{string(st.Status), d.Canonical, d.ShortURL, d.Site, d.EndMarker} {
		b.WriteByte(0)
		b.WriteString(v)
	}
	for _, sec := range append(d.Crumbs, st.Section) {
		writeSectionKey(&b, sec)
	}
	if p := st.Photo; p != nil {
		b.WriteString("\x00photo\x00")
		b.WriteString(p.ID)
		for _, n := range append([]int{p.Width, p.Height}, p.Widths...) {
			b.WriteByte(1)
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteString(strconv.FormatBool(p.WebP))
		b.WriteByte(1)
		b.WriteString(p.Credit)
	}
	if strings.Contains(st.Body, "<figure>") {
		b.WriteString("\x00body\x00")
		b.WriteString(string(d.Body))
	}
	return b.String()
}

// writeSectionKey writes what a part shows of a section into a key.
func writeSectionKey(b *strings.Builder, sec news.Section) {
	b.WriteByte(0)
	b.WriteString(strconv.FormatInt(sec.ID, 10))
	b.WriteByte(1)
	b.WriteString(sec.Slug)
	b.WriteByte(1)
	b.WriteString(sec.Name)
}

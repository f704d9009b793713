package web

import (
	"context"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"khabar/internal/news"
)

// Photos are shown as <picture>: WebP for the browsers that take it,
// JPEG for the rest, each as a srcset of every rendition so the browser
// fetches the smallest that fills the space sizes says the photo takes.
// Every address carries the photo's content hash and never changes.

// Sizes of the places photos are shown in, for the browser's choice of
// rendition: the article column is at most 720px with 1rem of padding
// each side (less on phones); thumbnails are fixed.
const (
	articleSizes = "(max-width: 720px) 100vw, 688px"
	thumbSizes   = "(max-width: 600px) 96px, 160px"
	// thumbMax is the widest rendition a thumbnail's srcset offers.
	thumbMax = 640
)

// picture is what the "picture" template needs of one photo.
type picture struct {
	Src, Srcset, WebP, Sizes string
	Width, Height            int // of Src, for the space the photo takes before it loads
	Alt                      string
	// Lead marks the photo the page is about: fetched first, never lazily.
	Lead bool
}

// pictureOf returns a photo as shown where sizes says, offering
// renditions up to max pixels wide (0: all), its fallback src the
// rendition of srcWidth or the widest below.
func pictureOf(p *news.Photo, sizes string, max, srcWidth int, alt string, lead bool) picture {
	var jpg, webp []string
	for _, w := range p.Widths {
		if max > 0 && w > max && len(jpg) > 0 {
			break
		}
		jpg = append(jpg, news.PhotoPath(p.ID, news.Rendition{Width: w, Format: "jpeg"})+" "+strconv.Itoa(w)+"w")
		webp = append(webp, news.PhotoPath(p.ID, news.Rendition{Width: w, Format: "webp"})+" "+strconv.Itoa(w)+"w")
	}
	src := p.Largest("jpeg", srcWidth)
	pic := picture{Src: news.PhotoPath(p.ID, src), Srcset: strings.Join(jpg, ", "), Sizes: sizes,
		Width: src.Width, Height: src.Height, Alt: alt, Lead: lead}
	if p.WebP {
		pic.WebP = strings.Join(webp, ", ")
	}
	return pic
}

// leadPicture is a story's lead photo above its text.
func leadPicture(st *news.Story) picture {
	return pictureOf(st.Photo, articleSizes, 0, 640, st.PhotoCaption, true)
}

// thumbPicture is a story's lead photo as a listing's thumbnail.
func thumbPicture(st *news.Story) picture {
	return pictureOf(st.Photo, thumbSizes, thumbMax, 320, "", false)
}

// ogImage is the photo social networks show with a link to the story.
type ogImage struct {
	URL           string
	Width, Height int
	Alt           string
}

// ogImageOf returns the largest JPEG rendition of the story's photo as
// an absolute address, or nil for a story without one.
func (s *server) ogImageOf(st *news.Story) *ogImage {
	if st.Photo == nil || len(st.Photo.Widths) == 0 {
		return nil
	}
	r := st.Photo.Largest("jpeg", 0)
	return &ogImage{URL: s.absolute(news.PhotoPath(st.Photo.ID, r)), Width: r.Width, Height: r.Height, Alt: st.PhotoCaption}
}

// photoLD is the lead photo as the NewsArticle's image, an
// ImageObject; nil for a story without one.
func (s *server) photoLD(st *news.Story) map[string]any {
	img := s.ogImageOf(st)
	if img == nil {
		return nil
	}
	return map[string]any{"@type": "ImageObject", "url": img.URL, "width": img.Width, "height": img.Height,
		"caption": st.PhotoCaption, "creditText": st.Photo.Credit}
}

// bodyFigure finds the figures a stored body places photos with (see
// richtext): group 1 is the photo's id, 2 its caption, escaped.
var bodyFigure = regexp.MustCompile(`<figure><img src="/media/([0-9a-f]{64})\.jpg" alt="([^"]*)">(?:<figcaption>[^<]*</figcaption>)?</figure>`)

// body returns a story's body as the page shows it: each photo's figure
// a <picture> of its renditions, lazily loaded, with its caption and
// credit; a photo that is no longer stored keeps only its caption.
func (s *server) body(ctx context.Context, st *news.Story) (template.HTML, error) {
	if !strings.Contains(st.Body, "<figure>") {
		return template.HTML(st.Body), nil // sanitized when the story was stored
	}
	var ids []string
	for _, m := range bodyFigure.FindAllStringSubmatch(st.Body, -1) {
		ids = append(ids, m[1])
	}
	photos, err := s.store.PhotosByID(ctx, ids)
	if err != nil {
		return "", err
	}
	out := bodyFigure.ReplaceAllStringFunc(st.Body, func(fig string) string {
		m := bodyFigure.FindStringSubmatch(fig)
		p, caption := photos[m[1]], m[2] // caption: escaped as the body stores it
		var b strings.Builder
		b.WriteString(`<figure class="photo">`)
		if p != nil {
			writePicture(&b, pictureOf(p, articleSizes, 0, 640, "", false), caption)
		}
		if caption != "" || p != nil && p.Credit != "" {
			b.WriteString("<figcaption>" + caption)
			if p != nil && p.Credit != "" {
				b.WriteString(` <span class="credit">عکس: ` + html.EscapeString(p.Credit) + "</span>")
			}
			b.WriteString("</figcaption>")
		}
		b.WriteString("</figure>")
		return b.String()
	})
	return template.HTML(out), nil
}

// writePicture writes pic as the "picture" template does, its alt the
// escaped text alt.
func writePicture(b *strings.Builder, pic picture, alt string) {
	b.WriteString("<picture>")
	if pic.WebP != "" {
		b.WriteString(`<source type="image/webp" srcset="` + pic.WebP + `" sizes="` + pic.Sizes + `">`)
	}
	b.WriteString(`<img src="` + pic.Src + `" srcset="` + pic.Srcset + `" sizes="` + pic.Sizes + `" width="` +
		strconv.Itoa(pic.Width) + `" height="` + strconv.Itoa(pic.Height) + `" alt="` + alt + `" loading="lazy" decoding="async">`)
	b.WriteString("</picture>")
}

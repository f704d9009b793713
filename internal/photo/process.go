package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/gen2brain/webp"
	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
	xwebp "golang.org/x/image/webp"

	"khabar/internal/news"
)

// Encoder settings. JPEG quality 82 and WebP quality 75 are where both
// stop showing their artefacts in news photos at these sizes; WebP
// method 2 is libwebp's fast end, within a few percent of its smallest
// files.
const (
	jpegQuality = 82
	webpQuality = 75
	webpMethod  = 2
)

// Rendered is a photo processed: what to record, and the encoded files
// by rendition.
type Rendered struct {
	Photo news.Photo
	Files map[news.Rendition][]byte
}

// Render decodes the image in r, whose header Inspect read as info,
// and makes its renditions: oriented, resized (never enlarged) and
// encoded afresh as JPEG, and as WebP too when withWebP is set. It
// returns an EINVALID error, in Persian, for an image that does not
// decode.
func Render(r io.Reader, info Info, withWebP bool) (*Rendered, error) {
	src, err := decode(r, info.Format)
	if err != nil {
		return nil, err
	}
	if b := src.Bounds(); b.Dx() != info.Width || b.Dy() != info.Height {
		return nil, invalid("اندازهٔ عکس با آنچه سرآیندش می‌گوید یکی نیست؛ فایل خراب است")
	}
	w, h := info.Shown()
	out := &Rendered{Photo: news.Photo{Width: w, Height: h, Widths: news.RenditionWidths(w), WebP: withWebP,
		Format: info.Format}, Files: map[news.Rendition][]byte{}}
	// The largest rendition comes from the original, the others from it.
	widths := out.Photo.Widths
	top := widths[len(widths)-1]
	largest := resize(src, info, top, news.RenditionHeight(top, w, h))
	src = nil // let the decoded original go before the smaller ones are made
	for i := len(widths) - 1; i >= 0; i-- {
		rw := widths[i]
		img := largest
		if rw != top {
			img = image.NewRGBA(image.Rect(0, 0, rw, news.RenditionHeight(rw, w, h)))
			draw.CatmullRom.Scale(img, img.Bounds(), largest, largest.Bounds(), draw.Src, nil)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return nil, fmt.Errorf("photo: encode jpeg: %w", err)
		}
		out.Files[news.Rendition{Width: rw, Height: img.Bounds().Dy(), Format: "jpeg"}] = buf.Bytes()
		if withWebP {
			var buf bytes.Buffer
			if err := webp.Encode(&buf, img, webp.Options{Quality: webpQuality, Method: webpMethod}); err != nil {
				return nil, fmt.Errorf("photo: encode webp: %w", err)
			}
			out.Files[news.Rendition{Width: rw, Height: img.Bounds().Dy(), Format: "webp"}] = buf.Bytes()
		}
	}
	return out, nil
}

// decode decodes an image of a known format.
func decode(r io.Reader, format string) (image.Image, error) {
	var img image.Image
	var err error
	switch format {
	case "jpeg":
		img, err = jpeg.Decode(r)
	case "png":
		img, err = png.Decode(r)
	case "webp":
		img, err = xwebp.Decode(r)
	default:
		return nil, errNotImage
	}
	switch {
	case err == nil:
		return img, nil
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return nil, truncated(formatName(format))
	}
	return nil, invalid("فایل %s خراب است و باز نمی‌شود (%v)", formatName(format), err)
}

func formatName(format string) string {
	switch format {
	case "jpeg":
		return "JPEG"
	case "png":
		return "PNG"
	}
	return "WebP"
}

// resize returns src, turned by its orientation, at w × h: halved with
// a box filter while it is at least twice as large (a quarter of the
// pixels for the resampler to read, each halving), then resampled with
// Catmull-Rom. An image
// with transparency is laid on white, as JPEG has none.
func resize(src image.Image, info Info, w, h int) *image.RGBA {
	// The stored image is resized to the rendition's size as stored,
	// and turned afterwards: turning commutes with resizing, and costs
	// less on the small image.
	sw, sh := w, h
	if info.Orientation >= 5 {
		sw, sh = h, w
	}
	for b := src.Bounds(); b.Dx() >= 2*sw && b.Dy() >= 2*sh; b = src.Bounds() {
		src = halve(src)
	}
	dst := image.NewRGBA(image.Rect(0, 0, sw, sh))
	op := draw.Src
	if o, ok := src.(interface{ Opaque() bool }); !ok || !o.Opaque() {
		draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		op = draw.Over
	}
	// Transform with a scaling matrix computes what Scale does, pixel for
	// pixel, without Scale's buffer of dst-width × src-height float64
	// quadruples (100 MB for a 1600-pixel rendition of 24 megapixels).
	b := src.Bounds()
	kx, ky := float64(sw)/float64(b.Dx()), float64(sh)/float64(b.Dy())
	draw.CatmullRom.Transform(dst, f64.Aff3{kx, 0, -float64(b.Min.X) * kx, 0, ky, -float64(b.Min.Y) * ky}, src, b, op, nil)
	return orient(dst, info.Orientation)
}

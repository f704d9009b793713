package news

import (
	"strconv"
	"strings"
	"time"
)

// Photo is a stored photo: an uploaded image, known by the hash of the
// file as it came (the same file uploaded twice is one photo), served
// only as the renditions khabar made of it — re-encoded, so no camera
// metadata (EXIF, GPS, XMP, comments) survives.
type Photo struct {
	// ID is the SHA-256 of the original file, in lower-case hex.
	ID string
	// Width and Height are the photo's size as shown, its EXIF
	// orientation applied.
	Width, Height int
	// Widths are the widths of its renditions, smallest first; each is
	// served as JPEG and, when WebP is set, as WebP too.
	Widths []int
	WebP   bool
	// Caption and Credit are what the uploader wrote: the library shows
	// them, and a story that takes the photo starts from its caption.
	// The credit (the photographer, or the agency) goes with the photo
	// wherever it is shown.
	Caption string
	Credit  string
	// Uploader is who uploaded it first; Uploaded, when.
	UploaderID int64
	Uploader   string
	Uploaded   time.Time
	// Bytes is the size of the original file.
	Bytes int64
	// Format is what the original was: "jpeg", "png" or "webp".
	Format string
}

// Limits on a photo's text.
const (
	MaxPhotoCaption = 1000
	MaxPhotoCredit  = 200
)

// PhotoWidths are the widths photos are resized to; a photo narrower
// than one of them is never enlarged (see RenditionWidths).
var PhotoWidths = []int{320, 640, 1024, 1600}

// RenditionWidths returns the widths of the renditions made of a photo
// width pixels wide: each of PhotoWidths it is wider than, and its own
// width (at most the largest of PhotoWidths) as the last, unless one of
// the others comes within 15% of it.
func RenditionWidths(width int) []int {
	if width <= 0 {
		return nil
	}
	top := min(width, PhotoWidths[len(PhotoWidths)-1])
	var out []int
	for _, w := range PhotoWidths {
		if w < top && w*100 <= top*85 {
			out = append(out, w)
		}
	}
	return append(out, top)
}

// RenditionHeight returns the height of the rendition of width w of a
// photo width × height: the aspect ratio kept, rounded, at least 1.
func RenditionHeight(w, width, height int) int {
	if width <= 0 {
		return 0
	}
	return max(1, (w*height+width/2)/width)
}

// Rendition is one file of a photo.
type Rendition struct {
	Width, Height int
	Format        string // "jpeg" or "webp"
}

// Renditions returns the photo's files, JPEG first, each format from
// the smallest width up.
func (p *Photo) Renditions() []Rendition {
	var out []Rendition
	formats := []string{"jpeg"}
	if p.WebP {
		formats = append(formats, "webp")
	}
	for _, f := range formats {
		for _, w := range p.Widths {
			out = append(out, Rendition{Width: w, Height: RenditionHeight(w, p.Width, p.Height), Format: f})
		}
	}
	return out
}

// Largest returns the widest rendition of format at most max pixels
// wide (the narrowest one when all are wider); max 0 means any width.
func (p *Photo) Largest(format string, max int) Rendition {
	if len(p.Widths) == 0 {
		return Rendition{Format: format}
	}
	best := p.Widths[0]
	for _, w := range p.Widths {
		if max == 0 || w <= max {
			best = w
		}
	}
	return Rendition{Width: best, Height: RenditionHeight(best, p.Width, p.Height), Format: format}
}

// The public addresses of photos. Every address carries the photo's
// content hash, so what it serves never changes.

// PhotoPath returns the path of the photo's rendition r, as
// /media/{id}/{width}.jpg or .webp.
func PhotoPath(id string, r Rendition) string {
	return "/media/" + id + "/" + strconv.Itoa(r.Width) + "." + extension(r.Format)
}

// PhotoRef returns the path a story body points at a photo with,
// /media/{id}.jpg: it serves the photo's JPEG rendition of 1024 pixels
// or the widest below, for readers of the body outside khabar's pages
// (feeds, the ninjs API), which show it as an ordinary image.
func PhotoRef(id string) string { return "/media/" + id + ".jpg" }

// PhotoRefWidth is the widest rendition PhotoRef serves.
const PhotoRefWidth = 1024

func extension(format string) string {
	if format == "jpeg" {
		return "jpg"
	}
	return format
}

// ContentType returns the media type of a rendition format.
func ContentType(format string) string { return "image/" + format }

// ValidPhotoID reports whether id has the form of a photo's id: 64
// lower-case hex digits.
func ValidPhotoID(id string) bool {
	if len(id) != 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// ParseWidths reads widths written as "320,640,1024"; bad parts are
// left out.
func ParseWidths(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if w, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && w > 0 {
			out = append(out, w)
		}
	}
	return out
}

// FormatWidths writes widths as ParseWidths reads them.
func FormatWidths(ws []int) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = strconv.Itoa(w)
	}
	return strings.Join(parts, ",")
}

// ValidatePhotoText checks a caption and a credit, returning an
// EINVALID error naming the field.
func ValidatePhotoText(captionField, caption, creditField, credit string) error {
	if err := plainText(captionField, "زیرنویس عکس", caption, MaxPhotoCaption, false); err != nil {
		return err
	}
	return plainText(creditField, "منبع عکس", credit, MaxPhotoCredit, false)
}

// PhotoFilter selects photos of the library.
type PhotoFilter struct {
	Query string // words of the caption; "" for all
	Limit int
}

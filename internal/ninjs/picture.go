package ninjs

import (
	"strings"

	"khabar/internal/news"
)

// A story's lead photo travels as an association of type picture named
// "photo": its uri names the photo (urn:khabar:photo:{id}), its
// description with role "caption" is the caption the story gives it,
// by is its credit, and its renditions are the files khabar serves, each
// with its address, size and media type.

// Association is a news object associated with an item; the schema
// requires its name and uri.
type Association struct {
	Name string `json:"name"`
	Item
}

// Names and roles of pictures.
const (
	PhotoAssociation = "photo"
	PhotoURIPrefix   = "urn:khabar:photo:"
	RoleCaption      = "caption"
	TypePicture      = "picture"
)

// Options say what Encode and FromStory cannot know from the story.
type Options struct {
	// MediaBase is the public origin photos are served from, such as
	// "https://khabar.example"; their addresses are relative without it.
	MediaBase string
}

// photoAssociation returns the association of a story's lead photo.
func photoAssociation(s *news.Story, opts Options) Association {
	p := s.Photo
	a := Association{Name: PhotoAssociation, Item: Item{URI: PhotoURIPrefix + p.ID, Type: TypePicture, By: p.Credit}}
	if s.PhotoCaption != "" {
		a.Descriptions = []Text{{Role: RoleCaption, Value: s.PhotoCaption}}
	}
	base := strings.TrimRight(opts.MediaBase, "/")
	for _, r := range p.Renditions() {
		a.Renditions = append(a.Renditions, Rendition{Name: r.Format + "-" + itoa(r.Width),
			Href: base + news.PhotoPath(p.ID, r), ContentType: news.ContentType(r.Format),
			Width: float64(r.Width), Height: float64(r.Height)})
	}
	return a
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// Picture is an item's lead picture as an import reads it.
type Picture struct {
	URI        string
	Caption    string
	Credit     string
	Renditions []Rendition
}

// LeadPicture returns the item's lead picture: its picture association
// named "photo" or "featuremedia", else its first picture association;
// nil when it has none.
func (it *Item) LeadPicture() *Picture {
	var pick *Association
	for i := range it.Associations {
		a := &it.Associations[i]
		if a.Type != TypePicture && a.Type != "" || len(a.Renditions) == 0 {
			continue
		}
		if a.Name == PhotoAssociation || a.Name == "featuremedia" {
			pick = a
			break
		}
		if pick == nil {
			pick = a
		}
	}
	if pick == nil {
		return nil
	}
	p := &Picture{URI: pick.URI, Credit: strings.TrimSpace(pick.By), Renditions: pick.Renditions}
	if d, ok := pickText(pick.Descriptions, RoleCaption, func(t Text) bool { return true }); ok {
		p.Caption = textValue(d)
	} else if h, ok := pickText(pick.Headlines, RoleMain, func(t Text) bool { return true }); ok {
		p.Caption = textValue(h)
	}
	return p
}

// PhotoID returns the id of the khabar photo the picture's uri names,
// or "".
func (p *Picture) PhotoID() string {
	if id, ok := strings.CutPrefix(p.URI, PhotoURIPrefix); ok && news.ValidPhotoID(id) {
		return id
	}
	return ""
}

// Source returns the rendition an import reads the picture from: the
// widest with an address whose media type, if given, is an image; false
// when none has one.
func (p *Picture) Source() (Rendition, bool) {
	var best Rendition
	found := false
	for _, r := range p.Renditions {
		if r.Href == "" || r.ContentType != "" && !strings.HasPrefix(r.ContentType, "image/") {
			continue
		}
		if !found || r.Width > best.Width {
			best, found = r, true
		}
	}
	return best, found
}

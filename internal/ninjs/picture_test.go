package ninjs

import (
	"encoding/json"
	"strings"
	"testing"

	"khabar/internal/news"
)

func storyWithPhoto() *news.Story {
	st := sampleStories()[0]
	st.Photo = &news.Photo{ID: strings.Repeat("7c", 32), Width: 3000, Height: 2000, Widths: []int{320, 640, 1024, 1600},
		WebP: true, Credit: "عکس: مریم احمدی"}
	st.PhotoCaption = "بازار بزرگ تهران"
	return st
}

// A story's lead photo is exported as a picture association with every
// rendition, valid against the ninjs 2.2 schema, and read back by an
// import as the photo it names, from its widest file.
func TestPhotoAssociation(t *testing.T) {
	data, err := EncodeWith(storyWithPhoto(), Options{MediaBase: "https://khabar.example/"})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range MustValidator("2.2").Validate(doc) {
		t.Error(p)
	}
	var out struct {
		Associations []struct {
			Name, URI, Type, By string
			Descriptions        []Text
			Renditions          []Rendition
		}
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	a := out.Associations
	if len(a) != 1 || a[0].Name != "photo" || a[0].Type != "picture" || a[0].URI != "urn:khabar:photo:"+strings.Repeat("7c", 32) ||
		a[0].By != "عکس: مریم احمدی" || len(a[0].Descriptions) != 1 || a[0].Descriptions[0].Value != "بازار بزرگ تهران" {
		t.Fatalf("association %+v", a)
	}
	if len(a[0].Renditions) != 8 {
		t.Fatalf("%d renditions", len(a[0].Renditions))
	}
	r := a[0].Renditions[1]
	if r.Href != "https://khabar.example/media/"+strings.Repeat("7c", 32)+"/640.jpg" || r.Width != 640 || r.Height != 427 || r.ContentType != "image/jpeg" {
		t.Errorf("rendition %+v", r)
	}
	it, _, err := DecodeItem(data)
	if err != nil {
		t.Fatal(err)
	}
	pic := it.LeadPicture()
	if pic == nil || pic.PhotoID() != strings.Repeat("7c", 32) || pic.Caption != "بازار بزرگ تهران" || pic.Credit != "عکس: مریم احمدی" {
		t.Fatalf("picture %+v", pic)
	}
	if src, ok := pic.Source(); !ok || src.Width != 1600 || src.ContentType != "image/jpeg" {
		t.Errorf("source %+v", src)
	}
}

// Another agency's picture: named as it likes, a path for its file, and
// fields khabar does not read.
func TestForeignPicture(t *testing.T) {
	data := `{"uri":"urn:x:1","headlines":[{"value":"تیتر"}],"associations":[
		{"name":"featuremedia","uri":"urn:x:pic:9","type":"picture","headlines":[{"value":"عکس خبر"}],
		 "renditions":[{"name":"thumb","href":"img/9-small.jpg","width":150},{"name":"original","href":"img/9.jpg","width":2048.0,"contenttype":"image/jpeg"},
		 {"name":"text","href":"img/9.txt","width":9999,"contenttype":"text/plain"}],"copyrightholder":"x"}]}`
	it, _, err := DecodeItem([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	pic := it.LeadPicture()
	if pic == nil || pic.PhotoID() != "" || pic.Caption != "عکس خبر" {
		t.Fatalf("picture %+v", pic)
	}
	if src, _ := pic.Source(); src.Href != "img/9.jpg" {
		t.Errorf("source %+v", src)
	}
	if _, _, err := DecodeItem([]byte(`{"uri":"u","associations":{"a":1}}`)); err == nil || !strings.Contains(err.Error(), "associations") {
		t.Errorf("associations of the wrong type: %v", err)
	}
}

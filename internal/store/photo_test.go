package store_test

import (
	"strings"
	"testing"

	"khabar/internal/news"
	"khabar/internal/richtext"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

func testPhoto(n int, caption string) *news.Photo {
	return &news.Photo{ID: strings.Repeat(string("0123456789abcdef"[n]), 64), Width: 2000, Height: 1500,
		Widths: []int{320, 640, 1024, 1600}, WebP: true, Caption: caption, Credit: "مریم احمدی", Bytes: 1 << 20, Format: "jpeg"}
}

// A photo is recorded once; the library finds it by its caption's
// words however they are spelled; a story takes it as its lead photo,
// with a caption of its own, in its revisions; a photo the library
// lacks is refused, in the lead and in the body.
func TestPhotos(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		p, created, err := st.AddPhoto(ctx, d.reporter, testPhoto(1, "  کاروان   زائران در مرز مهران "))
		if err != nil || !created || p.Caption != "کاروان زائران در مرز مهران" || p.Uploader != "کاربر reporter" {
			t.Fatalf("add: %+v %v %v", p, created, err)
		}
		again, created, err := st.AddPhoto(ctx, d.editor, testPhoto(1, "زیرنویس دیگر"))
		if err != nil || created || again.Caption != p.Caption || again.UploaderID != d.reporter.ID {
			t.Fatalf("again: %+v %v %v", again, created, err)
		}
		st.AddPhoto(ctx, d.editor, testPhoto(2, "تمرین تیم ملی فوتبال"))
		for q, want := range map[string]int{"": 2, "زايران": 1, "زائر": 1, "فوتبال": 1, "مهران فوتبال": 0} {
			got, err := st.Photos(ctx, news.PhotoFilter{Query: q})
			if err != nil || len(got) != want {
				t.Errorf("photos %q: %d, want %d (%v)", q, len(got), want, err)
			}
		}
		if _, _, err := st.AddPhoto(ctx, d.reporter, &news.Photo{ID: "not-a-hash", Width: 1, Height: 1, Widths: []int{1}}); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("bad id: %v", err)
		}

		c := content("زائران اربعین از مرز مهران گذشتند")
		c.Photo, c.PhotoCaption = p.ID, "زائران در پایانهٔ مرزی"
		s, err := st.CreateDraft(ctx, d.reporter, c)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := st.StoryByID(ctx, s.ID)
		if got.Photo == nil || got.Photo.ID != p.ID || got.Photo.Credit != "مریم احمدی" || got.Photo.Width != 2000 ||
			len(got.Photo.Widths) != 4 || !got.Photo.WebP || got.PhotoCaption != "زائران در پایانهٔ مرزی" {
			t.Fatalf("story's photo %+v %q", got.Photo, got.PhotoCaption)
		}
		c2 := news.ContentOf(got)
		c2.Photo = ""
		if s, err = st.SaveStory(ctx, d.reporter, s.ID, got.Revision, c2); err != nil {
			t.Fatal(err)
		}
		if got, _ = st.StoryByID(ctx, s.ID); got.Photo != nil || got.PhotoCaption != "" {
			t.Errorf("removed photo: %+v %q", got.Photo, got.PhotoCaption)
		}
		rev, _ := st.Revision(ctx, s.ID, 1)
		if rev.Content.Photo != p.ID || rev.Content.PhotoCaption != "زائران در پایانهٔ مرزی" {
			t.Errorf("revision 1 content %+v", rev.Content)
		}

		unknown := strings.Repeat("f", 64)
		bad := content("خبری با عکسی که نیست")
		bad.Photo = unknown
		if _, err := st.CreateDraft(ctx, d.reporter, bad); news.ErrorCode(err) != news.EINVALID || news.ErrorField(err) != "photo" {
			t.Errorf("unknown lead photo: %v", err)
		}
		bad.Photo, bad.Body = "", "<p>متن</p>"+richtext.Figure(unknown, "عکس")
		if _, err := st.CreateDraft(ctx, d.reporter, bad); news.ErrorCode(err) != news.EINVALID || news.ErrorField(err) != "body" {
			t.Errorf("unknown body photo: %v", err)
		}
		bad.Body = "<p>متن</p>" + richtext.Figure(p.ID, "عکس")
		if _, err := st.CreateDraft(ctx, d.reporter, bad); err != nil {
			t.Errorf("known body photo: %v", err)
		}
	})
}

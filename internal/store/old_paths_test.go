package store_test

import (
	"testing"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// An imported story's old paths lead to it; importing a path again
// with another story moves it there; an unknown path is not found; a
// story's removal takes its paths with it.
func TestImportOldPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		res := st.ImportStoriesWith(ctx, []*news.Story{archived("https://old.example/1/", 601), archived("https://old.example/2/", 602)},
			[]store.ImportExtra{{OldPaths: []string{"/1398/02/pol", "/?p=601"}}, {OldPaths: []string{"/?p=602"}}})
		for _, r := range res {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		for path, code := range map[string]int64{"/1398/02/pol": 601, "/?p=601": 601, "/?p=602": 602} {
			s, err := st.StoryByOldPath(ctx, path)
			if err != nil || s.Code != code {
				t.Errorf("StoryByOldPath(%q) = %+v, %v; want story %d", path, s, err, code)
			}
		}
		if _, err := st.StoryByOldPath(ctx, "/1398/02/digar"); news.ErrorCode(err) != news.ENOTFOUND {
			t.Errorf("an unknown path: %v, want ENOTFOUND", err)
		}
		st.ImportStoriesWith(ctx, []*news.Story{archived("https://old.example/2/", 602)},
			[]store.ImportExtra{{OldPaths: []string{"/1398/02/pol"}}})
		if s, err := st.StoryByOldPath(ctx, "/1398/02/pol"); err != nil || s.Code != 602 {
			t.Errorf("a path imported again with another story leads to %+v, %v; want story 602", s, err)
		}
	})
}

// A photo given to an imported story afterwards is a new revision by
// the import; given again it changes nothing; imported again keeping
// its photo, the story is unchanged.
func TestImportStoryPhoto(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		res := st.ImportStories(ctx, []*news.Story{archived("https://old.example/3/", 603)})
		if res[0].Err != nil {
			t.Fatal(res[0].Err)
		}
		ph, _, err := st.AddPhoto(ctx, news.ActorImport, &news.Photo{ID: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Width: 800, Height: 600, Widths: []int{800}, Caption: "پل", Bytes: 1000, Format: "jpeg"})
		if err != nil {
			t.Skipf("a photo for the test: %v", err)
		}
		if r := st.ImportStoryPhoto(ctx, "https://old.example/3/", ph, "پل پس از مرمت"); r.Err != nil || r.Unchanged || r.Skipped != "" {
			t.Fatalf("ImportStoryPhoto = %+v", r)
		}
		s, err := st.StoryByCode(ctx, 603)
		if err != nil || s.Photo == nil || s.Photo.ID != ph.ID || s.PhotoCaption != "پل پس از مرمت" || s.Revision != 2 {
			t.Fatalf("story after its photo: %+v (%v)", s, err)
		}
		if r := st.ImportStoryPhoto(ctx, "https://old.example/3/", ph, "پل پس از مرمت"); !r.Unchanged {
			t.Errorf("the same photo again: %+v, want unchanged", r)
		}
		// Imported again without the photo, keeping it: unchanged.
		again := st.ImportStoriesWith(ctx, []*news.Story{archived("https://old.example/3/", 603)}, []store.ImportExtra{{KeepPhoto: true}})
		if !again[0].Unchanged {
			t.Errorf("imported again keeping the photo: %+v, want unchanged", again[0])
		}
	})
}

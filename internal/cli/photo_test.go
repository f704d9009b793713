package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"khabar/internal/photo/phototest"
)

// pictureItem is a ninjs item whose lead picture is at href.
func pictureItem(uri, headline, href string) string {
	item := map[string]any{
		"uri": uri, "headlines": []map[string]string{{"role": "main", "value": headline}},
		"bodies": []map[string]string{{"role": "main", "contenttype": "text/html", "value": "<p>متن خبر.</p>"}},
		"associations": []map[string]any{{"name": "featuremedia", "uri": uri + ":pic", "type": "picture",
			"descriptions": []map[string]string{{"role": "caption", "value": "زیرنویس " + headline}},
			"by":           "عکاس آزمون",
			"renditions":   []map[string]any{{"name": "original", "href": href, "contenttype": "image/jpeg", "width": 1200}}}},
	}
	b, _ := json.Marshal(item)
	return string(b)
}

// An import reads each item's picture from beside the file, refuses
// the ones it may not or cannot read (saying why, and storing neither
// the story nor a file), and the export carries the photo back out with
// its renditions.
func TestImportPictures(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "pics"), 0o755)
	os.WriteFile(filepath.Join(dir, "pics", "bazar.jpg"), phototest.CameraJPEG(1200, 800, 1), 0o644)
	os.WriteFile(filepath.Join(dir, "pics", "note.jpg"), phototest.TextAsJPEG(), 0o644)
	os.WriteFile(filepath.Join(t.TempDir(), "outside.jpg"), phototest.CameraJPEG(100, 100, 1), 0o644)
	lines := []string{
		pictureItem("urn:test:1", "بازار تهران", "pics/bazar.jpg"),
		pictureItem("urn:test:2", "عکس در وب", "https://photos.example/a.jpg"),
		pictureItem("urn:test:3", "عکس بیرون از پوشه", "../outside.jpg"),
		pictureItem("urn:test:4", "فایل متنی", "pics/note.jpg"),
		pictureItem("urn:test:5", "عکس گم‌شده", "pics/missing.jpg"),
	}
	file := filepath.Join(dir, "items.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	db := filepath.Join(t.TempDir(), "khabar.db")
	r := runCLI(t, nil, "import", "--db", db, file)
	if r.code != 1 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"items.jsonl:2: photo https://photos.example/a.jpg: is on the web; import with --fetch-photos",
		"items.jsonl:3: photo ../outside.jpg: a path must lie inside the imported file's folder",
		"items.jsonl:4: photo pics/note.jpg: این فایل عکس نیست",
		"items.jsonl:5: photo pics/missing.jpg:",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if c, _, f := counts(t, r); c != 1 || f != 4 {
		t.Errorf("created %d, failed %d", c, f)
	}
	st := openStore(t, db)
	s, err := st.StoryByURI(context.Background(), "urn:test:1")
	if err != nil || s.Photo == nil || s.PhotoCaption != "زیرنویس بازار تهران" || s.Photo.Credit != "عکاس آزمون" {
		t.Fatalf("story: %+v %v", s, err)
	}
	if _, err := st.StoryByURI(context.Background(), "urn:test:4"); err == nil {
		t.Error("the story of a bad picture was stored")
	}
	media := filepath.Join(filepath.Dir(db), "khabar-media")
	if _, err := os.Stat(filepath.Join(media, s.Photo.ID[:2], s.Photo.ID, "640.webp")); err != nil {
		t.Errorf("rendition not beside the database: %v", err)
	}

	out := filepath.Join(t.TempDir(), "out.jsonl")
	if r := runCLI(t, nil, "export", "--db", db, "-o", out, "--base-url", "https://khabar.example/"); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	data, _ := os.ReadFile(out)
	for _, want := range []string{`"associations":[{"name":"photo","uri":"urn:khabar:photo:` + s.Photo.ID + `","type":"picture"`,
		`"href":"https://khabar.example/media/` + s.Photo.ID + `/640.jpg","contenttype":"image/jpeg","width":640,"height":427}`,
		`"descriptions":[{"role":"caption","value":"زیرنویس بازار تهران"}]`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("export lacks %s:\n%s", want, data)
		}
	}
	// Read back into the same database, the photo is the one it names.
	if r := runCLI(t, nil, "import", "--db", db, out); r.code != 0 || !strings.Contains(r.stdout, "1 unchanged") {
		t.Errorf("import of the export: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// With --fetch-photos a picture is fetched from the web, within its
// limits.
func TestImportFetchesPictures(t *testing.T) {
	jpg := phototest.CameraJPEG(800, 600, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/a.jpg":
			w.Write(jpg)
		case "/huge.jpg":
			w.Header().Set("Content-Length", "60000000")
			w.WriteHeader(200)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "items.jsonl")
	os.WriteFile(file, []byte(pictureItem("urn:web:1", "عکس از وب", srv.URL+"/a.jpg")+"\n"+
		pictureItem("urn:web:2", "عکس بزرگ", srv.URL+"/huge.jpg")+"\n"+
		pictureItem("urn:web:3", "عکس ناموجود", srv.URL+"/gone.jpg")+"\n"), 0o644)
	db := filepath.Join(t.TempDir(), "khabar.db")
	media := t.TempDir()
	r := runCLI(t, nil, "import", "--db", db, "--media-dir", media, "--fetch-photos", file)
	if c, _, f := counts(t, r); c != 1 || f != 2 || !strings.Contains(r.stderr, "more than") || !strings.Contains(r.stderr, "404") {
		t.Fatalf("created %d failed %d:\n%s", c, f, r.stderr)
	}
	s, err := openStore(t, db).StoryByURI(context.Background(), "urn:web:1")
	if err != nil || s.Photo == nil {
		t.Fatalf("fetched story: %+v %v", s, err)
	}
	if _, err := os.Stat(filepath.Join(media, s.Photo.ID[:2], s.Photo.ID, "800.jpg")); err != nil {
		t.Error(err)
	}
}

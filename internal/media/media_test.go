package media

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"khabar/internal/news"
)

func TestDir(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	d := Dir{Root: filepath.Join(root, "media")} // made when first written
	id := strings.Repeat("ab", 32)
	name := Name(id, news.Rendition{Width: 640, Format: "webp"})
	if name != "ab/"+id+"/640.webp" {
		t.Fatalf("name %q", name)
	}
	if _, err := d.Open(ctx, name); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open before put: %v", err)
	}
	if err := d.Put(ctx, name, []byte("RIFF…")); err != nil {
		t.Fatal(err)
	}
	f, err := d.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "RIFF…" || f.Size() != int64(len("RIFF…")) {
		t.Errorf("read %q, size %d", b, f.Size())
	}
	entries, _ := os.ReadDir(filepath.Join(d.Root, "ab", id))
	if len(entries) != 1 {
		t.Errorf("left beside the file: %v", entries)
	}
	for _, bad := range []string{"../etc/passwd", "ab/" + id + "/640.svg", "cd/" + id + "/640.jpg", "ab/" + id + "/0640.jpg", id + ".jpg"} {
		if err := d.Put(ctx, bad, nil); err == nil {
			t.Errorf("put %q accepted", bad)
		}
		if _, err := d.Open(ctx, bad); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("open %q: %v", bad, err)
		}
	}
	if err := d.Delete(ctx, name); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d.Root, "ab", id)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the photo's empty folder stays: %v", err)
	}
	if err := d.Delete(ctx, name); err != nil {
		t.Errorf("delete again: %v", err)
	}
	if err := (None{}).Put(ctx, name, nil); !errors.Is(err, ErrNoStorage) {
		t.Errorf("None put: %v", err)
	}
}

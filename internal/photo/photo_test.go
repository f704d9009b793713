package photo

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	xwebp "golang.org/x/image/webp"

	"khabar/internal/media"
	"khabar/internal/news"
	"khabar/internal/photo/phototest"
)

var ctx = context.Background()

// inspect runs Inspect on b.
func inspect(b []byte) (Info, error) { return Inspect(bytes.NewReader(b), int64(len(b))) }

func TestInspectReadsTheHeader(t *testing.T) {
	info, err := inspect(phototest.CameraJPEG(400, 300, 6))
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != "jpeg" || info.Width != 400 || info.Height != 300 || info.Orientation != 6 {
		t.Fatalf("info %+v", info)
	}
	if w, h := info.Shown(); w != 300 || h != 400 {
		t.Errorf("shown %d×%d, want 300×400", w, h)
	}
	info, err = inspect(phototest.PNG(64, 48))
	if err != nil || info.Format != "png" || info.Width != 64 || info.Height != 48 {
		t.Fatalf("png: %+v %v", info, err)
	}
}

// Every hostile file is refused by its content, with a Persian message
// that says what is wrong.
func TestHostileFilesRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"a text file named .jpg", phototest.TextAsJPEG(), "این فایل عکس نیست"},
		{"an SVG with a script", phototest.SVGWithScript(), "عکس SVG پذیرفته نیست"},
		{"a truncated JPEG", phototest.TruncatedJPEG(), "ناقص است"},
		{"a 30000×30000 PNG", phototest.BombPNG(), "۳۰۰۰۰ × ۳۰۰۰۰ پیکسل"},
		{"a PNG with a huge zTXt chunk", phototest.ZTXtPNG(), "zTXt"},
		{"a JPEG with a malformed EXIF block", phototest.BadExifJPEG(), "EXIF این عکس خراب است"},
		{"an empty file", nil, "خالی"},
		{"a GIF", []byte("GIF89a\x01\x00\x01\x00"), "GIF پذیرفته نیست"},
	} {
		_, err := inspect(c.data)
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if msg := news.ErrorMessage(err); !strings.Contains(msg, c.want) || news.ErrorField(err) != Field {
			t.Errorf("%s: %q (field %q), want it to say %q", c.name, msg, news.ErrorField(err), c.want)
		}
	}
}

// A decompression bomb is refused from its header: refusing it takes
// next to no memory.
func TestBombRefusedWithoutDecoding(t *testing.T) {
	bomb := phototest.BombPNG()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := inspect(bomb); err == nil {
			t.Fatal("bomb accepted")
		}
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
		t.Errorf("refusing a bomb ten times allocated %d bytes", n)
	}
}

// A camera photo comes out upright, in every width up to its own and
// none above, with none of its metadata in any file.
func TestRenderCameraPhoto(t *testing.T) {
	src := phototest.CameraJPEG(2000, 1500, 6) // shown 1500 × 2000
	info, err := inspect(src)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(bytes.NewReader(src), info, true)
	if err != nil {
		t.Fatal(err)
	}
	if p := out.Photo; p.Width != 1500 || p.Height != 2000 || !slices.Equal(p.Widths, []int{320, 640, 1024, 1500}) {
		t.Fatalf("photo %dx%d widths %v", p.Width, p.Height, p.Widths)
	}
	if len(out.Files) != 8 {
		t.Fatalf("%d files, want 8", len(out.Files))
	}
	for r, b := range out.Files {
		if m := phototest.Metadata(b); len(m) > 0 {
			t.Errorf("%v keeps %v", r, m)
		}
		var img image.Image
		if r.Format == "jpeg" {
			img, err = jpeg.Decode(bytes.NewReader(b))
		} else {
			img, err = xwebp.Decode(bytes.NewReader(b))
		}
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		if got := img.Bounds().Size(); got.X != r.Width || got.Y != r.Height || r.Height != news.RenditionHeight(r.Width, 1500, 2000) {
			t.Errorf("%v decodes to %v", r, got)
		}
	}
}

// The orientation is applied: a photo stored on its side, red on the
// left and blue on the right, with orientation 6 (turn a quarter
// clockwise to show), shows red at the top.
func TestOrientationApplied(t *testing.T) {
	for _, c := range []struct {
		o         int
		top, left string
	}{{1, "", "red"}, {6, "red", ""}, {8, "blue", ""}, {3, "", "blue"}} {
		img := image.NewRGBA(image.Rect(0, 0, 400, 200))
		for y := 0; y < 200; y++ {
			for x := 0; x < 400; x++ {
				if x < 200 {
					img.Set(x, y, color.RGBA{220, 0, 0, 255})
				} else {
					img.Set(x, y, color.RGBA{0, 0, 220, 255})
				}
			}
		}
		var buf bytes.Buffer
		jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95})
		b := append([]byte{0xff, 0xd8, 0xff, 0xe1, 0, 0}, append([]byte("Exif\x00\x00"), phototest.Exif(c.o)...)...)
		b[4], b[5] = byte((len(b)-4)>>8), byte(len(b)-4)
		b = append(b, buf.Bytes()[2:]...)
		info, err := inspect(b)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Render(bytes.NewReader(b), info, false)
		if err != nil {
			t.Fatal(err)
		}
		r := out.Photo.Largest("jpeg", 0)
		got, _ := jpeg.Decode(bytes.NewReader(out.Files[r]))
		size := got.Bounds().Size()
		at := func(x, y int) string {
			cr, _, cb, _ := got.At(x, y).RGBA()
			if cr > cb {
				return "red"
			}
			return "blue"
		}
		switch {
		case c.top != "" && at(size.X/2, 5) != c.top:
			t.Errorf("orientation %d: top is %s, want %s", c.o, at(size.X/2, 5), c.top)
		case c.left != "" && at(5, size.Y/2) != c.left:
			t.Errorf("orientation %d: left is %s, want %s", c.o, at(5, size.Y/2), c.left)
		}
	}
}

func TestNeverEnlarged(t *testing.T) {
	for _, c := range []struct {
		width int
		want  []int
	}{{200, []int{200}}, {320, []int{320}}, {700, []int{320, 700}}, {1024, []int{320, 640, 1024}},
		{1500, []int{320, 640, 1024, 1500}}, {6000, []int{320, 640, 1024, 1600}}} {
		if got := news.RenditionWidths(c.width); !slices.Equal(got, c.want) {
			t.Errorf("RenditionWidths(%d) = %v, want %v", c.width, got, c.want)
		}
	}
}

// catalog is an in-memory Catalog.
type catalog struct {
	mu     sync.Mutex
	photos map[string]*news.Photo
}

func (c *catalog) Photo(_ context.Context, id string) (*news.Photo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.photos[id]; ok {
		return p, nil
	}
	return nil, news.Errorf(news.ENOTFOUND, "no photo")
}

func (c *catalog) AddPhoto(_ context.Context, _ news.Actor, p *news.Photo) (*news.Photo, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.photos[p.ID]; ok {
		return old, false, nil
	}
	c.photos[p.ID] = p
	return p, true, nil
}

// files lists what a directory holds, as slash paths.
func files(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// The same photo uploaded twice is stored once; a hostile file stores
// nothing.
func TestLibraryStoresOnce(t *testing.T) {
	dir := t.TempDir()
	cat := &catalog{photos: map[string]*news.Photo{}}
	lib := NewLibrary(media.Dir{Root: dir}, cat, Options{TempDir: t.TempDir()})
	actor := news.Actor{ID: 1, Name: "مریم"}
	src := phototest.CameraJPEG(1200, 800, 1)
	p, created, err := lib.Add(ctx, actor, bytes.NewReader(src), "  بازار   تهران ", "مریم احمدی")
	if err != nil || !created {
		t.Fatalf("add: %v %v", created, err)
	}
	if p.Caption != "بازار تهران" || p.Credit != "مریم احمدی" || p.Width != 1200 || p.Format != "jpeg" {
		t.Errorf("photo %+v", p)
	}
	stored := files(t, dir)
	if len(stored) != 2*len(p.Widths) || len(stored) != 6 {
		t.Fatalf("stored %v", stored)
	}
	again, created, err := lib.Add(ctx, actor, bytes.NewReader(src), "زیرنویس دیگر", "")
	if err != nil || created || again.ID != p.ID || again.Caption != "بازار تهران" {
		t.Fatalf("second upload: %+v %v %v", again, created, err)
	}
	if n := len(files(t, dir)); n != 6 {
		t.Errorf("%d files after the second upload", n)
	}
	for _, bad := range [][]byte{phototest.TruncatedJPEG(), phototest.BombPNG(), phototest.TextAsJPEG()} {
		if _, _, err := lib.Add(ctx, actor, bytes.NewReader(bad), "", ""); err == nil {
			t.Error("hostile file accepted")
		}
	}
	if n := len(files(t, dir)); n != 6 || len(cat.photos) != 1 {
		t.Errorf("after hostile files: %d files, %d photos", n, len(cat.photos))
	}
}

func TestLibraryRefusesTooLarge(t *testing.T) {
	lib := NewLibrary(media.Dir{Root: t.TempDir()}, &catalog{photos: map[string]*news.Photo{}}, Options{NoWebP: true, TempDir: t.TempDir()})
	big := bytes.NewReader(make([]byte, 50<<20))
	_, _, err := lib.Add(ctx, news.Actor{}, big, "", "")
	if news.ErrorCode(err) != news.ETOOLARGE || !strings.Contains(news.ErrorMessage(err), "مگابایت") {
		t.Fatalf("50 MB upload: %v", err)
	}
}

// A full pool refuses, and says to try again.
func TestPoolBusy(t *testing.T) {
	p := NewPool(1, 0)
	hold := make(chan struct{})
	started := make(chan struct{})
	go p.do(ctx, "a", func() (*news.Photo, bool, error) { close(started); <-hold; return nil, false, nil }, func() {})
	<-started
	dropped := false
	_, _, err := p.do(ctx, "b", func() (*news.Photo, bool, error) { return nil, false, nil }, func() { dropped = true })
	close(hold)
	if news.ErrorCode(err) != news.ETHROTTLED || !dropped {
		t.Fatalf("busy pool: %v (dropped %v)", err, dropped)
	}
}

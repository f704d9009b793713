// Command photos measures khabar's photos: how many are processed a
// second (every width, JPEG and WebP), the peak memory of processing a
// 24-megapixel camera photo, and the bytes a phone downloads for an
// article page with its photo.
//
//	go run ./bench/photos              # everything
//	go run ./bench/photos -n 5 -mp 12  # five 12-megapixel photos
//
// The photos are generated (photo-like light and detail, with EXIF, GPS,
// XMP and a comment, as cameras write them); the article is the first
// story of ../shared/corpus when it is there.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"khabar/internal/config"
	"khabar/internal/importer"
	"khabar/internal/media"
	"khabar/internal/news"
	"khabar/internal/photo"
	"khabar/internal/photo/phototest"
	"khabar/internal/server"
	"khabar/internal/store"
)

func main() {
	n := flag.Int("n", 3, "photos to process for the rate")
	mp := flag.Float64("mp", 24, "megapixels of the camera photo")
	measure := flag.String("measure", "", "(internal) process this file alone and print the peak memory")
	corpus := flag.String("corpus", "../shared/corpus/corpus.ninjs.jsonl", "stories to take the article from")
	flag.Parse()
	if *measure != "" {
		peak(*measure)
		return
	}
	w := int(math.Round(math.Sqrt(*mp * 1e6 * 3 / 2)))
	h := w * 2 / 3
	fmt.Printf("camera photo: %d × %d (%.1f MP) JPEG with EXIF/GPS/XMP/comment; GOMAXPROCS=%d\n", w, h, float64(w*h)/1e6, runtime.GOMAXPROCS(0))
	src := phototest.CameraJPEG(w, h, 1)
	fmt.Printf("  %.1f MB\n", float64(len(src))/1e6)
	rate(src, *n, true)
	rate(src, *n, false)

	tmp, err := os.CreateTemp("", "khabar-bench-*.jpg")
	check(err)
	defer os.Remove(tmp.Name())
	tmp.Write(src)
	tmp.Close()
	self, err := os.Executable()
	check(err)
	cmd := exec.Command(self, "-measure", tmp.Name())
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	check(cmd.Run())
	hostile()

	phoneBytes(*corpus)
}

// hostile prints what refusing each hostile file allocates: they are
// refused from their header, or, cut short, while decoding.
func hostile() {
	fmt.Println("refusing hostile files (bytes allocated while refusing):")
	for _, c := range []struct {
		name string
		data []byte
	}{{"text named .jpg", phototest.TextAsJPEG()}, {"truncated JPEG", phototest.TruncatedJPEG()},
		{"30000×30000 PNG", phototest.BombPNG()}, {"SVG with a script", phototest.SVGWithScript()},
		{"PNG with a 2 MiB zTXt", phototest.ZTXtPNG()}, {"malformed EXIF", phototest.BadExifJPEG()}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		info, err := photo.Inspect(bytes.NewReader(c.data), int64(len(c.data)))
		if err == nil {
			_, err = photo.Render(bytes.NewReader(c.data), info, false)
		}
		runtime.ReadMemStats(&after)
		fmt.Printf("  %-22s %8d B file: %6.1f MB allocated, refused: %v\n", c.name, len(c.data),
			float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), err != nil)
	}
}

// rate processes the photo n times and prints photos a second.
func rate(src []byte, n int, withWebP bool) {
	info, err := photo.Inspect(bytes.NewReader(src), int64(len(src)))
	check(err)
	if withWebP { // the encoder's first use compiles it: not part of the rate
		_, err := photo.Render(bytes.NewReader(phototest.CameraJPEG(64, 48, 1)), photo.Info{Format: "jpeg", Width: 64, Height: 48, Orientation: 1}, true)
		check(err)
	}
	start, cpu0 := time.Now(), cpuTime()
	var files, size int
	for range n {
		out, err := photo.Render(bytes.NewReader(src), info, withWebP)
		check(err)
		files = len(out.Files)
		size = 0
		for _, b := range out.Files {
			size += len(b)
		}
	}
	secs, cpu := time.Since(start).Seconds(), (cpuTime() - cpu0).Seconds()
	kind := "JPEG and WebP"
	if !withWebP {
		kind = "JPEG only"
	}
	fmt.Printf("rate, %s: %.3f photos/s (%.2f s a photo, %.2f s of CPU; %d files, %d KB in all)\n",
		kind, float64(n)/secs, secs/float64(n), cpu/float64(n), files, size/1024)
}

// peak processes the file once, as an upload is, and prints the peak of
// the Go heap (sampled every millisecond) and of the process's resident
// memory.
func peak(path string) {
	data, err := os.ReadFile(path)
	check(err)
	info, err := photo.Inspect(bytes.NewReader(data), int64(len(data)))
	check(err)
	data = nil
	runtime.GC()
	var top atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(done)
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > top.Load() {
				top.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	f, err := os.Open(path)
	check(err)
	cpu0 := cpuTime()
	_, err = photo.Render(f, info, true)
	check(err)
	took := cpuTime() - cpu0
	close(stop)
	<-done
	fmt.Printf("peak memory processing one %d × %d photo (JPEG and WebP, %.1f s of CPU): Go heap %.0f MB, process resident (VmHWM) %s\n",
		info.Width, info.Height, took.Seconds(), float64(top.Load())/(1<<20), vmHWM())
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func vmHWM() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(v), &kb)
			return fmt.Sprintf("%.0f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

// phoneBytes publishes a story with a camera photo on a site of its own
// and counts what a phone fetches for its page: the HTML, the
// stylesheet, the font, and the photo its srcset picks at 390 CSS
// pixels for each common pixel density.
func phoneBytes(corpus string) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "khabar-bench-*")
	check(err)
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "khabar.db"))
	check(err)
	defer st.Close()
	files := media.Dir{Root: filepath.Join(dir, "media")}
	lib := photo.NewLibrary(files, st, photo.Options{TempDir: dir})
	p, _, err := lib.Add(ctx, news.Actor{Name: "bench"}, bytes.NewReader(phototest.CameraJPEG(4000, 2667, 1)), "بازار بزرگ تهران", "عکاس")
	check(err)
	story := sampleStory(corpus)
	story.Photo, story.PhotoCaption = &news.Photo{ID: p.ID}, p.Caption
	if r := st.ImportStories(ctx, []*news.Story{story}); r[0].Err != nil {
		check(r[0].Err)
	}
	cfg := config.Defaults()
	h, _ := server.Handler(st, cfg, server.Options{Media: files}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string) (int, []byte) {
		res, err := http.Get(srv.URL + path)
		check(err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	code, page := get(fmt.Sprintf("/news/%d", story.Code))
	if code != 200 {
		check(fmt.Errorf("article: %d", code))
	}
	css := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`).FindSubmatch(page)
	font := regexp.MustCompile(`<link rel="preload" href="([^"]+)" as="font"`).FindSubmatch(page)
	_, cssBody := get(string(css[1]))
	_, fontBody := get(string(font[1]))
	fmt.Printf("article page for a phone (%s, %d characters of text; uncompressed, as khabar serves it):\n", story.Headline, len([]rune(story.Body)))
	fmt.Printf("  HTML %d B (gzip %d B), CSS %d B (gzip %d B), font %d B\n", len(page), gzipped(page), len(cssBody), gzipped(cssBody), len(fontBody))
	for _, dpr := range []int{1, 2, 3} {
		need := 390 * dpr
		pick := p.Widths[len(p.Widths)-1]
		for _, w := range p.Widths {
			if w >= need {
				pick = w
				break
			}
		}
		_, img := get(news.PhotoPath(p.ID, news.Rendition{Width: pick, Format: "webp"}))
		_, jpg := get(news.PhotoPath(p.ID, news.Rendition{Width: pick, Format: "jpeg"}))
		total := gzipped(page) + gzipped(cssBody) + len(fontBody) + len(img)
		fmt.Printf("  %dx screen: photo %d px, WebP %d B (JPEG %d B); total with gzip'd HTML and CSS %d B (%.0f KB)\n",
			dpr, pick, len(img), len(jpg), total, float64(total)/1024)
	}
}

// sampleStory is the first story of the corpus, or a short one.
func sampleStory(corpus string) *news.Story {
	var found *news.Story
	if f, err := os.Open(corpus); err == nil {
		defer f.Close()
		importer.Read(f, func(rec importer.Record) error {
			if rec.Story != nil && found == nil {
				found = rec.Story
				return io.EOF
			}
			return nil
		})
	}
	if found == nil {
		found = &news.Story{URI: "urn:bench:1", Headline: "شلوغی بازار تهران در آستانهٔ نوروز", Lead: "خریداران شب عید بازار را پر کرده‌اند.",
			Body: strings.Repeat("<p>بازار بزرگ تهران این روزها شلوغ است و فروشندگان از رونق کار می‌گویند.</p>", 12)}
	}
	found.Status, found.Published = news.StatusPublished, time.Now().Add(-time.Hour)
	return found
}

func gzipped(b []byte) int {
	var buf bytes.Buffer
	zw := gzipWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

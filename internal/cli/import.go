package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"khabar/internal/config"
	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/store"
)

const importBatch = 500

// optimizeAfter is how many stories an import must store before it
// compacts the search index at its end.
const optimizeAfter = 1000

// importStats is the summary of one import run.
type importStats struct {
	created, updated, unchanged, skipped, failed, warnings int
	// interrupted counts the stories read but left unstored because
	// the run was interrupted (Ctrl-C): not failures, work left to do.
	interrupted int
}

func runImport(e *env, args []string) int {
	fs := flagSet(e, "import", "FILE…")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	quiet := fs.Bool("quiet", false, "no progress bar")
	mediaDir := fs.String("media-dir", "", "directory of the photos' files (default: beside a SQLite file, DB-media)")
	fetch := fs.Bool("fetch-photos", false, "fetch the pictures of ninjs items from http(s) addresses (off: only files beside the imported file are read)")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if *mediaDir == "" {
		*mediaDir = config.MediaDirFor(*db)
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "khabar import: name at least one file (ninjs JSON, JSON Lines or a page-text dump)")
		return 2
	}
	ctx, st, stop, ok := e.open(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()

	var total importStats
	start := time.Now()
	pics := &pictures{st: st, dir: *mediaDir, fetch: *fetch}
	for _, name := range fs.Args() {
		if ctx.Err() != nil {
			break
		}
		stats, err := importFile(ctx, st, pics, e, name, !*quiet && isTerminal(e.stderr))
		total.created += stats.created
		total.updated += stats.updated
		total.unchanged += stats.unchanged
		total.skipped += stats.skipped
		total.failed += stats.failed
		total.warnings += stats.warnings
		total.interrupted += stats.interrupted
		if err != nil {
			fmt.Fprintf(e.stderr, "khabar import: %s: %v\n", name, err)
			total.failed++
		}
	}
	secs := time.Since(start).Seconds()
	stored := total.created + total.updated + total.unchanged + total.skipped
	fmt.Fprintf(e.stdout, "imported %d new, %d updated, %d unchanged, %d skipped, %d failed, %d warnings in %.1fs (%.0f stories/s)\n",
		total.created, total.updated, total.unchanged, total.skipped, total.failed, total.warnings, secs, float64(stored)/max(secs, 1e-9))
	if ctx.Err() == nil && total.created+total.updated >= optimizeAfter {
		// A bulk load leaves the search index in many pieces; merging
		// them now makes every later search cheaper.
		ostart := time.Now()
		if err := st.Optimize(ctx); err != nil {
			fmt.Fprintln(e.stderr, "khabar import:", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "search index optimized in %.1fs\n", time.Since(ostart).Seconds())
	}
	if ctx.Err() != nil {
		// Each batch is one transaction: what was stored is whole, and
		// importing again is idempotent, so the way on is to run it again.
		fmt.Fprintf(e.stderr, "khabar import: interrupted: %d stories read were not stored and the rest not read; run the import again to finish\n", total.interrupted)
		return 1
	}
	if total.failed > 0 {
		return 1
	}
	return 0
}

// batch is a run of records read from a file: the stories to store and
// what reading the others had to say, in file order.
type batch struct {
	stories  []*news.Story
	pictures []*ninjs.Picture // each story's, or nil
	lines    []int
	messages []string // errors and warnings of the reader
	failed   int
	warnings int
	read     int64 // bytes read so far
}

// importFile imports one file in batches; a record that cannot be read
// or stored is reported with its line number and skipped. Reading and
// decoding run on their own goroutine, so they overlap with storing.
func importFile(ctx context.Context, st *store.Store, pics *pictures, e *env, name string, progress bool) (importStats, error) {
	var stats importStats
	f, err := os.Open(name)
	if err != nil {
		return stats, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return stats, err
	}
	cr := &countingReader{r: f}
	bar := newProgress(e.stderr, name, info.Size(), progress)
	batches := make(chan *batch, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		b := &batch{}
		err := importer.Read(cr, func(rec importer.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, w := range rec.Warnings {
				b.warnings++
				b.messages = append(b.messages, fmt.Sprintf("%s:%d: warning: %s", name, rec.Line, w))
			}
			if rec.Err != nil {
				b.failed++
				b.messages = append(b.messages, fmt.Sprintf("%s:%d: %v", name, rec.Line, rec.Err))
				return nil
			}
			b.stories = append(b.stories, rec.Story)
			b.pictures = append(b.pictures, rec.Picture)
			b.lines = append(b.lines, rec.Line)
			if len(b.stories) >= importBatch {
				b.read = cr.n.Load()
				batches <- b
				b = &batch{}
			}
			return nil
		})
		b.read = cr.n.Load()
		batches <- b
		readErr <- err
	}()
	for b := range batches {
		bar.clear()
		if ctx.Err() != nil { // interrupted: drain what was read, store none of it
			stats.interrupted += len(b.stories)
			continue
		}
		for _, m := range b.messages {
			fmt.Fprintln(e.stderr, m)
		}
		stats.failed += b.failed
		stats.warnings += b.warnings
		b.attachPictures(ctx, pics, filepath.Dir(name), func(line int, err error) {
			stats.failed++
			fmt.Fprintf(e.stderr, "%s:%d: %v\n", name, line, err)
		})
		for i, r := range st.ImportStories(ctx, b.stories) {
			if r.Note != "" && r.Err == nil {
				stats.warnings++
				fmt.Fprintf(e.stderr, "%s:%d: warning: %s\n", name, b.lines[i], r.Note)
			}
			switch {
			case r.Err != nil && ctx.Err() != nil && news.ErrorCode(r.Err) == news.EINTERNAL:
				stats.interrupted++ // the interruption's doing, not the story's
			case r.Err != nil:
				stats.failed++
				// The operator needs the cause of an internal error, which
				// news.ErrorMessage keeps from readers.
				msg := news.ErrorMessage(r.Err)
				if news.ErrorCode(r.Err) == news.EINTERNAL {
					msg = r.Err.Error()
				}
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", name, b.lines[i], msg)
			case r.Skipped != "":
				stats.skipped++
				fmt.Fprintf(e.stderr, "%s:%d: skipped: %s\n", name, b.lines[i], r.Skipped)
			case r.Unchanged:
				stats.unchanged++
			case r.Created:
				stats.created++
			default:
				stats.updated++
			}
		}
		bar.update(b.read, stats.created+stats.updated+stats.unchanged+stats.skipped)
	}
	bar.done()
	err = <-readErr
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = nil // reported once, by runImport
	}
	if err == nil && ctx.Err() == nil && stats == (importStats{}) {
		err = errors.New("holds no stories (the file is empty or blank)")
	}
	return stats, err
}

// attachPictures reads the batch's pictures into the library and makes
// each its story's lead photo; a story whose picture fails is left out
// of the batch, and reported.
func (b *batch) attachPictures(ctx context.Context, pics *pictures, base string, failed func(line int, err error)) {
	keep := 0
	for i, s := range b.stories {
		if pic := b.pictures[i]; pic != nil {
			if err := pics.attach(ctx, s, pic, base); err != nil {
				failed(b.lines[i], err)
				continue
			}
		}
		b.stories[keep], b.pictures[keep], b.lines[keep] = s, b.pictures[i], b.lines[i]
		keep++
	}
	b.stories, b.pictures, b.lines = b.stories[:keep], b.pictures[:keep], b.lines[:keep]
}

// countingReader counts the bytes read through it, for the progress bar.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

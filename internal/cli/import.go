package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
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

// firstErrors is how many errors the summary repeats at its end.
const firstErrors = 10

// importStats is the summary of one import run.
type importStats struct {
	created, updated, unchanged, skipped, failed, warnings int
	// interrupted counts the stories read but left unstored because
	// the run was interrupted (Ctrl-C): not failures, work left to do.
	interrupted int
	comments    int            // comments imported
	dropped     int            // comments left out: spam, unapproved, pingbacks
	reasons     map[string]int // skipped, by reason
	featured    int            // WordPress featured images made lead photos
	noFeatured  []string       // featured images not imported: the first few, and why
	featuredOff int            // how many in all
	maxCode     int64          // the highest news code the imported stories carried
	errors      []string       // the first errors, file and line or item
}

func (s *importStats) skip(reason string) {
	s.skipped++
	if s.reasons == nil {
		s.reasons = map[string]int{}
	}
	s.reasons[reason]++
}

func (s *importStats) fail(msg string) {
	s.failed++
	if len(s.errors) < firstErrors {
		s.errors = append(s.errors, msg)
	}
}

// importRun is one `khabar import`: its options, its plan when it is a
// dry run, and its totals.
type importRun struct {
	st       *store.Store
	pics     *pictures
	e        *env
	progress bool
	plan     *store.ImportPlan // a dry run's; nil otherwise
	oldURLs  bool              // keep the stories' old addresses, for redirects
	total    importStats
}

func runImport(e *env, args []string) int {
	fs := flagSet(e, "import", "FILE|FOLDER|URL…")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	quiet := fs.Bool("quiet", false, "no progress bar")
	mediaDir := fs.String("media-dir", "", "directory of the photos' files (default: beside a SQLite file, DB-media)")
	fetchPhotos := fs.Bool("fetch-photos", false, "fetch the pictures of ninjs items from http(s) addresses (off: only files beside the imported file are read)")
	dryRun := fs.Bool("dry-run", false, "read everything and print the summary, writing nothing")
	firstCode := fs.Int64("first-code", 0, "give automatic news codes from this number up (before an archive's own codes can meet them)")
	fetch := fs.Bool("fetch", false, "arguments are story page URLs, or files listing them one a line, fetched one at a time")
	delay := fs.Duration("fetch-delay", 2*time.Second, "with --fetch, the pause between two requests")
	timeout := fs.Duration("fetch-timeout", 30*time.Second, "with --fetch, the longest one request may take")
	oldURLs := fs.Bool("redirect-old-urls", false, "keep each WordPress post's old address (its permalink and /?p=ID); the public site answers it with a 301 to the story")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "khabar import: name at least one file or folder (ninjs JSON, JSON Lines, a WordPress export, HTML story pages or page-text dumps), or URLs with --fetch")
		return 2
	}
	if *mediaDir == "" {
		*mediaDir = config.MediaDirFor(*db)
	}
	if *firstCode < 0 {
		fmt.Fprintln(e.stderr, "khabar import: --first-code must be a positive number")
		return 2
	}
	ctx, st, stop, ok := e.open(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()

	run := &importRun{st: st, e: e, progress: !*quiet && isTerminal(e.stderr), oldURLs: *oldURLs,
		pics: &pictures{st: st, dir: *mediaDir, fetch: *fetchPhotos}}
	if *dryRun {
		run.plan = st.NewImportPlan()
	}
	if *firstCode > 0 && !*dryRun {
		next, err := st.RaiseCodeFloor(ctx, *firstCode)
		if err != nil {
			fmt.Fprintln(e.stderr, "khabar import:", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "automatic news codes start at %d\n", next)
	}
	sectionsBefore := -1
	if !*dryRun {
		if secs, err := st.Sections(ctx); err == nil {
			sectionsBefore = len(secs)
		}
	}
	start := time.Now()
	if *fetch {
		f := &fetcher{delay: *delay, timeout: *timeout, maxSize: importer.MaxPage}
		urls, err := pageURLs(fs.Args())
		if err != nil {
			fmt.Fprintln(e.stderr, "khabar import:", err)
			return 2
		}
		for _, u := range urls {
			if ctx.Err() != nil {
				break
			}
			run.fetchOne(ctx, f, u)
		}
	} else {
		for _, name := range fs.Args() {
			if ctx.Err() != nil {
				break
			}
			run.path(ctx, name)
		}
	}
	return run.finish(ctx, start, sectionsBefore)
}

// path imports a file, or each file of a folder.
func (r *importRun) path(ctx context.Context, name string) {
	info, err := os.Stat(name)
	if err == nil && info.IsDir() {
		files, err := folderFiles(name)
		if err != nil {
			r.total.fail(fmt.Sprintf("%s: %v", name, err))
			fmt.Fprintf(r.e.stderr, "khabar import: %s: %v\n", name, err)
			return
		}
		if len(files) == 0 {
			r.total.fail(fmt.Sprintf("%s: no files to import", name))
			fmt.Fprintf(r.e.stderr, "khabar import: %s: holds no files to import\n", name)
		}
		for _, f := range files {
			if ctx.Err() != nil {
				return
			}
			r.file(ctx, f)
		}
		return
	}
	r.file(ctx, name)
}

func (r *importRun) file(ctx context.Context, name string) {
	f, err := os.Open(name)
	if err != nil {
		r.report(name, importStats{}, err)
		return
	}
	defer f.Close()
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	stats, err := r.importReader(ctx, name, f, size, importer.Options{}, filepath.Dir(name))
	r.report(name, stats, err)
}

func (r *importRun) report(name string, stats importStats, err error) {
	t := &r.total
	t.created += stats.created
	t.updated += stats.updated
	t.unchanged += stats.unchanged
	t.skipped += stats.skipped
	t.failed += stats.failed
	t.warnings += stats.warnings
	t.interrupted += stats.interrupted
	t.comments += stats.comments
	t.dropped += stats.dropped
	t.maxCode = max(t.maxCode, stats.maxCode)
	t.featured += stats.featured
	t.featuredOff += stats.featuredOff
	for _, m := range stats.noFeatured {
		if len(t.noFeatured) < firstErrors {
			t.noFeatured = append(t.noFeatured, m)
		}
	}
	for reason, n := range stats.reasons {
		if t.reasons == nil {
			t.reasons = map[string]int{}
		}
		t.reasons[reason] += n
	}
	for _, m := range stats.errors {
		if len(t.errors) < firstErrors {
			t.errors = append(t.errors, m)
		}
	}
	if err != nil {
		fmt.Fprintf(r.e.stderr, "khabar import: %s: %v\n", name, err)
		t.fail(fmt.Sprintf("%s: %v", name, err))
	}
}

// finish prints the summary and returns the exit status.
func (r *importRun) finish(ctx context.Context, start time.Time, sectionsBefore int) int {
	e, t := r.e, &r.total
	secs := time.Since(start).Seconds()
	stored := t.created + t.updated + t.unchanged + t.skipped
	verb := "imported"
	if r.plan != nil {
		verb = "dry run, nothing written: would import"
	}
	fmt.Fprintf(e.stdout, "%s %d new, %d updated, %d unchanged, %d skipped, %d failed, %d warnings in %.1fs (%.0f stories/s)\n",
		verb, t.created, t.updated, t.unchanged, t.skipped, t.failed, t.warnings, secs, float64(stored)/max(secs, 1e-9))
	if t.comments > 0 || t.dropped > 0 {
		fmt.Fprintf(e.stdout, "comments: %d imported, %d left out (spam, unapproved, pingbacks)\n", t.comments, t.dropped)
	}
	switch {
	case r.plan != nil:
		fmt.Fprintf(e.stdout, "sections: %d new\n", r.plan.Sections())
	case sectionsBefore >= 0:
		if secs, err := r.st.Sections(ctx); err == nil {
			fmt.Fprintf(e.stdout, "sections: %d new\n", len(secs)-sectionsBefore)
		}
	}
	if t.created > 0 && r.plan == nil {
		if n, err := r.st.DemoStories(ctx); err == nil && n > 0 {
			fmt.Fprintf(e.stdout, "the database still holds %d demo stories (محتوای نمایشی); khabar demo remove takes them out\n", n)
		}
	}
	if t.featured > 0 || t.featuredOff > 0 {
		fmt.Fprintf(e.stdout, "featured images: %d imported, %d not imported\n", t.featured, t.featuredOff)
		for _, m := range t.noFeatured {
			fmt.Fprintf(e.stdout, "  %s\n", m)
		}
	}
	if len(t.reasons) > 0 {
		var parts []string
		for reason, n := range t.reasons {
			parts = append(parts, fmt.Sprintf("%d %s", n, reason))
		}
		sort.Strings(parts)
		fmt.Fprintf(e.stdout, "skipped: %s\n", strings.Join(parts, ", "))
	}
	if t.maxCode > 0 {
		fmt.Fprintf(e.stdout, "highest news code imported: %d", t.maxCode)
		if next, err := r.st.NextCode(ctx); err == nil && r.plan == nil {
			fmt.Fprintf(e.stdout, "; next automatic code: %d", next)
		}
		fmt.Fprintln(e.stdout)
	}
	if len(t.errors) > 0 {
		fmt.Fprintf(e.stdout, "first errors:\n")
		for _, m := range t.errors {
			fmt.Fprintf(e.stdout, "  %s\n", m)
		}
	}
	if r.plan == nil && ctx.Err() == nil && t.created+t.updated >= optimizeAfter {
		// A bulk load leaves the search index in many pieces; merging
		// them now makes every later search cheaper.
		ostart := time.Now()
		if err := r.st.Optimize(ctx); err != nil {
			fmt.Fprintln(e.stderr, "khabar import:", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "search index optimized in %.1fs\n", time.Since(ostart).Seconds())
	}
	if ctx.Err() != nil {
		// Each batch is one transaction: what was stored is whole, and
		// importing again is idempotent, so the way on is to run it again.
		fmt.Fprintf(e.stderr, "khabar import: interrupted: %d stories read were not stored and the rest not read; run the import again to finish\n", t.interrupted)
		return 1
	}
	if t.failed > 0 {
		return 1
	}
	return 0
}

// batch is a run of records read from a file: the stories to store and
// what reading the others had to say, in file order.
type batch struct {
	stories  []*news.Story
	lines    []string // where each story is: "file:line" and the item
	comments [][]news.ImportedComment
	pictures []*ninjs.Picture // each story's, or nil
	extras   []store.ImportExtra
	featured []string     // each story's featured image address, or ""
	later    []laterPhoto // featured images of stories stored before
	messages []string     // errors and warnings of the reader
	errors   []string     // the errors among them
	failed   int
	warnings int
	skips    []string // reasons of the items the reader left out
	dropped  int
	read     int64 // bytes read so far
}

// importReader imports one input in batches; a record that cannot be
// read or stored is reported with its line number and skipped. Reading
// and decoding run on their own goroutine, so they overlap with storing.
// Pictures named by a relative path are read from base.
func (r *importRun) importReader(ctx context.Context, name string, in io.Reader, size int64, opt importer.Options, base string) (importStats, error) {
	var stats importStats
	e, st := r.e, r.st
	cr := &countingReader{r: in}
	bar := newProgress(e.stderr, name, size, r.progress)
	batches := make(chan *batch, 2)
	readErr := make(chan error, 1)
	// refused is the first store error saying the database takes no
	// writes (full, read-only): every later story would fail the same
	// way, so reading stops there.
	var refused error
	rctx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	go func() {
		defer close(batches)
		b := &batch{}
		err := importer.ReadWith(cr, opt, func(rec importer.Record) error {
			if err := rctx.Err(); err != nil {
				return err
			}
			where := fmt.Sprintf("%s:%d", name, rec.Line)
			if rec.Item != "" {
				where += ": " + rec.Item
			}
			if rec.PhotoFor != "" { // a featured image, or why there is none
				b.later = append(b.later, laterPhoto{where: where, uri: rec.PhotoFor, href: rec.FeaturedImage,
					missing: strings.Join(rec.Warnings, "; ")})
				return nil
			}
			for _, w := range rec.Warnings {
				b.warnings++
				b.messages = append(b.messages, fmt.Sprintf("%s: warning: %s", where, w))
			}
			b.dropped += rec.Dropped
			switch {
			case rec.Err != nil:
				b.failed++
				msg := fmt.Sprintf("%s: %v", where, rec.Err)
				b.messages = append(b.messages, msg)
				b.errors = append(b.errors, msg)
				return nil
			case rec.Skipped != "":
				b.skips = append(b.skips, rec.Skipped)
				if !rec.Quiet {
					b.messages = append(b.messages, fmt.Sprintf("%s: skipped: %s", where, rec.Skipped))
				}
				return nil
			}
			b.stories = append(b.stories, rec.Story)
			b.lines = append(b.lines, where)
			b.comments = append(b.comments, rec.Comments)
			b.pictures = append(b.pictures, rec.Picture)
			extra := store.ImportExtra{KeepPhoto: rec.PhotoLater}
			if r.oldURLs {
				extra.OldPaths = rec.OldPaths
			}
			b.extras = append(b.extras, extra)
			b.featured = append(b.featured, rec.FeaturedImage)
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
		if refused != nil {
			continue
		}
		for _, m := range b.messages {
			fmt.Fprintln(e.stderr, m)
		}
		stats.failed += b.failed
		for _, m := range b.errors {
			if len(stats.errors) < firstErrors {
				stats.errors = append(stats.errors, m)
			}
		}
		stats.warnings += b.warnings
		stats.dropped += b.dropped
		for _, reason := range b.skips {
			stats.skip(reason)
		}
		warn := func(where string, err error) {
			if err == nil {
				stats.featured++
				return
			}
			stats.warnings++
			stats.featuredOff++
			msg := fmt.Sprintf("%s: %v", where, err)
			if len(stats.noFeatured) < firstErrors {
				stats.noFeatured = append(stats.noFeatured, msg)
			}
			fmt.Fprintf(e.stderr, "%s: warning: %v\n", where, err)
		}
		if r.plan == nil {
			b.attachPictures(ctx, r.pics, base, func(where string, err error) {
				msg := fmt.Sprintf("%s: %v", where, err)
				stats.fail(msg)
				fmt.Fprintln(e.stderr, msg)
			})
			b.attachFeatured(ctx, r.pics, base, warn)
		}
		codes := make([]int64, len(b.stories))
		for i, s := range b.stories {
			codes[i] = s.Code
		}
		var results []store.ImportResult
		if r.plan != nil {
			results = r.plan.Stories(ctx, b.stories)
		} else {
			results = st.ImportStoriesWith(ctx, b.stories, b.extras)
		}
		var sets []store.CommentSet
		for i, res := range results {
			if res.Note != "" && res.Err == nil {
				stats.warnings++
				fmt.Fprintf(e.stderr, "%s: warning: %s\n", b.lines[i], res.Note)
			}
			switch {
			case res.Err != nil && ctx.Err() != nil && news.ErrorCode(res.Err) == news.EINTERNAL:
				stats.interrupted++ // the interruption's doing, not the story's
				continue
			case res.Err != nil && news.ErrorCode(res.Err) == news.EUNAVAILABLE:
				if refused == nil {
					refused = res.Err
					stopReading()
				}
				continue
			case res.Err != nil:
				// The operator needs the cause of an internal error, which
				// news.ErrorMessage keeps from readers.
				msg := news.ErrorMessage(res.Err)
				if news.ErrorCode(res.Err) == news.EINTERNAL {
					msg = res.Err.Error()
				}
				line := fmt.Sprintf("%s: %s", b.lines[i], msg)
				fmt.Fprintln(e.stderr, line)
				stats.fail(line)
				continue
			case res.Skipped != "":
				stats.skip(res.Skipped)
				fmt.Fprintf(e.stderr, "%s: skipped: %s\n", b.lines[i], res.Skipped)
			case res.Unchanged:
				stats.unchanged++
			case res.Created:
				stats.created++
			default:
				stats.updated++
			}
			stats.maxCode = max(stats.maxCode, codes[i])
			if cs := b.comments[i]; len(cs) > 0 && res.Skipped != store.SkippedKilled {
				if r.plan != nil {
					if res.ID == 0 {
						stats.comments += len(cs)
					}
					continue
				}
				sets = append(sets, store.CommentSet{StoryID: res.ID, URI: b.stories[i].URI, Comments: cs})
			}
		}
		if len(sets) > 0 {
			n, err := st.ImportComments(ctx, sets)
			if err != nil {
				msg := fmt.Sprintf("%s: comments of %d stories from here on: %v", b.lines[0], len(sets), err)
				stats.fail(msg)
				fmt.Fprintln(e.stderr, msg)
			}
			stats.comments += n
		}
		if r.plan == nil {
			for _, l := range b.later {
				r.laterPhoto(ctx, l, base, warn)
			}
		}
		bar.update(b.read, stats.created+stats.updated+stats.unchanged+stats.skipped)
	}
	bar.done()
	err := <-readErr
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = nil // reported once, by runImport
	}
	if refused != nil {
		// Each batch is one transaction: the stories stored before are
		// whole, and importing again is idempotent.
		err = fmt.Errorf("stopped: the database refuses writes (%v); the stories stored before are whole: run the import again once it takes writes", refused)
	}
	if err == nil && ctx.Err() == nil && stats.created+stats.updated+stats.unchanged+stats.skipped+stats.failed+stats.warnings+stats.interrupted == 0 {
		err = errors.New("holds no stories (the file is empty or blank)")
	}
	return stats, err
}

// attachPictures reads the batch's pictures into the library and makes
// each its story's lead photo; a story whose picture fails is left out
// of the batch, and reported.
func (b *batch) attachPictures(ctx context.Context, pics *pictures, base string, failed func(where string, err error)) {
	keep := 0
	for i, s := range b.stories {
		if pic := b.pictures[i]; pic != nil {
			if err := pics.attach(ctx, s, pic, base); err != nil {
				failed(b.lines[i], err)
				continue
			}
		}
		b.stories[keep], b.pictures[keep], b.lines[keep], b.comments[keep], b.extras[keep], b.featured[keep] =
			s, b.pictures[i], b.lines[i], b.comments[i], b.extras[i], b.featured[i]
		keep++
	}
	b.stories, b.pictures, b.lines, b.comments = b.stories[:keep], b.pictures[:keep], b.lines[:keep], b.comments[:keep]
	b.extras, b.featured = b.extras[:keep], b.featured[:keep]
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

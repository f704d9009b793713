package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/store"
)

const importBatch = 500

// importStats is the summary of one import run.
type importStats struct {
	created, updated, failed, warnings int
}

func runImport(e *env, args []string) int {
	fs := flagSet(e, "import", "FILE…")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "khabar import: name at least one file (ninjs JSON, JSON Lines or a page-text dump)")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	st, err := store.Open(ctx, *db)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar:", err)
		return 1
	}
	defer st.Close()

	var total importStats
	start := time.Now()
	for _, name := range fs.Args() {
		stats, err := importFile(ctx, st, e, name, !*quiet && isTerminal(e.stderr))
		total.created += stats.created
		total.updated += stats.updated
		total.failed += stats.failed
		total.warnings += stats.warnings
		if err != nil {
			fmt.Fprintf(e.stderr, "khabar import: %s: %v\n", name, err)
			total.failed++
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "imported %d new, %d updated, %d failed, %d warnings in %.1fs (%.0f stories/s)\n",
		total.created, total.updated, total.failed, total.warnings, secs, float64(total.created+total.updated)/max(secs, 1e-9))
	if total.failed > 0 {
		return 1
	}
	return 0
}

// importFile imports one file in batches; a record that cannot be read
// or stored is reported with its line number and skipped.
func importFile(ctx context.Context, st *store.Store, e *env, name string, progress bool) (importStats, error) {
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
	var batch []*news.Story
	var lines []int
	flush := func() {
		for i, r := range st.ImportStories(ctx, batch) {
			switch {
			case r.Err != nil:
				stats.failed++
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", name, lines[i], news.ErrorMessage(r.Err))
			case r.Created:
				stats.created++
			default:
				stats.updated++
			}
		}
		batch, lines = batch[:0], lines[:0]
		bar.update(cr.n, stats.created+stats.updated)
	}
	err = importer.Read(cr, func(rec importer.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, w := range rec.Warnings {
			stats.warnings++
			bar.clear()
			fmt.Fprintf(e.stderr, "%s:%d: warning: %s\n", name, rec.Line, w)
		}
		if rec.Err != nil {
			stats.failed++
			bar.clear()
			fmt.Fprintf(e.stderr, "%s:%d: %v\n", name, rec.Line, rec.Err)
			return nil
		}
		batch = append(batch, rec.Story)
		lines = append(lines, rec.Line)
		if len(batch) >= importBatch {
			bar.clear()
			flush()
		}
		return nil
	})
	if len(batch) > 0 {
		bar.clear()
		flush()
	}
	bar.done()
	return stats, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

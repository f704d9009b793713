package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/store"
)

func init() { openKhabar = openKhabarStore }

// khabarEngine is khabar's own search, called in process.
type khabarEngine struct {
	label string
	st    *store.Store
}

func (e *khabarEngine) name() string { return e.label }

func (e *khabarEngine) search(q string, k int) ([]string, error) {
	res, err := e.st.Search(context.Background(), news.SearchQuery{Text: q, Limit: k})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		if h.Story != nil {
			out = append(out, h.Story.URI)
		}
	}
	return out, nil
}

func (e *khabarEngine) spell(q string, k int) (spellAnswer, error) {
	res, err := e.st.Search(context.Background(), news.SearchQuery{Text: q, Limit: k})
	if err != nil {
		return spellAnswer{}, err
	}
	a := spellAnswer{suggestion: res.Suggestion, corrected: res.Corrected}
	for _, h := range res.Hits {
		if h.Story != nil {
			a.uris = append(a.uris, h.Story.URI)
		}
	}
	return a, nil
}

func (e *khabarEngine) suggest(q string) string {
	res, err := e.st.Search(context.Background(), news.SearchQuery{Text: q, Limit: 1})
	if err != nil {
		return ""
	}
	return res.Suggestion
}

// openKhabarStore opens a fresh khabar store on dsn (a SQLite path or a
// PostgreSQL URL) and imports the corpus through khabar's importer, in
// batches as `khabar import` does, timing the import.
func openKhabarStore(ctx context.Context, label, dsn, corpus string) (engine, importStats, func(), error) {
	var stats importStats
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, stats, nil, err
	}
	done := func() { st.Close() }
	f, err := os.Open(corpus)
	if err != nil {
		done()
		return nil, stats, nil, err
	}
	defer f.Close()
	const batchSize = 500
	var batch []*news.Story
	var firstErr error
	flush := func() {
		for _, r := range st.ImportStories(ctx, batch) {
			if r.Err != nil {
				stats.Failed++
				if firstErr == nil {
					firstErr = r.Err
				}
			} else {
				stats.Stories++
			}
		}
		batch = batch[:0]
	}
	t := time.Now()
	err = importer.Read(f, func(r importer.Record) error {
		if r.Err != nil {
			stats.Failed++
			if firstErr == nil {
				firstErr = fmt.Errorf("line %d: %w", r.Line, r.Err)
			}
			return nil
		}
		batch = append(batch, r.Story)
		if len(batch) >= batchSize {
			flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		flush()
	}
	stats.Seconds = time.Since(t).Seconds()
	if err != nil {
		done()
		return nil, stats, nil, err
	}
	if stats.Seconds > 0 {
		stats.PerSec = float64(stats.Stories) / stats.Seconds
	}
	if firstErr != nil {
		fmt.Fprintf(os.Stderr, "  %s: %d stories not imported; first: %v\n", label, stats.Failed, firstErr)
	}
	if stats.Stories == 0 {
		done()
		return nil, stats, nil, fmt.Errorf("no story imported")
	}
	return &khabarEngine{label: label, st: st}, stats, done, nil
}

package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The forward index: each indexed story's terms with their counts, kept
// in search_docs.fwd, so ranking can score the terms whose posting lists
// are too long to read for just the stories that could make the page.

// addLong reads the forward entries of the candidates and counts their
// occurrences of the long terms.
func (s *Store) addLong(ctx context.Context, r *ranker, cands []scored, long map[string]int) error {
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	fwd, err := s.forwardEntries(ctx, ids)
	if err != nil {
		return err
	}
	for _, c := range cands {
		entries := fwd[c.id]
		for _, term := range slices.Sorted(maps.Keys(long)) {
			if tf, ok := lookupForward(entries, term); ok {
				r.add(term, hit{doc: r.metas[c.slot], tf: tf})
			}
		}
	}
	return nil
}

// forwardText writes a story's terms with their counts per field, one
// "term head lead body" line each, in term order: what addLong reads.
func forwardText(d *searchDoc) string {
	counts := make(map[string][numFields]int, 256)
	size := 0
	for f := range d.terms {
		for _, t := range d.terms[f] {
			c, ok := counts[t.term]
			if !ok {
				size += len(t.term) + 8
			}
			c[f]++
			counts[t.term] = c
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, term := range slices.Sorted(maps.Keys(counts)) {
		c := counts[term]
		b.WriteString(term)
		for f := range c {
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(c[f]))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// lookupForward finds term's counts in forward entries.
func lookupForward(entries, term string) ([numFields]uint16, bool) {
	var tf [numFields]uint16
	i := 0
	if !strings.HasPrefix(entries, term+" ") {
		i = strings.Index(entries, "\n"+term+" ")
		if i < 0 {
			return tf, false
		}
		i++
	}
	line := entries[i+len(term)+1:]
	if j := strings.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	for f, field := range strings.Fields(line) {
		if f < numFields {
			n, _ := strconv.Atoi(field)
			tf[f] = uint16(n)
		}
	}
	return tf, true
}

// forwardEntries returns the forward index entries of the stories.
func (s *Store) forwardEntries(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT story_id, fwd FROM search_docs WHERE story_id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read forward index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var fwd string
		if err := rows.Scan(&id, &fwd); err != nil {
			return nil, fmt.Errorf("store: read forward index: %w", err)
		}
		out[id] = fwd
	}
	return out, rows.Err()
}

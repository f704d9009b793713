package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// postgresSearch keeps the index in search_docs.tsv, a tsvector written
// as a literal (no parser, no dictionary) with weight A for the headline,
// B for the lead and D for the body, under a GIN index. Term counts per
// field are the number of positions of each weight.
type postgresSearch struct{}

var fieldWeight = [numFields]byte{fieldHead: 'A', fieldLead: 'B', fieldBody: 'D'}

// tsvectorLiteral writes d's terms as a tsvector literal.
func tsvectorLiteral(d *searchDoc) string {
	type occ struct {
		pos int
		w   byte
	}
	byTerm := map[string][]occ{}
	var order []string
	for f := range d.terms {
		for _, t := range d.terms[f] {
			if _, ok := byTerm[t.term]; !ok {
				order = append(order, t.term)
			}
			byTerm[t.term] = append(byTerm[t.term], occ{t.pos, fieldWeight[f]})
		}
	}
	sort.Strings(order)
	var b strings.Builder
	for i, term := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(term, `\`, `\\`), `'`, `''`))
		b.WriteString("':")
		for j, o := range byTerm[term] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(o.pos))
			b.WriteByte(o.w)
		}
	}
	return b.String()
}

func (postgresSearch) writeDoc(ctx context.Context, s *Store, tx *txn, d *searchDoc) error {
	_, err := tx.exec(ctx, `INSERT INTO search_docs
		(story_id, section_id, source, published_us, len_head, len_lead, len_body, tsv, fwd)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8::tsvector, $9)
		ON CONFLICT (story_id) DO UPDATE SET section_id = excluded.section_id, source = excluded.source,
			published_us = excluded.published_us, len_head = excluded.len_head, len_lead = excluded.len_lead,
			len_body = excluded.len_body, tsv = excluded.tsv, fwd = excluded.fwd`,
		d.storyID, d.sectionID, d.source, d.published, d.length[fieldHead], d.length[fieldLead], d.length[fieldBody],
		tsvectorLiteral(d), d.fwd)
	if err != nil {
		return fmt.Errorf("store: index story %d: %w", d.storyID, err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_postings WHERE story_id = $1`, d.storyID); err != nil {
		return fmt.Errorf("store: index story %d: %w", d.storyID, err)
	}
	tx.dropPending(d.storyID)
	tx.pending = append(tx.pending, d)
	return nil
}

// flush writes the postings of every story indexed in tx in one
// statement: a batch import is thousands of rows per story batch, and
// one round trip per story would be most of its time.
func (postgresSearch) flush(ctx context.Context, tx *txn) error {
	if len(tx.pending) == 0 {
		return nil
	}
	var ids []int64
	var terms []string
	var counts [numFields][]int
	for _, d := range tx.pending {
		ts, cs := termCounts(d)
		for range ts {
			ids = append(ids, d.storyID)
		}
		terms = append(terms, ts...)
		for f := range counts {
			counts[f] = append(counts[f], cs[f]...)
		}
	}
	tx.pending = nil
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO search_postings (term, story_id, tf_head, tf_lead, tf_body)
		SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::int[])`,
		pgArray(terms), pgNumArray(ids), pgNumArray(counts[fieldHead]), pgNumArray(counts[fieldLead]), pgNumArray(counts[fieldBody]))
	if err != nil {
		return fmt.Errorf("store: write search postings: %w", err)
	}
	return nil
}

// pgArray writes strings as a PostgreSQL array literal.
func pgArray(ss []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// pgNumArray writes numbers as a PostgreSQL array literal.
func pgNumArray[T int | int64](ns []T) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, n := range ns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(int64(n), 10))
	}
	b.WriteByte('}')
	return b.String()
}

func (postgresSearch) deleteDoc(ctx context.Context, s *Store, tx *txn, storyID int64) error {
	tx.dropPending(storyID)
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE story_id = $1`, storyID); err != nil {
		return fmt.Errorf("store: unindex story %d: %w", storyID, err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_postings WHERE story_id = $1`, storyID); err != nil {
		return fmt.Errorf("store: unindex story %d: %w", storyID, err)
	}
	return nil
}

func (postgresSearch) postings(ctx context.Context, s *Store, terms []string) ([]posting, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	rows, err := s.query(ctx, `SELECT story_id, term, tf_head, tf_lead, tf_body
		FROM search_postings WHERE term = ANY($1::text[])`, pgArray(terms))
	if err != nil {
		return nil, fmt.Errorf("store: read postings: %w", err)
	}
	defer rows.Close()
	var out []posting
	for rows.Next() {
		var p posting
		if err := rows.Scan(&p.doc, &p.term, &p.tf[fieldHead], &p.tf[fieldLead], &p.tf[fieldBody]); err != nil {
			return nil, fmt.Errorf("store: read postings: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// vocabularyQuery lists every indexed term with the number of stories
// holding it.
func (postgresSearch) vocabularyQuery() string {
	return `SELECT word, ndoc FROM ts_stat('SELECT tsv FROM search_docs')`
}

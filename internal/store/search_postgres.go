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
		(story_id, section_id, source, published_us, len_head, len_lead, len_body, tsv)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8::tsvector)
		ON CONFLICT (story_id) DO UPDATE SET section_id = excluded.section_id, source = excluded.source,
			published_us = excluded.published_us, len_head = excluded.len_head, len_lead = excluded.len_lead,
			len_body = excluded.len_body, tsv = excluded.tsv`,
		d.storyID, d.sectionID, d.source, d.published, d.length[fieldHead], d.length[fieldLead], d.length[fieldBody],
		tsvectorLiteral(d))
	if err != nil {
		return fmt.Errorf("store: index story %d: %w", d.storyID, err)
	}
	return nil
}

func (postgresSearch) deleteDoc(ctx context.Context, s *Store, tx *txn, storyID int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE story_id = $1`, storyID); err != nil {
		return fmt.Errorf("store: unindex story %d: %w", storyID, err)
	}
	return nil
}

// tsquoteTerm quotes a term for a tsquery literal.
func tsquoteTerm(t string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), `'`, `''`) + "'"
}

func (postgresSearch) postings(ctx context.Context, s *Store, terms []string) ([]posting, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = tsquoteTerm(t)
	}
	// The array literal is passed as text: terms hold only letters and
	// digits, but quote them all the same.
	arr := make([]string, len(terms))
	for i, t := range terms {
		arr[i] = `"` + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), `"`, `\"`) + `"`
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.story_id, d.section_id, d.source, d.published_us,
		d.len_head, d.len_lead, d.len_body, u.lexeme, array_to_string(u.weights, '')
		FROM search_docs d, unnest(d.tsv) u
		WHERE d.tsv @@ $1::tsquery AND u.lexeme = ANY($2::text[])`,
		strings.Join(quoted, " | "), "{"+strings.Join(arr, ",")+"}")
	if err != nil {
		return nil, fmt.Errorf("store: read postings: %w", err)
	}
	defer rows.Close()
	var out []posting
	for rows.Next() {
		var p posting
		var weights string
		m := &p.doc
		if err := rows.Scan(&m.id, &m.sectionID, &m.source, &m.published,
			&m.length[fieldHead], &m.length[fieldLead], &m.length[fieldBody], &p.term, &weights); err != nil {
			return nil, fmt.Errorf("store: read postings: %w", err)
		}
		for i := 0; i < len(weights); i++ {
			switch weights[i] {
			case 'A':
				p.tf[fieldHead]++
			case 'B':
				p.tf[fieldLead]++
			default:
				p.tf[fieldBody]++
			}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (postgresSearch) vocabulary(ctx context.Context, s *Store) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT word, ndoc FROM ts_stat('SELECT tsv FROM search_docs')`)
	if err != nil {
		return nil, fmt.Errorf("store: read vocabulary: %w", err)
	}
	defer rows.Close()
	vocab := map[string]int{}
	for rows.Next() {
		var term string
		var df int
		if err := rows.Scan(&term, &df); err != nil {
			return nil, fmt.Errorf("store: read vocabulary: %w", err)
		}
		vocab[term] = df
	}
	return vocab, rows.Err()
}

func (postgresSearch) flush(ctx context.Context, tx *txn) error { return nil }

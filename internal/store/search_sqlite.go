package store

import (
	"context"
	"fmt"
	"strings"
)

// sqliteSearch keeps the index in an FTS5 table whose rowid is the story
// id. The analyzer's terms are written space-separated and FTS5's ascii
// tokenizer splits them at the spaces and nowhere else, so FTS5 holds
// exactly khabar's terms; fts5vocab reads counts straight off the index.
type sqliteSearch struct{}

func (sqliteSearch) writeDoc(ctx context.Context, s *Store, tx *txn, d *searchDoc) error {
	if err := (sqliteSearch{}).deleteDoc(ctx, s, tx, d.storyID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO search_docs
		(story_id, section_id, source, published_us, len_head, len_lead, len_body, fwd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.storyID, d.sectionID, d.source, d.published, d.length[fieldHead], d.length[fieldLead], d.length[fieldBody],
		d.fwd); err != nil {
		return fmt.Errorf("store: index story %d: %w", d.storyID, err)
	}
	tx.pending = append(tx.pending, d)
	return nil
}

func (sqliteSearch) deleteDoc(ctx context.Context, s *Store, tx *txn, storyID int64) error {
	if tx.dropPending(storyID) { // written earlier in this transaction
		_, err := tx.exec(ctx, `DELETE FROM search_docs WHERE story_id = ?`, storyID)
		return err
	}
	res, err := tx.exec(ctx, `DELETE FROM search_docs WHERE story_id = ?`, storyID)
	if err != nil {
		return fmt.Errorf("store: unindex story %d: %w", storyID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // never indexed: the FTS table holds nothing for it
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, storyID); err != nil {
		return fmt.Errorf("store: unindex story %d: %w", storyID, err)
	}
	return nil
}

// flush writes the FTS rows of the transaction in as few statements as
// it can: FTS5 flushes its pending terms to disk whenever another
// statement opens a savepoint, so one insert per story would write one
// index segment per story. ftsRowsPerInsert keeps one insert's
// parameters well under SQLite's limit of 32766.
const ftsRowsPerInsert = 1000

func (sqliteSearch) flush(ctx context.Context, tx *txn) error {
	rows := tx.pending
	tx.pending = nil
	for len(rows) > 0 {
		n := min(len(rows), ftsRowsPerInsert)
		args := make([]any, 0, 4*n)
		for _, d := range rows[:n] {
			args = append(args, d.storyID, joinTerms(d.terms[fieldHead]), joinTerms(d.terms[fieldLead]), joinTerms(d.terms[fieldBody]))
		}
		query := `INSERT INTO search_fts (rowid, head, lead, body) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ")
		if _, err := tx.tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("store: write search index: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

func joinTerms(ts []posTerm) string {
	size := 0
	for _, t := range ts {
		size += len(t.term) + 1
	}
	var b strings.Builder
	b.Grow(size)
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.term)
	}
	return b.String()
}

func (sqliteSearch) postings(ctx context.Context, s *Store, terms []string) ([]posting, error) {
	var out []posting
	for _, term := range terms {
		rows, err := s.query(ctx, `SELECT doc, col, count(*) FROM search_vocab WHERE term = ? GROUP BY doc, col`, term)
		if err != nil {
			return nil, fmt.Errorf("store: read postings: %w", err)
		}
		last := int64(-1)
		for rows.Next() {
			var doc int64
			var col string
			var n int
			if err := rows.Scan(&doc, &col, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: read postings: %w", err)
			}
			if doc != last { // rows come grouped by story
				out = append(out, posting{doc: doc, term: term})
				last = doc
			}
			p := &out[len(out)-1]
			switch col {
			case "head":
				p.tf[fieldHead] += n
			case "lead":
				p.tf[fieldLead] += n
			default:
				p.tf[fieldBody] += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: read postings: %w", err)
		}
	}
	return out, nil
}

// vocabularyQuery lists every indexed term with the number of stories
// holding it.
func (sqliteSearch) vocabularyQuery() string {
	return `SELECT term, doc FROM search_vocab_row`
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"khabar/internal/news"
)

// Wire items: what other agencies sent, on the desk in a table of their
// own. An item is stored once: by its feed id and by its normalized
// text; near-duplicates share a group, found through LSH bands.

// WireAnalysis is what grouping computed of an item's text (see
// internal/wire): the store keeps it and looks candidates up by band.
type WireAnalysis struct {
	Fingerprint string
	Signature   []byte
	Bands       []int64
	// Terms is the search text: every term between spaces.
	Terms string
}

// WireCandidate is an item on the desk sharing a band with a new one.
type WireCandidate struct {
	ID, Group int64
	Signature []byte
}

// NewWireItem is an item to add with its analysis.
type NewWireItem struct {
	Item     *news.WireItem
	Analysis WireAnalysis
}

// wireGroupWindow bounds how far back a new item's near-duplicates are
// looked for: agencies retell a story within days.
const wireGroupWindow = 7 * 24 * time.Hour

// AddWireItems stores the items of one poll of a source, in one
// transaction, and returns how many were new. An item whose GUID or
// fingerprint the desk already holds is dropped. Each new item joins
// the group pick chooses for it among the items sharing a band with it
// (0: none, and it starts its own); the items of a batch see each other.
// It sets ID, Group and Arrived of the items it stores.
func (s *Store) AddWireItems(ctx context.Context, src *news.WireSource, items []NewWireItem,
	pick func(NewWireItem, []WireCandidate) int64) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	added := 0
	err := s.writeTx(ctx, func(tx *txn) error {
		added = 0
		// Polls of several feeds run at once: one at a time here, or two
		// tellings of one story arriving together would start two groups.
		if err := s.dialect.lockInTx(ctx, tx, lockWireGroups); err != nil {
			return fmt.Errorf("store: add wire items: %w", err)
		}
		now := s.now().UTC()
		var near wireNear
		if pick != nil {
			var err error
			if near, err = s.wireCandidates(ctx, tx, items, now.Add(-wireGroupWindow)); err != nil {
				return err
			}
		}
		for _, n := range items {
			ok, err := s.addWireItem(ctx, tx, src, n, now, pick, near)
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func (s *Store) addWireItem(ctx context.Context, tx *txn, src *news.WireSource, n NewWireItem, now time.Time,
	pick func(NewWireItem, []WireCandidate) int64, near wireNear) (bool, error) {
	it, a := n.Item, n.Analysis
	guid := wireGUID(src.ID, it.GUID)
	var dup int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM wire_items WHERE guid = ? OR fingerprint = ?`, guid, a.Fingerprint).Scan(&dup); err != nil {
		return false, fmt.Errorf("store: find wire duplicate: %w", err)
	}
	if dup > 0 {
		return false, nil
	}
	group := int64(0)
	if len(a.Bands) > 0 && pick != nil {
		group = pick(n, near.of(a.Bands))
	}
	it.Arrived = now
	it.SourceID, it.Credit = src.ID, src.Credit
	err := tx.queryRow(ctx, `INSERT INTO wire_items (source_id, credit, guid, fingerprint, group_id, headline, lead, body, link,
		published_us, arrived_us, signature, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		src.ID, src.Credit, guid, a.Fingerprint, group, it.Headline, it.Lead, it.Body, it.Link,
		micros(it.Published), now.UnixMicro(), a.Signature, a.Terms).Scan(&it.ID)
	if err != nil {
		return false, fmt.Errorf("store: add wire item: %w", err)
	}
	if group == 0 {
		group = it.ID
		if _, err := tx.exec(ctx, `UPDATE wire_items SET group_id = ? WHERE id = ?`, group, it.ID); err != nil {
			return false, fmt.Errorf("store: add wire item: %w", err)
		}
	}
	it.Group = group
	if near != nil {
		near.add(a.Bands, WireCandidate{ID: it.ID, Group: group, Signature: a.Signature})
	}
	if _, err := tx.exec(ctx, `INSERT INTO wire_signatures (item_id, group_id, arrived_us, signature) VALUES (?, ?, ?, ?)`,
		it.ID, group, now.UnixMicro(), a.Signature); err != nil {
		return false, fmt.Errorf("store: add wire signature: %w", err)
	}
	if len(a.Bands) > 0 {
		// One statement for all of an item's bands: a round trip each
		// was most of an item's cost on PostgreSQL.
		args := make([]any, 0, 2*len(a.Bands))
		for _, b := range a.Bands {
			args = append(args, b, it.ID)
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?), ", len(a.Bands)), ", ")
		if _, err := tx.exec(ctx, `INSERT INTO wire_bands (band, item_id) VALUES `+values, args...); err != nil {
			return false, fmt.Errorf("store: add wire bands: %w", err)
		}
	}
	return true, nil
}

// wireGUID is the key an item is known by: a URI (a URL, a urn:, a
// tag:) names one item whichever feed carries it; any other id is
// only unique in its feed.
func wireGUID(source int64, guid string) string {
	if i := strings.Index(guid, ":"); i > 0 && !strings.ContainsAny(guid[:i], " /") {
		return guid
	}
	return strconv.FormatInt(source, 10) + "#" + guid
}

// wireNear holds, by LSH band, the items on the desk a poll's items
// may be near-duplicates of; the poll's items join it as they are
// stored, so later ones see them.
type wireNear map[int64][]*WireCandidate

// wireNearCap bounds the candidates kept for one band (and given for
// one item): a band shared by that many items is a group already.
const wireNearCap = 200

// of returns the candidates sharing any of bands, oldest first.
func (w wireNear) of(bands []int64) []WireCandidate {
	seen := map[int64]bool{}
	var out []WireCandidate
	for _, b := range bands {
		for _, c := range w[b] {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, *c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > wireNearCap {
		out = out[:wireNearCap]
	}
	return out
}

func (w wireNear) add(bands []int64, c WireCandidate) {
	for _, b := range bands {
		if len(w[b]) < wireNearCap {
			w[b] = append(w[b], &c)
		}
	}
}

// wireCandidates finds, in as few queries as a poll's bands allow
// (rather than one an item: each query's plan was most of an item's
// cost on PostgreSQL), the items that arrived since since and share a
// band with any of items.
func (s *Store) wireCandidates(ctx context.Context, tx *txn, items []NewWireItem, since time.Time) (wireNear, error) {
	near := wireNear{}
	var bands []int64
	seen := map[int64]bool{}
	for _, n := range items {
		for _, b := range n.Analysis.Bands {
			if !seen[b] {
				seen[b] = true
				bands = append(bands, b)
			}
		}
	}
	byID := map[int64]*WireCandidate{}
	const chunk = 800
	for len(bands) > 0 {
		part := bands[:min(chunk, len(bands))]
		bands = bands[len(part):]
		args := make([]any, 0, len(part)+1)
		for _, b := range part {
			args = append(args, b)
		}
		args = append(args, since.UnixMicro())
		rows, err := tx.tx.QueryContext(ctx, s.q(`SELECT b.band, g.item_id, g.group_id, g.signature FROM wire_bands b
			JOIN wire_signatures g ON g.item_id = b.item_id
			WHERE b.band IN (`+placeholders(len(part))+`) AND g.arrived_us >= ? ORDER BY g.item_id`), args...)
		if err != nil {
			return nil, fmt.Errorf("store: find wire candidates: %w", err)
		}
		for rows.Next() {
			var band int64
			var c WireCandidate
			if err := rows.Scan(&band, &c.ID, &c.Group, &c.Signature); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: find wire candidates: %w", err)
			}
			if len(near[band]) >= wireNearCap {
				continue
			}
			p := byID[c.ID]
			if p == nil {
				p = &c
				byID[c.ID] = p
			}
			near[band] = append(near[band], p)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: find wire candidates: %w", err)
		}
	}
	return near, nil
}

const wireItemColumns = `i.id, coalesce(i.source_id, 0), i.credit, i.guid, i.headline, i.lead, i.body, i.link,
	i.published_us, i.arrived_us, i.group_id, coalesce(i.story_id, 0)`

func scanWireItem(row interface{ Scan(...any) error }) (*news.WireItem, error) {
	var it news.WireItem
	var pub sql.NullInt64
	var arrived int64
	err := row.Scan(&it.ID, &it.SourceID, &it.Credit, &it.GUID, &it.Headline, &it.Lead, &it.Body, &it.Link,
		&pub, &arrived, &it.Group, &it.Story)
	if err != nil {
		return nil, err
	}
	it.Published = fromMicros(pub)
	it.Arrived = time.UnixMicro(arrived).UTC()
	return &it, nil
}

// WireItem returns one item, or ENOTFOUND.
func (s *Store) WireItem(ctx context.Context, id int64) (*news.WireItem, error) {
	it, err := scanWireItem(s.queryRow(ctx, `SELECT `+wireItemColumns+` FROM wire_items i WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "خبر رسیده‌ای با شناسهٔ %d نیست", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load wire item %d: %w", id, err)
	}
	return it, nil
}

// WireItems returns a page of items, newest first, as f selects, and
// the cursor of the next page ("" after the last). Search words and the
// section keyword are analysed as the index is (internal/persian), so
// every spelling of a word finds it. It returns EINVALID, naming
// "cursor", for a cursor it did not give out.
func (s *Store) WireItems(ctx context.Context, f news.WireFilter, terms []string) ([]*news.WireItem, string, error) {
	where := []string{"1 = 1"}
	var args []any
	if f.Source > 0 {
		where = append(where, "i.source_id = ?")
		args = append(args, f.Source)
	}
	for _, t := range terms {
		where = append(where, "i.terms LIKE ?")
		args = append(args, "% "+t+" %")
	}
	if f.Cursor != "" {
		at, id, ok := parseWireCursor(f.Cursor)
		if !ok {
			return nil, "", news.FieldErrorf("cursor", news.EINVALID, "«cursor» را این فهرست نداده است")
		}
		where = append(where, "(i.arrived_us < ? OR (i.arrived_us = ? AND i.id < ?))")
		args = append(args, at, at, id)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+wireItemColumns+` FROM wire_items i WHERE `+
		strings.Join(where, " AND ")+` ORDER BY i.arrived_us DESC, i.id DESC LIMIT ?`), args...)
	if err != nil {
		return nil, "", fmt.Errorf("store: list wire items: %w", err)
	}
	defer rows.Close()
	var out []*news.WireItem
	for rows.Next() {
		it, err := scanWireItem(rows)
		if err != nil {
			return nil, "", fmt.Errorf("store: list wire items: %w", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("store: list wire items: %w", err)
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = strconv.FormatInt(last.Arrived.UnixMicro(), 10) + "-" + strconv.FormatInt(last.ID, 10)
	}
	return out, next, nil
}

func parseWireCursor(c string) (at, id int64, ok bool) {
	a, b, found := strings.Cut(c, "-")
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	return at, id, found && err1 == nil && err2 == nil && id > 0
}

// WireGroups returns the items of the groups named, oldest first, by
// group.
func (s *Store) WireGroups(ctx context.Context, groups []int64) (map[int64][]*news.WireItem, error) {
	out := map[int64][]*news.WireItem{}
	if len(groups) == 0 {
		return out, nil
	}
	args := make([]any, len(groups))
	for i, g := range groups {
		args[i] = g
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+wireItemColumns+` FROM wire_items i
		WHERE i.group_id IN (`+placeholders(len(groups))+`) ORDER BY i.arrived_us, i.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: load wire groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanWireItem(rows)
		if err != nil {
			return nil, fmt.Errorf("store: load wire groups: %w", err)
		}
		out[it.Group] = append(out[it.Group], it)
	}
	return out, rows.Err()
}

// WireItemCount counts the items on the desk.
func (s *Store) WireItemCount(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM wire_items`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count wire items: %w", err)
	}
	return n, nil
}

// PurgeWire deletes the items that arrived before before, except those
// republished, and returns how many went.
func (s *Store) PurgeWire(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *txn) error {
		for _, table := range []string{"wire_bands", "wire_signatures"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE item_id IN
			(SELECT id FROM wire_items WHERE arrived_us < ? AND story_id IS NULL)`, before.UnixMicro()); err != nil {
				return err
			}
		}
		res, err := tx.exec(ctx, `DELETE FROM wire_items WHERE arrived_us < ? AND story_id IS NULL`, before.UnixMicro())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: purge wire items: %w", err)
	}
	return n, nil
}

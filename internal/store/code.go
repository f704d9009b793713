package store

import (
	"context"
	"fmt"

	"khabar/internal/news"
)

// nextCode hands out a fresh news code inside tx. The counter row is
// locked by the UPDATE until tx ends, so concurrent writers get distinct
// codes; a code taken by a transaction that rolls back is simply skipped.
func (s *Store) nextCode(ctx context.Context, tx *txn) (int64, error) {
	for {
		var code int64
		err := tx.queryRow(ctx, `UPDATE news_code_counter SET next_code = next_code + 1 WHERE id = 1 RETURNING next_code - 1`).Scan(&code)
		if err != nil {
			return 0, fmt.Errorf("store: take news code: %w", err)
		}
		taken, err := s.claimCode(ctx, tx, code)
		if err != nil {
			return 0, err
		}
		if !taken {
			return code, nil
		}
		// An imported story holds this code already: take the next one.
	}
}

// keepCode records an imported story's own code, refusing one that
// another story holds, and moves the counter past it so it is never
// handed out again.
func (s *Store) keepCode(ctx context.Context, tx *txn, code int64) error {
	taken, err := s.claimCode(ctx, tx, code)
	if err != nil {
		return err
	}
	if taken {
		return news.Errorf(news.ECONFLICT, "news code %d belongs to another story", code)
	}
	_, err = tx.exec(ctx, `UPDATE news_code_counter SET next_code = `+s.dialect.greatest()+`(next_code, ?) WHERE id = 1`, code+1)
	if err != nil {
		return fmt.Errorf("store: advance news code counter: %w", err)
	}
	return nil
}

// claimCode records code as used and reports whether it already was.
func (s *Store) claimCode(ctx context.Context, tx *txn, code int64) (taken bool, err error) {
	res, err := tx.exec(ctx, `INSERT INTO news_codes (code) VALUES (?) ON CONFLICT (code) DO NOTHING`, code)
	if err != nil {
		return false, fmt.Errorf("store: record news code %d: %w", code, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: record news code %d: %w", code, err)
	}
	return n == 0, nil
}

// RaiseCodeFloor makes automatic news codes start at first or above:
// the counter moves up to first when it is below, never down. An
// archive's own codes below the floor then never meet a code the site
// gave out itself. It returns the next automatic code.
func (s *Store) RaiseCodeFloor(ctx context.Context, first int64) (int64, error) {
	if first <= 0 {
		return 0, news.Errorf(news.EINVALID, "the first news code must be a positive number")
	}
	var next int64
	err := s.writeTx(ctx, func(tx *txn) error {
		_, err := tx.exec(ctx, `UPDATE news_code_counter SET next_code = `+s.dialect.greatest()+`(next_code, ?) WHERE id = 1`, first)
		if err != nil {
			return fmt.Errorf("store: raise news code floor: %w", err)
		}
		if err := tx.queryRow(ctx, `SELECT next_code FROM news_code_counter WHERE id = 1`).Scan(&next); err != nil {
			return fmt.Errorf("store: read news code counter: %w", err)
		}
		tx.audit(ctx, news.ActorImport, "newscode.floor", "newscode", first, "", fmt.Sprintf("next automatic code %d", next))
		return nil
	})
	return next, err
}

// NextCode returns the news code the site would give out next.
func (s *Store) NextCode(ctx context.Context) (int64, error) {
	var next int64
	if err := s.queryRow(ctx, `SELECT next_code FROM news_code_counter WHERE id = 1`).Scan(&next); err != nil {
		return 0, fmt.Errorf("store: read news code counter: %w", err)
	}
	return next, nil
}

package store

import (
	"context"
	"fmt"
)

// Ping returns an error when the database cannot be reached: the
// readiness check asks it.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("store: ping %s: %w", s.dialect.name(), err)
	}
	return nil
}

package store

import (
	"context"
	"fmt"
	"time"

	"khabar/internal/news"
)

// PublishDue publishes the scheduled stories whose time has come and
// returns them. Each is published exactly once however many nodes run
// this at the same moment: the write is conditional on the revision the
// scheduler read, so of two racing schedulers one writes and the other
// finds the story moved on and leaves it.
func (s *Store) PublishDue(ctx context.Context) ([]*news.Story, error) {
	rows, err := s.query(ctx, `SELECT id, revision FROM stories WHERE status = ? AND published_us <= ?
		ORDER BY published_us, id LIMIT 200`, string(news.StatusScheduled), s.now().UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("store: find due stories: %w", err)
	}
	type due struct{ id, rev int64 }
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.rev); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: find due stories: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find due stories: %w", err)
	}
	var out []*news.Story
	for _, d := range list {
		st, err := s.Write(ctx, news.ActorScheduler, d.id, Command{Action: news.ActionPublish, Base: d.rev})
		switch news.ErrorCode(err) {
		case "":
			out = append(out, st)
		case news.ESTALE, news.ECONFLICT, news.ENOTFOUND:
			// Another scheduler, or an editor, got there first.
		default:
			return out, err
		}
	}
	return out, nil
}

// RunScheduler publishes due stories every interval until ctx ends, on
// one node of a cluster at a time (see Exclusive), telling report after
// each run what it published, whether it ran (false: another node held
// the lock) and what failed.
func (s *Store) RunScheduler(ctx context.Context, interval time.Duration, report func(published []*news.Story, ran bool, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		var published []*news.Story
		ran, err := s.Exclusive(ctx, "scheduler", func(ctx context.Context) error {
			var err error
			published, err = s.PublishDue(ctx)
			return err
		})
		if report != nil && ctx.Err() == nil {
			report(published, ran, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

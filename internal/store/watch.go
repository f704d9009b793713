package store

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// Watch follows the change log until ctx ends, calling onChange (when
// not nil) with the newest change id each time the log grows, whoever
// wrote it: this process, another node, a command-line import. On
// PostgreSQL it listens for the notifications writers send (on a
// connection of its own, reconnecting with back-off, reading the log
// once after each connect so nothing sent while it was away is missed);
// while it listens, searches skip asking the database for the newest
// change. On SQLite it polls the log every pollEvery.
func (s *Store) Watch(ctx context.Context, onChange func(last int64)) {
	if s.dialect.name() == "postgres" {
		s.listen(ctx, onChange)
		return
	}
	s.poll(ctx, onChange)
}

// pollEvery is how often a SQLite store looks for changes.
const pollEvery = 250 * time.Millisecond

func (s *Store) poll(ctx context.Context, onChange func(int64)) {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	var last int64
	for {
		if id, err := s.LatestChange(ctx); err == nil && id != last {
			last = id
			if onChange != nil {
				onChange(id)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Store) listen(ctx context.Context, onChange func(int64)) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, onChange)
		s.feed.listening.Store(false)
		if ctx.Err() != nil {
			return
		}
		_ = err // a dropped connection: back off and connect again
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenOnce listens on one connection until it fails.
func (s *Store) listenOnce(ctx context.Context, onChange func(int64)) error {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.Connect(cctx, s.dsn)
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		return err
	}
	// Listening now: read the log once for what came before.
	last, err := s.LatestChange(ctx)
	if err != nil {
		return err
	}
	s.feed.listening.Store(true)
	if onChange != nil {
		onChange(last)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if id, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
			s.feed.seen(id)
			if onChange != nil {
				onChange(id)
			}
		}
	}
}

package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/store/storetest"
)

// Watch hears every change, whoever writes it, and on PostgreSQL comes
// back after its connection is cut, missing nothing.
func TestWatchHearsOtherNodes(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		a, b := storetest.Open(t, dsn), storetest.Open(t, dsn)
		d := newDesk(t, a)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var mu sync.Mutex
		var heard int64
		go b.Watch(ctx, func(last int64) {
			mu.Lock()
			heard = max(heard, last)
			mu.Unlock()
		})
		wait := func(id int64, what string) {
			t.Helper()
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				mu.Lock()
				h := heard
				mu.Unlock()
				if h >= id {
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
			t.Fatalf("%s: change %d not heard (heard %d)", what, id, heard)
		}
		s, err := a.CreateDraft(ctx, d.reporter, content("خبر برای شنیدن"))
		if err != nil {
			t.Fatal(err)
		}
		last, _ := a.LatestChange(ctx)
		wait(last, "a draft")
		start := time.Now()
		if _, err := a.Publish(ctx, d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		last, _ = a.LatestChange(ctx)
		wait(last, "a publication")
		if took := time.Since(start); took > time.Second {
			t.Errorf("a change took %v to reach the other node", took)
		}
		if !strings.HasPrefix(dsn, "postgres") {
			return
		}
		// Cut the listener's connection; changes made while it is away
		// are heard once it is back.
		db := storetest.SQL(t, dsn)
		var cut int
		if err := db.QueryRow(`SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE query LIKE 'LISTEN %' || current_schema() || '%' AND pid <> pg_backend_pid()) t`).Scan(&cut); err != nil || cut != 1 {
			t.Fatalf("cut %d listeners (%v), want 1", cut, err)
		}
		if _, err := a.CreateDraft(ctx, d.reporter, content("خبری هنگام قطع")); err != nil {
			t.Fatal(err)
		}
		last, _ = a.LatestChange(ctx)
		wait(last, "a change while the listener was cut off")
	})
}

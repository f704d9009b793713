package store_test

import (
	"context"
	"strings"
	"testing"

	"khabar/internal/store/storetest"
)

// A job run under Exclusive runs on one node at a time: while one node
// holds it, another skips it; once released, it runs again.
func TestExclusiveRunsOnOneNodeAtATime(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		a, b := storetest.Open(t, dsn), storetest.Open(t, dsn)
		var inner bool
		ran, err := a.Exclusive(ctx, "scheduler", func(ctx context.Context) error {
			var err error
			inner, err = b.Exclusive(ctx, "scheduler", func(context.Context) error { return nil })
			return err
		})
		if err != nil || !ran {
			t.Fatalf("first node: ran %v, err %v", ran, err)
		}
		if strings.HasPrefix(dsn, "postgres") && inner {
			t.Error("a second node ran the job while the first held it")
		}
		if ran, err := b.Exclusive(ctx, "scheduler", func(context.Context) error { return nil }); !ran || err != nil {
			t.Errorf("after release: ran %v, err %v", ran, err)
		}
		if ran, err := b.Exclusive(ctx, "housekeeping", func(context.Context) error { return nil }); !ran || err != nil {
			t.Errorf("another job's name: ran %v, err %v", ran, err)
		}
	})
}

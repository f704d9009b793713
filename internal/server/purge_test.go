package server_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

// purge is one post the relay received.
type purge struct {
	Tags []string `json:"tags"`
	All  bool     `json:"all"`
}

// A CDN in front is told what to drop: each cached page names its tags
// in Surrogate-Key and Cache-Tag, and when an editor changes a story the
// relay at --purge-url is posted the tags of the pages the node dropped
// (its story, its section and tag pages, the home page and the feeds),
// and everything when a section is renamed. A relay that fails is
// tried again.
func TestCDNIsPurgedByTag(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		posts := make(chan purge, 16)
		var failed atomic.Bool
		relay := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !failed.Swap(true) {
				http.Error(w, "busy", http.StatusBadGateway)
				return
			}
			var p purge
			if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&p) != nil {
				t.Errorf("relay got %s %s", r.Method, r.Header.Get("Content-Type"))
			}
			posts <- p
		}))
		defer relay.Close()
		p, err := server.NewPurger(relay.URL+"/purge", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go p.Run(ctx)

		d := newDesk(t, st)
		n := startNodeWith(t, st, server.CacheOptions{MaxBytes: 8 << 20, TagHeaders: true, Dropped: p.Dropped})
		n.caught()
		market := n.url(d.market)
		n.get(market)
		hit := n.get(market)
		keys := strings.Fields(hit.header.Get("Surrogate-Key"))
		if hit.header.Get("X-Cache") != "hit" || !slices.Contains(keys, web.StoryTag(d.market.ID)) || !slices.Contains(keys, web.TagNav) {
			t.Fatalf("cached article: X-Cache %q, Surrogate-Key %q", hit.header.Get("X-Cache"), keys)
		}
		if got := strings.Split(hit.header.Get("Cache-Tag"), ","); !slices.Equal(got, keys) {
			t.Errorf("Cache-Tag %q, Surrogate-Key %q", got, keys)
		}
		if home := n.get("/"); !strings.Contains(home.header.Get("Surrogate-Key"), web.TagHome) {
			t.Errorf("home page Surrogate-Key %q", home.header.Get("Surrogate-Key"))
		}

		c := news.ContentOf(d.market)
		c.Lead = "شاخص کل امروز سه درصد بالا رفت."
		if _, err := st.SaveStory(context.Background(), d.editor, d.market.ID, d.market.Revision, c); err != nil {
			t.Fatal(err)
		}
		got := wait(t, posts)
		for _, tag := range []string{web.StoryTag(d.market.ID), web.SectionTag(d.market.Section.ID), web.TagHome, web.TagFeeds} {
			if !slices.Contains(got.Tags, tag) {
				t.Errorf("purge after an edit %+v lacks %q", got, tag)
			}
		}
		if got.All || slices.Contains(got.Tags, web.StoryTag(d.oman.ID)) {
			t.Errorf("purge after an edit of one story: %+v", got)
		}

		sec, err := st.SectionBySlug(context.Background(), "world")
		if err != nil {
			t.Fatal(err)
		}
		sec.Name = "جهان"
		if err := st.UpdateSection(context.Background(), d.editor, sec, nil); err != nil {
			t.Fatal(err)
		}
		if got := wait(t, posts); !got.All {
			t.Errorf("purge after a section was renamed: %+v, want all", got)
		}
	})
}

func wait(t *testing.T, posts <-chan purge) purge {
	t.Helper()
	select {
	case p := <-posts:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("the relay was told nothing")
	}
	return purge{}
}

package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/pagecache"
	"khabar/internal/store"
	"khabar/internal/web"
)

// CacheOptions are what NewCache takes.
type CacheOptions struct {
	MaxBytes int64
	// TagHeaders and Dropped are pagecache.Options' (a CDN's purge by
	// tag, see Purger).
	TagHeaders bool
	Dropped    func(tags []string)
}

// NewCache returns a page cache for the public site, which a request
// carrying a newsroom session neither reads nor fills. Files (assets,
// photos) pass by it: they are served from disk or memory already, with
// ranges, and are not pages.
func NewCache(o CacheOptions) *pagecache.Cache {
	return pagecache.New(pagecache.Options{MaxBytes: o.MaxBytes, TagHeaders: o.TagHeaders, Dropped: o.Dropped,
		Bypass: func(r *http.Request) bool {
			return newsroomUser(r) || strings.HasPrefix(r.URL.Path, "/static/") || strings.HasPrefix(r.URL.Path, "/media/")
		}})
}

// newsroomUser reports whether r carries a newsroom session cookie. The
// cookie's path keeps it off public pages, so this is a second line.
func newsroomUser(r *http.Request) bool {
	for _, c := range r.Header["Cookie"] {
		if strings.Contains(c, newsroom.SessionCookie+"=") {
			return true
		}
	}
	return false
}

// Follower keeps a page cache in step with the change log: each change,
// whoever wrote it on whichever node, drops the pages it touched.
type Follower struct {
	st    *store.Store
	cache *pagecache.Cache
	log   *slog.Logger

	mu   sync.Mutex
	last int64 // the newest change applied
	// Replica, when set, is the read replica the site renders from: a
	// change is applied once the replica has it too (or a second has
	// passed), so a page rendered after the drop is not the old one.
	Replica *store.Store
	// Applied, when set, is told of each batch applied: the newest
	// change id and how long after it was written it was applied.
	Applied func(last int64, lag time.Duration)
}

// NewFollower returns a follower that starts after the newest change in
// the log now: the cache is empty, so nothing before matters.
func NewFollower(ctx context.Context, st *store.Store, cache *pagecache.Cache, log *slog.Logger) (*Follower, error) {
	last, err := st.LatestChange(ctx)
	if err != nil {
		return nil, err
	}
	return &Follower{st: st, cache: cache, log: log, last: last}, nil
}

// Last returns the newest change the follower applied.
func (f *Follower) Last() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

// OnChange is store.Watch's callback: it reads the log from the last
// change applied up to newest and applies what it finds. After a
// reconnect Watch calls it with the newest id, so changes announced
// while the node was away are read here too.
func (f *Follower) OnChange(newest int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for f.last < newest {
		batch, err := f.st.Changes(ctx, f.last, 500)
		if err != nil {
			// The database is away; the cache may hold stale pages
			// until it is back, so it holds none.
			f.log.Error("follow change log", "err", err)
			f.cache.Purge()
			return
		}
		if len(batch) == 0 {
			return
		}
		if batch[0].ID != f.last+1 {
			// The log was pruned past us: what changed is unknown.
			f.cache.Purge()
		}
		if f.Replica != nil && !f.Replica.WaitFor(ctx, batch[len(batch)-1].ID, replicaWait) {
			f.log.Warn("read replica is behind", "change", batch[len(batch)-1].ID)
		}
		for _, c := range batch {
			f.apply(ctx, c)
		}
		f.last = batch[len(batch)-1].ID
		if f.Applied != nil {
			f.Applied(f.last, time.Since(batch[len(batch)-1].At))
		}
	}
}

// replicaWait is how long a change waits for the read replica.
const replicaWait = time.Second

// apply drops the pages c touched.
func (f *Follower) apply(ctx context.Context, c store.Change) {
	switch c.Kind {
	case store.ChangeUser:
		// Accounts are not on public pages.
	case store.ChangeStory:
		if !c.Public() {
			return // a draft saved, a story sent for review
		}
		tags := []string{web.StoryTag(c.StoryID), web.SectionTag(c.SectionID), web.TagHome, web.TagFeeds, web.TagSearch}
		st, err := f.st.StoryByID(ctx, c.StoryID)
		switch {
		case err == nil:
			tags = append(tags, web.ChangedTags(st)...)
			parents, err := f.parentSections(ctx, c.SectionID, st.Section.ID)
			if err != nil {
				f.log.Error("follow change log", "story", c.StoryID, "err", err)
				f.cache.Purge()
				return
			}
			tags = append(tags, parents...)
		case news.ErrorCode(err) != news.ENOTFOUND:
			f.log.Error("follow change log", "story", c.StoryID, "err", err)
			f.cache.Purge()
			return
		}
		f.cache.Invalidate(tags...)
	case store.ChangeComments:
		if c.StoryID == 0 {
			f.cache.Invalidate(web.TagComments)
			return
		}
		f.cache.Invalidate(web.CommentsTag(c.StoryID))
	default:
		// Sections (on every page's navigation), imports, migrations
		// and kinds this node does not know: start again.
		f.cache.Purge()
	}
}

// parentSections returns the tags of the sections above the given ones:
// a section's page lists its sub-sections' stories too.
func (f *Follower) parentSections(ctx context.Context, ids ...int64) ([]string, error) {
	tree, err := f.st.SectionTree(ctx)
	if err != nil {
		return nil, err
	}
	var tags []string
	for _, id := range ids {
		if path := tree.Path(id); len(path) > 1 {
			for _, sec := range path[:len(path)-1] {
				tags = append(tags, web.SectionTag(sec.ID))
			}
		}
	}
	return tags, nil
}

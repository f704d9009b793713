package store

import (
	"context"
	"slices"
	"sync"

	"khabar/internal/news"
)

// memo keeps one value read from the database for as long as the
// change log has not moved, and for the same key: the section tree,
// the comment settings, the breaking marks of the second — what every
// public page reads and the newsroom changes rarely. Every write that
// could change such a value logs a change (its commit moves the log),
// so a value read after change n is current until change n+1; the
// check costs one read of the log's counter (none while a PostgreSQL
// listener keeps it), against the queries it saves.
//
// Values are shared between callers, who must not change them.
type memo[K comparable, V any] struct {
	mu    sync.Mutex
	ok    bool
	at    int64 // the change the value was read after
	key   K
	value V
}

// get returns the value for key, loading it when the log has moved or
// the key differs. The change id is taken before the load: a change
// committed while it runs makes the next call load again.
func (m *memo[K, V]) get(ctx context.Context, s *Store, key K, load func(context.Context) (V, error)) (V, error) {
	at, err := s.knownChange(ctx)
	if err != nil {
		var zero V
		return zero, err
	}
	m.mu.Lock()
	if m.ok && m.at == at && m.key == key {
		v := m.value
		m.mu.Unlock()
		return v, nil
	}
	m.mu.Unlock()
	v, err := load(ctx)
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if !m.ok || at >= m.at {
		m.ok, m.at, m.key, m.value = true, at, key, v
	}
	m.mu.Unlock()
	return v, nil
}

// pinKey keys the change id a context is pinned to, for one store.
type pinKey struct{ s *Store }

// Pin returns ctx carrying the newest change id in the log now, so that
// the kept reads made with it (a page's: the sections, the breaking
// marks, the story, the comment settings) ask the log once between them
// rather than once each. A context already pinned is returned as it is;
// one the log cannot be read for, unpinned.
func (s *Store) Pin(ctx context.Context) context.Context {
	if _, ok := ctx.Value(pinKey{s}).(int64); ok {
		return ctx
	}
	at, err := s.knownChange(ctx)
	if err != nil {
		return ctx
	}
	return context.WithValue(ctx, pinKey{s}, at)
}

// storyMemo keeps stories read since the change log last moved, by code
// or by id: an article, or a listing's story, asked for again and again
// is read once per change.
type storyMemo struct {
	mu    sync.Mutex
	at    int64
	m     map[int64]*news.Story
	bytes int
}

// maxStoryBytes bounds each memory of stories, by the text they hold
// (storyBytes): some 6,000 stories of an agency's usual length, all a
// search's results or a day's listings ask for. Past it the memory
// starts again.
const maxStoryBytes = 24 << 20

// storyBytes is about what st holds in memory: its text, and a little
// for the rest.
func storyBytes(st *news.Story) int {
	n := 512 + len(st.URI) + len(st.Kicker) + len(st.Headline) + len(st.Lead) + len(st.Source) +
		len(st.Provider) + len(st.Byline) + len(st.Body) + len(st.PhotoCaption) + len(st.Section.Slug) + len(st.Section.Name)
	for _, t := range st.Tags {
		n += 16 + len(t)
	}
	for _, c := range st.Corrections {
		n += 64 + len(c.Note)
	}
	return n
}

// get returns the story kept under key (a code or an id) as read after
// change at, or nil.
func (m *storyMemo) get(at, key int64) *news.Story {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.at != at {
		return nil
	}
	return m.m[key]
}

// put keeps st under key as read after change at.
func (m *storyMemo) put(at, key int64, st *news.Story) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if at < m.at {
		return // read before a change another reader has seen
	}
	n := storyBytes(st)
	if at != m.at || m.m == nil || m.bytes+n > maxStoryBytes {
		m.at, m.m, m.bytes = at, make(map[int64]*news.Story), 0
	}
	if old, ok := m.m[key]; ok {
		m.bytes -= storyBytes(old)
	}
	m.m[key] = st
	m.bytes += n
}

// cloneStory returns a copy of st that shares nothing a caller may
// change with it.
func cloneStory(st *news.Story) *news.Story {
	c := *st
	c.Tags = slices.Clone(st.Tags)
	c.Corrections = slices.Clone(st.Corrections)
	if st.Photo != nil {
		p := *st.Photo
		p.Widths = slices.Clone(st.Photo.Widths)
		c.Photo = &p
	}
	if st.Origin != nil {
		o := *st.Origin
		c.Origin = &o
	}
	return &c
}

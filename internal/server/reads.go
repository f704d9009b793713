package server

import (
	"context"
	"time"

	"khabar/internal/metrics"
	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/web"
)

// replicaReads sends the public site's reads of stories, sections and
// searches to a read replica, and everything else (comments, which
// readers write and expect to see at once) to the primary.
type replicaReads struct {
	*store.Store
	read *store.Store
}

func (r replicaReads) StoryByCode(ctx context.Context, code int64) (*news.Story, error) {
	return r.read.StoryByCode(ctx, code)
}

func (r replicaReads) Stories(ctx context.Context, f news.StoryFilter) (news.Page, error) {
	return r.read.Stories(ctx, f)
}

func (r replicaReads) Sections(ctx context.Context) ([]news.Section, error) {
	return r.read.Sections(ctx)
}

func (r replicaReads) SectionBySlug(ctx context.Context, slug string) (news.Section, error) {
	return r.read.SectionBySlug(ctx, slug)
}

func (r replicaReads) Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	return r.read.Search(ctx, q)
}

func (r replicaReads) PublicStories(ctx context.Context, f news.PublicFilter) ([]*news.Story, error) {
	return r.read.PublicStories(ctx, f)
}

func (r replicaReads) PublicLinks(ctx context.Context, f news.PublicFilter, offset int) ([]news.StoryLink, error) {
	return r.read.PublicLinks(ctx, f, offset)
}

func (r replicaReads) PublicDates(ctx context.Context, at time.Time, fn func(published, updated time.Time) error) error {
	return r.read.PublicDates(ctx, at, fn)
}

func (r replicaReads) PublicState(ctx context.Context, at time.Time) (news.PublicState, error) {
	return r.read.PublicState(ctx, at)
}

// timedSearch times every search for the metrics.
type timedSearch struct {
	web.Store
	m *metrics.Metrics
}

func (t timedSearch) Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	start := time.Now()
	defer func() { t.m.ObserveSearch(time.Since(start)) }()
	return t.Store.Search(ctx, q)
}

package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// showTag serves /tag/{name}?page=N: the stories carrying the tag. A tag
// no visible story carries is not found.
func (s *server) showTag(w http.ResponseWriter, r *http.Request) {
	tag := r.PathValue("name")
	if !utf8.ValidString(tag) || strings.TrimSpace(tag) == "" {
		s.notFound(w, r)
		return
	}
	pageNo, err := parsePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.newPage(r, pageTitle(tag, pageNo))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Canonical = s.absolute(pagedURL(tagURL(tag), pageNo))
	p.Feeds = append(p.Feeds, scopeFeeds(s.cfg.SiteName, tag, tagURL(tag))...)
	d := listData{page: p, Kind: "برچسب", Heading: tag}
	if err := s.listPage(r, news.StoryFilter{Tag: tag}, pageNo, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Total == 0 {
		s.notFound(w, r)
		return
	}
	pagecache.Depend(r, TagTag(tag))
	s.render(w, r, http.StatusOK, "list", d)
}

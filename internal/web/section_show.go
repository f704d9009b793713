package web

import (
	"net/http"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// showSection serves /section/{slug}?page=N: the section's stories,
// newest first.
func (s *server) showSection(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if !utf8.ValidString(slug) {
		s.notFound(w, r)
		return
	}
	pageNo, err := parsePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sec, err := s.store.SectionBySlug(r.Context(), slug)
	if news.ErrorCode(err) == news.ENOTFOUND {
		// A slug the section had before a rename or a merge.
		if to, rerr := s.store.SectionRedirect(r.Context(), slug); rerr == nil {
			target := sectionURL(to)
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.newPage(r, pageTitle(sec.Name, pageNo))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Current = p.navSlug(sec)
	p.Canonical = s.absolute(pagedURL(sectionURL(sec), pageNo))
	p.Feeds = append(p.Feeds, scopeFeeds(s.cfg.SiteName, sec.Name, sectionURL(sec))...)
	d := listData{page: p, Kind: "سرویس", Heading: sec.Name, Empty: "هنوز خبری در این سرویس منتشر نشده است.",
		Children: p.tree.Children(sec.ID), Crumbs: p.crumbs(sec)}
	d.Crumbs = d.Crumbs[:max(len(d.Crumbs)-1, 0)] // the heading names the section itself
	if err := s.listPage(r, news.StoryFilter{SectionIDs: p.tree.Subtree(sec.ID)}, pageNo, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	pagecache.Depend(r, SectionTag(sec.ID))
	s.render(w, r, http.StatusOK, "list", d)
}

package web

import (
	"net/http"

	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// deskSize is how many stories the home page lists per section.
const deskSize = 5

type homeData struct {
	page
	Lead  *news.Story
	Desks []desk
}

// desk is one section's column on the home page.
type desk struct {
	Section news.Section
	Stories []*news.Story
}

// showHome serves /: the newest story large, then the latest of each
// section (without repeating the lead story).
func (s *server) showHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.newPage(r, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Canonical = s.absolute("/")
	now := s.now()
	latest, err := s.store.Stories(ctx, news.StoryFilter{PublicAt: now, Limit: 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := homeData{page: p}
	pagecache.Depend(r, TagHome, TagNav)
	dependOnStories(r, latest.Stories)
	if len(latest.Stories) > 0 {
		data.Lead = latest.Stories[0]
		data.Description = excerpt(data.Lead.Lead, 300)
	}
	for _, sec := range p.Sections {
		got, err := s.store.Stories(ctx, news.StoryFilter{SectionSlug: sec.Slug, PublicAt: now, Limit: deskSize + 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		dependOnStories(r, got.Stories)
		d := desk{Section: sec}
		for _, st := range got.Stories {
			if (data.Lead == nil || st.ID != data.Lead.ID) && len(d.Stories) < deskSize {
				d.Stories = append(d.Stories, st)
			}
		}
		if len(d.Stories) > 0 {
			data.Desks = append(data.Desks, d)
		}
	}
	s.render(w, r, http.StatusOK, "home", data)
}

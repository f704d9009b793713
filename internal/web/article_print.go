package web

import (
	"net/http"

	"khabar/internal/pagecache"
)

// showArticlePrint serves /news/{code}/print: the story alone, with no
// navigation, laid out for paper.
func (s *server) showArticlePrint(w http.ResponseWriter, r *http.Request) {
	st, ok := s.visibleStory(w, r)
	if !ok {
		return
	}
	p := page{
		Site:      s.cfg.SiteName,
		Title:     st.Headline + " - " + s.cfg.SiteName,
		Canonical: s.absolute(storyURL(st)),
		NoIndex:   true,
		Today:     s.now(),
	}
	body, err := s.body(r.Context(), st)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pagecache.Depend(r, StoryTag(st.ID))
	s.render(w, r, http.StatusOK, "print", articleData{
		page:      p,
		Story:     st,
		Body:      body,
		EndMarker: s.cfg.EndMarker,
		ShowURL:   readableURL(p.Canonical),
	})
}

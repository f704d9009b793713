package web

import (
	"net/http"

	"khabar/internal/news"
)

// unmatched answers a request no route matched: an imported archive's
// old address of a story is sent on to the story, anything else is not
// found.
func (s *server) unmatched(w http.ResponseWriter, r *http.Request) {
	if !s.redirectOld(w, r) {
		s.notFound(w, r)
	}
}

// redirectOld answers a GET or HEAD of an old address kept by
// `khabar import --redirect-old-urls` and reports whether it did: with
// a 301 to the story when the public may see it, else as its page would
// (410 for a killed story, 404 for one not public). One indexed lookup.
func (s *server) redirectOld(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || isAPI(r) {
		return false
	}
	key := news.OldPath(r.URL)
	if key == "" {
		return false
	}
	st, err := s.store.StoryByOldPath(r.Context(), key)
	switch {
	case news.ErrorCode(err) == news.ENOTFOUND:
		return false
	case err != nil:
		s.fail(w, r, err)
	case st.Gone():
		s.renderError(w, r, http.StatusGone)
	case !st.Visible(s.now()) || st.Code == 0:
		s.renderError(w, r, http.StatusNotFound)
	default:
		http.Redirect(w, r, s.absolute(storyURL(st)), http.StatusMovedPermanently)
	}
	return true
}

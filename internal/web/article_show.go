package web

import (
	"html/template"
	"net/http"
	"strconv"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/pagecache"
)

type articleData struct {
	page
	Story     *news.Story
	Body      template.HTML
	EndMarker string
	Comments  *commentsView
	ShowURL   string // the canonical URL as a reader reads it, unescaped
	// Preview marks the newsroom's preview of a story not yet public.
	Preview bool
	// Crumbs are the story's section and those above it, from the top.
	Crumbs []news.Section
	// Related are the stories on the same subject («اخبار مرتبط»).
	Related []*news.Story
	// ShortURL is the story's short link; JSONLD its structured data.
	ShortURL string
	JSONLD   []any
	// OGImage is the lead photo as social networks show it; nil for a
	// story without one.
	OGImage *ogImage
}

// relatedShown is how many related stories an article lists.
const relatedShown = 5

// showArticle serves /news/{code}/{slug} and /news/{code}. Any address of
// a story other than its canonical one (no slug, an old slug after the
// headline changed, a code with leading zeros) redirects permanently.
func (s *server) showArticle(w http.ResponseWriter, r *http.Request) {
	st, ok := s.visibleStory(w, r)
	if !ok {
		return
	}
	canonical := storyURL(st)
	if r.PathValue("code") != strconv.FormatInt(st.Code, 10) || r.PathValue("slug") != slugOf(st.Headline).text {
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return
	}
	comments, err := s.commentSection(r, st, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if reads := s.cfg.Reads; reads != nil {
		// A reader served the stored page counts as much as this one.
		// (The hook holds the id, not the story, which the cache does not
		// count in its bytes.)
		id := st.ID
		count := func(r *http.Request) {
			if isReader(r) {
				reads.Count(id)
			}
		}
		count(r)
		pagecache.OnServe(r, count)
	}
	s.renderArticle(w, r, http.StatusOK, st, comments)
}

// renderArticle writes the page of st with status and its comment
// section. A page that carries what one reader did (the form they sent,
// the notice after posting) is never cached.
func (s *server) renderArticle(w http.ResponseWriter, r *http.Request, status int, st *news.Story, comments *commentsView) {
	related, err := s.store.Related(r.Context(), st.ID, s.now(), relatedShown)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.newPage(r, st.Headline)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Canonical = s.absolute(storyURL(st))
	p.Description = excerpt(st.Lead, 300)
	p.Current = p.navSlug(st.Section)
	p.showing(st)
	p.showing(related...)
	p.Feeds = append(p.Feeds, scopeFeeds(s.cfg.SiteName, st.Section.Name, sectionURL(st.Section))...)
	crumbs := p.crumbs(st.Section)
	body, err := s.body(r.Context(), st)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := articleData{
		page:      p,
		Story:     st,
		Body:      body,
		EndMarker: s.cfg.EndMarker,
		Comments:  comments,
		Crumbs:    crumbs,
		Related:   related,
		ShortURL:  s.shortURL(st),
		// JSONLD and OGImage are made when the story's head is
		// rendered (see storyPart), not when it is kept.
	}
	if comments.personal() {
		pagecache.NoStore(r)
		s.pages.Render(w, r, status, "article", "layout", "no-store", data)
		return
	}
	pagecache.Depend(r, StoryTag(st.ID), CommentsTag(st.ID), TagComments, TagNav)
	s.render(w, r, status, "article", data)
}

// visibleStory loads the story named by {code}, writing the error page
// and returning false when there is none the public may see.
func (s *server) visibleStory(w http.ResponseWriter, r *http.Request) (*news.Story, bool) {
	code, err := strconv.ParseInt(jalali.LatinDigits(r.PathValue("code")), 10, 64)
	if err != nil || code <= 0 {
		s.notFound(w, r)
		return nil, false
	}
	st, err := s.store.StoryByCode(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if st.Gone() {
		s.fail(w, r, news.Errorf(news.EGONE, "خبر %d حذف شده است", code))
		return nil, false
	}
	if !st.Visible(s.now()) {
		s.notFound(w, r)
		return nil, false
	}
	return st, true
}

// Preview writes the article page of st as readers will see it once it
// is published, for the newsroom: marked as a preview, never indexed,
// never cached. st need not have a news code yet.
func (site *Site) Preview(w http.ResponseWriter, r *http.Request, st *news.Story) {
	s := site.s
	p, err := s.newPage(r, st.Headline)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.NoIndex = true
	p.Description = excerpt(st.Lead, 300)
	p.Current = p.navSlug(st.Section)
	p.showing(st)
	body, err := s.body(r.Context(), st)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A preview is not a reader's view: it is not counted.
	data := articleData{page: p, Story: st, Body: body, EndMarker: s.cfg.EndMarker, Preview: true,
		Crumbs: p.crumbs(st.Section), Comments: &commentsView{Preview: true}}
	s.pages.Render(w, r, http.StatusOK, "article", "layout", "no-store", data)
}

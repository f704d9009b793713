package web

import (
	"net/http"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// listData is a paginated listing of stories: a section, a tag, a day.
type listData struct {
	page
	Heading  string
	Kind     string // what is listed, shown above the heading: سرویس, برچسب, آرشیو
	Stories  []*news.Story
	Total    int
	Empty    string // shown when there are no stories
	PrevDay  string // archive only: links to the neighbouring days
	NextDay  string
	PrevName string
	NextName string
	// Children are a section's sub-sections; Crumbs the sections above it.
	Children []news.Section
	Crumbs   []news.Section
}

// listPage loads page p of the stories f selects and fills in the
// listing. It returns ENOTFOUND for a page past the end.
func (s *server) listPage(r *http.Request, f news.StoryFilter, pageNo int, d *listData) error {
	f.PublicAt = s.now()
	f.Limit = perPage
	f.Offset = (pageNo - 1) * perPage
	got, err := s.store.Stories(r.Context(), f)
	if err != nil {
		return err
	}
	if outOfRange(pageNo, got.Total, perPage) {
		return news.Errorf(news.ENOTFOUND, "page %d is past the end of the listing", pageNo)
	}
	pagecache.Depend(r, TagNav)
	dependOnStories(r, got.Stories)
	d.Stories, d.Total = got.Stories, got.Total
	d.showing(got.Stories...)
	d.Pager = newPager(r.URL, pageNo, got.Total, perPage)
	return nil
}

// pageTitle adds the page number to a listing's title after page 1.
func pageTitle(title string, pageNo int) string {
	if pageNo > 1 {
		return title + " - صفحه " + jalali.PersianValue(pageNo)
	}
	return title
}

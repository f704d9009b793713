package web

import (
	"net/http"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// showArchive serves /archive/{yyyy}/{mm}/{dd}?page=N: the stories
// published on that Jalali day in Tehran. A day that does not exist is
// not found.
func (s *server) showArchive(w http.ResponseWriter, r *http.Request) {
	day, err := jalali.ParseDate(r.PathValue("yyyy") + "/" + r.PathValue("mm") + "/" + r.PathValue("dd"))
	if err != nil || !day.Valid() {
		s.notFound(w, r)
		return
	}
	if r.URL.EscapedPath() != archiveURL(day) {
		// 1402/8/4 or Persian digits: send to the one spelling we link.
		target := archiveURL(day)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	pageNo, err := parsePage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	start := day.Start()
	// Days are 23 to 25 hours long around daylight saving changes, so step
	// into the middle of the neighbouring day and take its date.
	next := jalali.FromTime(start.Add(36 * time.Hour))
	prev := jalali.FromTime(start.Add(-12 * time.Hour))

	name := jalali.FormatDate(day)
	p, err := s.newPage(r, pageTitle("آرشیو "+name, pageNo))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Canonical = s.absolute(pagedURL(archiveURL(day), pageNo))
	d := listData{
		page:     p,
		Kind:     "آرشیو خبرها",
		Heading:  name,
		Empty:    "در این روز خبری منتشر نشده است.",
		PrevDay:  archiveURL(prev),
		PrevName: jalali.FormatDate(prev),
	}
	if !next.Start().After(s.now()) {
		d.NextDay, d.NextName = archiveURL(next), jalali.FormatDate(next)
	}
	if err := s.listPage(r, news.StoryFilter{From: start, To: next.Start()}, pageNo, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	pagecache.Depend(r, ArchiveTag(day))
	s.render(w, r, http.StatusOK, "list", d)
}

// showArchiveToday sends /archive to today's page.
func (s *server) showArchiveToday(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, archiveURL(jalali.FromTime(s.now())), http.StatusFound)
}

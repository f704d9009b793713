package web

import (
	"net/http"
	"slices"
	"time"

	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// What the home page holds, so its length is bounded whatever the
// number of sections or stories: the lead, the featured stories, the
// latest, the most read of a day and of a week, the hot tags, and a
// block per section of the navigation (at most news.MaxNav).
const (
	featuredShown = 4 // featured stories when no editor chose
	latestShown   = 8
	mostReadShown = 5
	deskSize      = 3
	hotTagsShown  = 12
)

type homeData struct {
	page
	Lead *news.Story
	// LeadBreaking marks a lead that is breaking news.
	LeadBreaking bool
	Featured     []*news.Story
	Latest       []*news.Story
	MostReadDay  []*news.Story
	MostReadWeek []*news.Story
	HotTags      []news.TagCount
	Desks        []desk
}

// desk is one section's block on the home page.
type desk struct {
	Section news.Section
	Stories []*news.Story
}

// showHome serves /: the lead (a breaking story, else the editors'
// choice, else the newest) and the featured stories the editors chose
// (else the next newest), then the latest, the most read, the hot tags
// and a block per section of the navigation in the admins' order. A
// story appears once in the top of the page; the section blocks leave
// out what the top shows.
func (s *server) showHome(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("p") && s.redirectOld(w, r) { // an archive's "/?p=123"
		return
	}
	// Every story that becomes or stops being public drops the home page
	// (see ChangedTags), as do the editors' front page and breaking news.
	pagecache.Depend(r, TagHome, TagNav)
	ctx := r.Context()
	p, err := s.newPage(r, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Canonical = s.absolute("/")
	now := s.now()
	data := homeData{page: p}

	front, err := s.store.FrontPage(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var chosen []*news.Story // the editors' lead and featured, as public now
	featured := 0            // how many of those are featured stories
	if front.Chosen() {
		ids := front.Featured
		if front.LeadID != 0 {
			ids = append([]int64{front.LeadID}, ids...)
		}
		got, err := s.store.StoriesByID(ctx, ids)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, st := range got {
			if st.Visible(now) {
				chosen = append(chosen, st)
				if st.ID != front.LeadID {
					featured++
				}
			}
		}
	}
	newest, err := s.store.Stories(ctx, news.StoryFilter{PublicAt: now, Limit: latestShown + featuredShown + 1 + len(chosen), NoTotal: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	top := chosen
	if len(p.Ticker) > 0 {
		// Breaking news takes the lead; what the editors led with follows.
		top = append([]*news.Story{p.Ticker[0].Story}, top...)
		data.LeadBreaking = true
	}
	if featured == 0 {
		// Nobody chose the featured stories: the newest are.
		top = append(top, newest.Stories...)
	}
	top = uniqueStories(top)
	if len(top) > 0 {
		data.Lead = top[0]
		data.Description = excerpt(data.Lead.Lead, 300)
		data.Featured = top[1:min(len(top), 1+max(featuredShown, len(chosen)))]
	}
	shown := append([]*news.Story{data.Lead}, data.Featured...)
	for _, st := range newest.Stories {
		if !containsStory(shown, st) && len(data.Latest) < latestShown {
			data.Latest = append(data.Latest, st)
		}
	}
	if data.MostReadDay, err = s.store.MostRead(ctx, now.Add(-24*time.Hour), now, mostReadShown); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.MostReadWeek, err = s.store.MostRead(ctx, now.Add(-7*24*time.Hour), now, mostReadShown); err != nil {
		s.fail(w, r, err)
		return
	}
	if data.HotTags, err = s.store.HotTags(ctx, now, hotTagsShown); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, sec := range p.Nav {
		got, err := s.store.Stories(ctx, news.StoryFilter{SectionIDs: p.tree.Subtree(sec.ID), PublicAt: now,
			Limit: deskSize + len(shown), NoTotal: true})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d := desk{Section: sec}
		for _, st := range got.Stories {
			if !containsStory(shown, st) && len(d.Stories) < deskSize {
				d.Stories = append(d.Stories, st)
			}
		}
		if len(d.Stories) > 0 {
			data.Desks = append(data.Desks, d)
			data.showing(d.Stories...)
		}
	}
	data.showing(shown...)
	data.showing(data.Latest...)
	data.showing(data.MostReadDay...)
	data.showing(data.MostReadWeek...)
	s.render(w, r, http.StatusOK, "home", data)
}

func containsStory(list []*news.Story, st *news.Story) bool {
	return slices.ContainsFunc(list, func(x *news.Story) bool { return x != nil && x.ID == st.ID })
}

// uniqueStories drops the repeats of a story, keeping its first place.
func uniqueStories(list []*news.Story) []*news.Story {
	var out []*news.Story
	for _, st := range list {
		if st != nil && !containsStory(out, st) {
			out = append(out, st)
		}
	}
	return out
}

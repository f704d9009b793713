package web

import (
	"net/http"
	"strconv"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/pagecache"
	"khabar/internal/persian"
)

// What the public pages depend on, named for the page cache: each page
// says which of these it shows (pagecache.Depend), and a change to the
// content drops the pages that named what changed (see ChangedTags).
const (
	// TagHome is the home page.
	TagHome = "home"
	// TagFeeds is every answer built from the public listings as a
	// whole: the feeds, the sitemaps, the ninjs API.
	TagFeeds = "feeds"
	// TagSearch is every search answer, page or API.
	TagSearch = "search"
	// TagNav is every page with the section navigation.
	TagNav = "nav"
	// TagComments is every page with a comment section, for a change
	// to the comment settings of the whole site.
	TagComments = "comments"
)

// StoryTag names the pages that show the story: its own, and every
// listing it is on.
func StoryTag(id int64) string { return "story:" + strconv.FormatInt(id, 10) }

// CommentsTag names the pages that show the story's comments.
func CommentsTag(id int64) string { return "comments:" + strconv.FormatInt(id, 10) }

// SectionTag names the section's pages.
func SectionTag(id int64) string { return "section:" + strconv.FormatInt(id, 10) }

// TagTag names the pages of a tag, however it is spelt.
func TagTag(name string) string { return "tag:" + persian.Fold(name) }

// ArchiveTag names the archive pages of the Jalali day.
func ArchiveTag(d jalali.Date) string { return "archive:" + archiveURL(d) }

// ChangedTags returns what a change to st drops: its pages, the pages
// of its section, its tags and its day, the home page, the feeds and the
// searches. The listings it was on before the change named it already.
func ChangedTags(st *news.Story) []string {
	tags := []string{StoryTag(st.ID), SectionTag(st.Section.ID), TagHome, TagFeeds, TagSearch}
	for _, t := range st.Tags {
		tags = append(tags, TagTag(t))
	}
	if !st.Published.IsZero() {
		tags = append(tags, ArchiveTag(jalali.FromTime(st.Published)))
	}
	return tags
}

// dependOnStories records that the page being rendered lists stories.
func dependOnStories(r *http.Request, stories []*news.Story) {
	if !pagecache.Caching(r) {
		return
	}
	tags := make([]string, len(stories))
	for i, st := range stories {
		tags[i] = StoryTag(st.ID)
	}
	pagecache.Depend(r, tags...)
}

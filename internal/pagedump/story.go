package pagedump

import (
	"html"
	"net/url"
	"strconv"
	"strings"

	"khabar/internal/news"
	"khabar/internal/ninjs"
)

// Story returns the story the page shows, published: the section slug is
// the one khabar knows for the section's name («خبر» is "news", as for
// ninjs stories without a category), else news.Slugify of the name (a
// page without a breadcrumb goes to «خبر» too), the paragraphs become
// escaped <p> elements, the site name is the provider and the URI is made
// of site name and news code, "urn:khabar:page:{site}:{code}", so that
// importing the same page twice finds the same story.
func (p *Page) Story() *news.Story {
	s := &news.Story{
		Code:      p.Code,
		URI:       URI(p.SiteName, p.Code),
		Section:   news.Section{Slug: sectionSlug(p.Section), Name: p.Section},
		Kicker:    p.Kicker,
		Headline:  p.Headline,
		Lead:      p.Lead,
		Source:    p.Source,
		Byline:    p.Byline,
		Tags:      p.Tags,
		Provider:  p.SiteName,
		Language:  "fa",
		Status:    news.StatusPublished,
		Published: p.Published,
	}
	if s.Section.Slug == "" {
		s.Section = news.Section{Slug: ninjs.DefaultSectionSlug, Name: ninjs.DefaultSectionName}
	}
	var b strings.Builder
	for _, para := range p.Paragraphs {
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(para))
		b.WriteString("</p>")
	}
	s.Body = b.String()
	return s
}

// URI returns the URI of the story with a news code on a site:
// "urn:khabar:page:" + the escaped site name + ":" + code, or without the
// site part when the name is unknown.
func URI(siteName string, code int64) string {
	if siteName == "" {
		return "urn:khabar:page:" + strconv.FormatInt(code, 10)
	}
	return "urn:khabar:page:" + url.PathEscape(siteName) + ":" + strconv.FormatInt(code, 10)
}

func sectionSlug(name string) string {
	if slug := ninjs.SectionSlug(name); slug != "" {
		return slug
	}
	return news.Slugify(name)
}

package web

import (
	"khabar/internal/news"
)

// structuredData returns what search engines read of a story as JSON-LD:
// a NewsArticle and its BreadcrumbList. html/template writes each as
// JSON with <, > and & escaped, so no headline can end the script.
func (s *server) structuredData(st *news.Story, canonical string, path []news.Section) []any {
	publisher := map[string]any{
		"@type": "Organization",
		"name":  s.cfg.SiteName,
		"url":   s.absolute("/"),
		"logo": map[string]any{
			"@type": "ImageObject",
			"url":   s.absolute(s.logoURL),
		},
	}
	author := any(publisher)
	if st.Byline != "" {
		author = map[string]any{"@type": "Person", "name": st.Byline}
	}
	modified := st.Published
	if st.Updated.After(modified) {
		modified = st.Updated
	}
	article := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         st.Headline,
		"description":      excerpt(st.Lead, 300),
		"datePublished":    iso(st.Published),
		"dateModified":     iso(modified),
		"author":           author,
		"publisher":        publisher,
		"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": canonical},
		"url":              canonical,
		"inLanguage":       "fa",
		"articleSection":   st.Section.Name,
		"identifier":       st.Code,
	}
	if len(st.Tags) > 0 {
		article["keywords"] = st.Tags
	}
	if st.Kicker != "" {
		article["alternativeHeadline"] = st.Kicker
	}
	if img := s.photoLD(st); img != nil {
		article["image"] = img
	}
	// The path the page's breadcrumb shows: the home page, the sections
	// from the top down to the story's, the story.
	items := []any{crumb(1, "صفحه نخست", s.absolute("/"))}
	for _, sec := range path {
		items = append(items, crumb(len(items)+1, sec.Name, s.absolute(sectionURL(sec))))
	}
	items = append(items, crumb(len(items)+1, st.Headline, canonical))
	crumbs := map[string]any{
		"@context":        "https://schema.org",
		"@type":           "BreadcrumbList",
		"itemListElement": items,
	}
	return []any{article, crumbs}
}

func crumb(pos int, name, url string) map[string]any {
	return map[string]any{"@type": "ListItem", "position": pos, "name": name, "item": url}
}

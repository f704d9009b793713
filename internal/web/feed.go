package web

import (
	"bytes"
	"encoding/xml"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// feedSize is how many stories a feed carries: the latest published.
const feedSize = 50

// feedCacheControl lets feed readers and shared caches keep a feed for
// a minute; a reader then asks again with If-None-Match and gets a 304.
const feedCacheControl = "public, max-age=60"

type feedFormat int

const (
	rssFeed feedFormat = iota
	atomFeed
)

func (f feedFormat) mediaType() string {
	if f == atomFeed {
		return "application/atom+xml"
	}
	return "application/rss+xml"
}

func (f feedFormat) suffix() string {
	if f == atomFeed {
		return "atom"
	}
	return "rss"
}

type feedScope int

const (
	feedSite feedScope = iota
	feedSection
	feedTag
)

// feed is what a feed is of: the whole site, one section or one tag.
type feed struct {
	Title       string
	Description string
	Page        string // the listing's page, a path
	Path        string // the feed's own path, without its suffix: "", /section/{slug}, /tag/{name}
	Filter      news.PublicFilter
}

// siteFeeds are the feeds every page announces.
func siteFeeds(site string) []feedLink {
	return []feedLink{
		{Title: site, Kind: "rss", URL: "/rss"},
		{Title: site + " (Atom)", Kind: "atom", URL: "/atom"},
	}
}

// scopeFeeds are the feeds of a section or tag page, named for it.
func scopeFeeds(site, name, path string) []feedLink {
	return []feedLink{
		{Title: site + " - " + name, Kind: "rss", URL: path + "/rss"},
		{Title: site + " - " + name + " (Atom)", Kind: "atom", URL: path + "/atom"},
	}
}

// feedLink is a feed as a page announces it with <link rel="alternate">;
// Kind is "rss" or "atom", as in its media type.
type feedLink struct {
	Title, Kind, URL string
}

// showFeed serves a feed of the latest published stories of the site, a
// section (/section/{slug}/rss) or a tag (/tag/{name}/rss), as RSS 2.0
// or Atom 1.0. An unknown section is not found; a tag no story carries
// has an empty feed, since a reader may subscribe before the first.
func (s *server) showFeed(format feedFormat, scope feedScope) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f := feed{
			Title:       s.cfg.SiteName,
			Description: "تازه‌ترین خبرهای " + s.cfg.SiteName,
			Page:        "/",
		}
		switch scope {
		case feedSection:
			slug := r.PathValue("slug")
			if !utf8.ValidString(slug) {
				s.notFound(w, r)
				return
			}
			sec, err := s.store.SectionBySlug(r.Context(), slug)
			if news.ErrorCode(err) == news.ENOTFOUND {
				// A slug the section had before a rename or a merge.
				if to, rerr := s.store.SectionRedirect(r.Context(), slug); rerr == nil {
					http.Redirect(w, r, sectionURL(to)+"/"+format.suffix(), http.StatusMovedPermanently)
					return
				}
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			f.Title = s.cfg.SiteName + " - " + sec.Name
			f.Description = "تازه‌ترین خبرهای سرویس " + sec.Name + " " + s.cfg.SiteName
			f.Page, f.Path = sectionURL(sec), sectionURL(sec)
			f.Filter.SectionSlug = sec.Slug
		case feedTag:
			tag := r.PathValue("name")
			if !utf8.ValidString(tag) || strings.TrimSpace(tag) == "" || utf8.RuneCountInString(tag) > news.MaxTag {
				s.notFound(w, r)
				return
			}
			f.Title = s.cfg.SiteName + " - " + tag
			f.Description = "تازه‌ترین خبرهای برچسب «" + tag + "» در " + s.cfg.SiteName
			f.Page, f.Path = tagURL(tag), tagURL(tag)
			f.Filter.Tag = tag
		}
		key := f.Path + "/" + format.suffix()
		s.servePublic(w, r, key, format.mediaType()+"; charset=utf-8", feedCacheControl,
			func(now time.Time, state news.PublicState) ([]byte, error) {
				filter := f.Filter
				filter.At, filter.Limit = now, feedSize
				stories, err := s.dist.PublicStories(r.Context(), filter)
				if err != nil {
					return nil, err
				}
				if format == atomFeed {
					return s.atom(f, stories, state.Modified())
				}
				return s.rss(f, stories, state.Modified())
			})
	}
}

// permalink is a story's permanent address, by its news code: the guid
// and Atom id of its feed entries. It redirects to the canonical URL.
func (s *server) permalink(st *news.Story) string {
	return s.absolute("/news/" + strconv.FormatInt(st.Code, 10))
}

// feedSummary is the HTML text of a story in a feed: the kicker, the
// lead opened by the credited source, as the page shows it, and the
// Jalali date and news code, as the model page prints them.
func feedSummary(st *news.Story) string {
	var b strings.Builder
	if st.Kicker != "" {
		b.WriteString("<p>" + html.EscapeString(st.Kicker) + "</p>")
	}
	if st.Lead != "" {
		b.WriteString("<p>")
		if st.Source != "" {
			b.WriteString("<strong>" + html.EscapeString(st.Source) + ":</strong> ")
		}
		b.WriteString(html.EscapeString(st.Lead) + "</p>")
	}
	b.WriteString("<p>" + jalali.FormatNumeric(st.Published) + " - کد خبر: " + jalali.PersianDigits(strconv.FormatInt(st.Code, 10)))
	if st.Provider != "" {
		b.WriteString(" - منبع: " + html.EscapeString(st.Provider))
	}
	b.WriteString("</p>")
	return b.String()
}

// credits are the agencies a story credits: the source that opens its
// lead and the agency whose page it came from.
func credits(st *news.Story) []string {
	var out []string
	for _, c := range []string{st.Source, st.Provider} {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	Description string        `xml:"description,omitempty"`
	PubDate     string        `xml:"pubDate"`
	Categories  []rssCategory `xml:"category"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Sources     []string      `xml:"dc:source"`
}

type rssGUID struct {
	PermaLink bool   `xml:"isPermaLink,attr"`
	Value     string `xml:",chardata"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Value  string `xml:",chardata"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

// rfc822 is the date form of RSS: RFC 822 with a four-digit year, in
// Tehran time.
func rfc822(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(jalali.Tehran).Format(time.RFC1123Z)
}

// rss writes an RSS 2.0 feed of stories.
func (s *server) rss(f feed, stories []*news.Story, modified time.Time) ([]byte, error) {
	doc := rssDoc{
		Version: "2.0",
		Atom:    "http://www.w3.org/2005/Atom",
		DC:      "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title:         f.Title,
			Link:          s.absolute(f.Page),
			Description:   f.Description,
			Language:      "fa",
			LastBuildDate: rfc822(modified),
			Self:          atomLink{Href: s.absolute(f.Path + "/rss"), Rel: "self", Type: rssFeed.mediaType()},
		},
	}
	for _, st := range stories {
		it := rssItem{
			Title:       st.Headline,
			Link:        s.absolute(storyURL(st)),
			GUID:        rssGUID{PermaLink: true, Value: s.permalink(st)},
			Description: feedSummary(st),
			PubDate:     rfc822(st.Published),
			Categories:  []rssCategory{{Domain: s.absolute(sectionURL(st.Section)), Value: st.Section.Name}},
			Creator:     st.Byline,
			Sources:     credits(st),
		}
		for _, tag := range st.Tags {
			it.Categories = append(it.Categories, rssCategory{Domain: s.absolute(tagURL(tag)), Value: tag})
		}
		doc.Channel.Items = append(doc.Channel.Items, it)
	}
	return marshalXML(doc)
}

type atomDoc struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	DC      string      `xml:"xmlns:dc,attr"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Sources    []string       `xml:"dc:source"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// atom writes an Atom 1.0 feed of stories.
func (s *server) atom(f feed, stories []*news.Story, modified time.Time) ([]byte, error) {
	doc := atomDoc{
		NS:      "http://www.w3.org/2005/Atom",
		DC:      "http://purl.org/dc/elements/1.1/",
		Lang:    "fa",
		ID:      s.absolute(f.Path + "/atom"),
		Title:   f.Title,
		Sub:     f.Description,
		Updated: iso(modified),
		Links: []atomLink{
			{Href: s.absolute(f.Path + "/atom"), Rel: "self", Type: atomFeed.mediaType()},
			{Href: s.absolute(f.Page), Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: s.cfg.SiteName},
	}
	if doc.Updated == "" {
		doc.Updated = iso(time.Unix(0, 0))
	}
	for _, st := range stories {
		updated := st.Published
		if st.Updated.After(updated) {
			updated = st.Updated
		}
		author := st.Byline
		if author == "" {
			author = s.cfg.SiteName
		}
		e := atomEntry{
			ID:         s.permalink(st),
			Title:      atomText{Type: "text", Value: st.Headline},
			Links:      []atomLink{{Href: s.absolute(storyURL(st)), Rel: "alternate", Type: "text/html"}},
			Published:  iso(st.Published),
			Updated:    iso(updated),
			Author:     atomPerson{Name: author},
			Categories: []atomCategory{{Term: st.Section.Slug, Scheme: s.absolute("/section/"), Label: st.Section.Name}},
			Summary:    atomText{Type: "html", Value: feedSummary(st)},
			Sources:    credits(st),
		}
		for _, tag := range st.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: tag, Scheme: s.absolute("/tag/"), Label: tag})
		}
		doc.Entries = append(doc.Entries, e)
	}
	return marshalXML(doc)
}

// marshalXML writes v as an XML document in UTF-8. encoding/xml escapes
// & < > and quotes, and replaces characters XML cannot hold.
func marshalXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// Daily sitemaps hold at most sitemapMaxURLs stories each; a busier day
// is split into parts (/sitemaps/2023-10-26-2.xml). The protocol allows
// 50,000 URLs and 50 MB: a URL here is at most 2,048 bytes (longer
// canonical URLs are listed by news code), so 20,000 of them with their
// markup stay well under 50 MB.
const sitemapMaxURLs = 20000

// maxLoc is the longest URL the sitemap protocol allows.
const maxLoc = 2048

// The Google News sitemap lists the stories of the last two days, at
// most a thousand.
const (
	newsWindow  = 48 * time.Hour
	newsMaxURLs = 1000
)

const (
	sitemapNS     = "http://www.sitemaps.org/schemas/sitemap/0.9"
	newsSitemapNS = "http://www.google.com/schemas/sitemap-news/0.9"
	xmlType       = "application/xml; charset=utf-8"
	// Crawlers may keep sitemaps a few minutes; they revalidate cheaply.
	sitemapCacheControl = "public, max-age=300"
)

// showRobots serves /robots.txt: the sitemaps, and the newsroom and the
// APIs kept out of crawlers.
func (s *server) showRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	fmt.Fprintf(w, "User-agent: *\nDisallow: /newsroom/\nDisallow: /api/\n\nSitemap: %s\nSitemap: %s\n",
		s.absolute("/sitemap.xml"), s.absolute("/sitemaps/news.xml"))
}

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapDay is one Tehran day's part of the daily sitemaps.
type sitemapDay struct {
	day      string // yyyy-mm-dd in Tehran
	part     int    // from 1
	lastmod  time.Time
	urlCount int
}

func (d sitemapDay) file() string {
	if d.part > 1 {
		return d.day + "-" + strconv.Itoa(d.part) + ".xml"
	}
	return d.day + ".xml"
}

// showSitemapIndex serves /sitemap.xml: the news sitemap and a sitemap
// for each Gregorian day, in Tehran time, on which stories that readers
// see were published, newest first, each with its last change.
func (s *server) showSitemapIndex(w http.ResponseWriter, r *http.Request) {
	s.servePublic(w, r, "/sitemap.xml", xmlType, sitemapCacheControl, func(now time.Time, state news.PublicState) ([]byte, error) {
		var days []sitemapDay
		err := s.dist.PublicDates(r.Context(), now, func(published, updated time.Time) error {
			day := published.In(jalali.Tehran).Format(time.DateOnly)
			if n := len(days); n == 0 || days[n-1].day != day || days[n-1].urlCount == s.sitemapMax {
				part := 1
				if n > 0 && days[n-1].day == day {
					part = days[n-1].part + 1
				}
				days = append(days, sitemapDay{day: day, part: part})
			}
			d := &days[len(days)-1]
			d.urlCount++
			for _, t := range []time.Time{published, updated} {
				if t.After(d.lastmod) {
					d.lastmod = t
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		idx := sitemapIndex{NS: sitemapNS}
		idx.Sitemaps = append(idx.Sitemaps, sitemapEntry{Loc: s.absolute("/sitemaps/news.xml"), LastMod: iso(state.Modified())})
		for _, d := range days {
			idx.Sitemaps = append(idx.Sitemaps, sitemapEntry{Loc: s.absolute("/sitemaps/" + d.file()), LastMod: iso(d.lastmod)})
		}
		return marshalXML(idx)
	})
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	NewsNS  string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	News    *newsItem `xml:"news:news,omitempty"`
}

type newsItem struct {
	Publication struct {
		Name     string `xml:"news:name"`
		Language string `xml:"news:language"`
	} `xml:"news:publication"`
	Date  string `xml:"news:publication_date"`
	Title string `xml:"news:title"`
}

// showSitemap serves /sitemaps/news.xml and the daily sitemaps,
// /sitemaps/{yyyy}-{mm}-{dd}.xml (and -2.xml, … for the parts of a busy
// day). A day without stories is not found.
func (s *server) showSitemap(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	if file == "news.xml" {
		s.showNewsSitemap(w, r)
		return
	}
	name, ok := strings.CutSuffix(file, ".xml")
	if !ok || len(name) < len("2006-01-02") {
		s.notFound(w, r)
		return
	}
	dayName, part := name[:10], 1
	if rest := name[10:]; rest != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(rest, "-"))
		if err != nil || !strings.HasPrefix(rest, "-") || n < 2 || strconv.Itoa(n) != rest[1:] {
			s.notFound(w, r)
			return
		}
		part = n
	}
	day, err := time.ParseInLocation(time.DateOnly, dayName, jalali.Tehran)
	if err != nil {
		s.notFound(w, r)
		return
	}
	next := time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, jalali.Tehran)
	s.servePublic(w, r, "/sitemaps/"+file, xmlType, sitemapCacheControl, func(now time.Time, _ news.PublicState) ([]byte, error) {
		links, err := s.dist.PublicLinks(r.Context(), news.PublicFilter{At: now, From: day, To: next, Limit: s.sitemapMax},
			(part-1)*s.sitemapMax)
		if err != nil {
			return nil, err
		}
		if len(links) == 0 {
			return nil, news.Errorf(news.ENOTFOUND, "no stories in sitemap %s", file)
		}
		set := urlSet{NS: sitemapNS}
		for _, l := range links {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.linkURL(l), LastMod: iso(l.Modified())})
		}
		return marshalXML(set)
	})
}

// showNewsSitemap serves /sitemaps/news.xml, Google's news sitemap: the
// stories of the last 48 hours with the agency's name, the language, the
// publication time and the headline. The window moves by the minute.
func (s *server) showNewsSitemap(w http.ResponseWriter, r *http.Request) {
	at := s.now().Truncate(time.Minute)
	key := "/sitemaps/news.xml@" + strconv.FormatInt(at.Unix(), 10)
	s.servePublic(w, r, key, xmlType, sitemapCacheControl, func(time.Time, news.PublicState) ([]byte, error) {
		links, err := s.dist.PublicLinks(r.Context(), news.PublicFilter{At: at, From: at.Add(-newsWindow), Limit: newsMaxURLs}, 0)
		if err != nil {
			return nil, err
		}
		set := urlSet{NS: sitemapNS, NewsNS: newsSitemapNS}
		for _, l := range links {
			n := &newsItem{Date: iso(l.Published), Title: l.Headline}
			n.Publication.Name, n.Publication.Language = s.cfg.SiteName, "fa"
			set.URLs = append(set.URLs, sitemapURL{Loc: s.linkURL(l), News: n})
		}
		return marshalXML(set)
	})
}

// linkURL is the absolute canonical URL of a story, or its permanent
// one by news code where the canonical one is too long for a sitemap.
func (s *server) linkURL(l news.StoryLink) string {
	u := s.absolute(storyURL(&news.Story{Code: l.Code, Headline: l.Headline}))
	if len(u) > maxLoc {
		u = s.absolute("/news/" + strconv.FormatInt(l.Code, 10))
	}
	return u
}

// showShortLink serves /n/{code}, the short link of a story for print,
// SMS and social posts: a permanent redirect to its canonical address.
func (s *server) showShortLink(w http.ResponseWriter, r *http.Request) {
	st, ok := s.visibleStory(w, r)
	if !ok {
		return
	}
	http.Redirect(w, r, s.absolute(storyURL(st)), http.StatusMovedPermanently)
}

// shortURL is a story's short link, absolute.
func (s *server) shortURL(st *news.Story) string {
	return s.absolute("/n/" + strconv.FormatInt(st.Code, 10))
}

package web

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/sharedtest"
)

var sitemapSchemas = filepath.Join("..", "..", "..", "shared", "sitemaps")

// xmllint validates body against one of the sitemaps.org schemas with
// Debian's xmllint, as the protocol's own tools would. Without xmllint
// the test skips on a developer's machine and fails in CI.
func xmllint(t *testing.T, schema, body string) {
	t.Helper()
	exe, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint not found: scripts/test installs Debian's libxml2-utils")
		}
		t.Skip("xmllint not found (apt-get install libxml2-utils)")
	}
	xsd := filepath.Join(sitemapSchemas, schema)
	if _, err := os.Stat(xsd); err != nil {
		sharedtest.Missing(t, "sitemap schemas", err)
	}
	file := filepath.Join(t.TempDir(), "sitemap.xml")
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(exe, "--noout", "--nonet", "--schema", xsd, file).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint --schema %s: %v\n%s\n%s", schema, err, out, body)
	}
}

type parsedIndex struct {
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type parsedURLSet struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    *struct {
			Name     string `xml:"publication>name"`
			Language string `xml:"publication>language"`
			Date     string `xml:"publication_date"`
			Title    string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func TestSitemaps(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory()) // 1402/08/04 16:45 Tehran: 2023-10-26
	late := s.add(&news.Story{Section: model.Section, Headline: "خبر پایان شب", Status: news.StatusPublished,
		// 23:50 in Tehran on 2023-10-25.
		Published: time.Date(2023, 10, 25, 20, 20, 0, 0, time.UTC)})
	night := s.add(&news.Story{Section: model.Section, Headline: "خبر بامداد", Status: news.StatusPublished,
		// 00:30 in Tehran on the 26th is still the 25th in UTC.
		Published: time.Date(2023, 10, 25, 21, 0, 0, 0, time.UTC), Updated: time.Date(2023, 10, 26, 8, 0, 0, 0, time.UTC)})
	old := s.add(&news.Story{Section: model.Section, Headline: "خبر کهنه", Status: news.StatusPublished,
		Published: time.Date(2023, 9, 1, 8, 0, 0, 0, time.UTC)})
	s.add(&news.Story{Section: model.Section, Headline: "خبر فردا", Status: news.StatusPublished, Published: testNow.Add(time.Hour)})

	res := s.get("/sitemap.xml")
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/xml") || res.header.Get("ETag") == "" {
		t.Fatalf("GET /sitemap.xml: %d %v", res.status, res.header)
	}
	xmllint(t, "siteindex.xsd", res.body)
	var idx parsedIndex
	if err := xml.Unmarshal([]byte(res.body), &idx); err != nil {
		t.Fatal(err)
	}
	var locs []string
	for _, m := range idx.Sitemaps {
		locs = append(locs, strings.TrimPrefix(m.Loc, testBase)+" "+m.LastMod)
	}
	want := []string{
		"/sitemaps/news.xml " + idx.Sitemaps[0].LastMod,
		"/sitemaps/2023-10-26.xml 2023-10-26T16:45:00+03:30",
		"/sitemaps/2023-10-25.xml 2023-10-25T23:50:00+03:30",
		"/sitemaps/2023-09-01.xml 2023-09-01T11:30:00+03:30",
	}
	if strings.Join(locs, "\n") != strings.Join(want, "\n") {
		t.Errorf("index:\n%s\nwant:\n%s", strings.Join(locs, "\n"), strings.Join(want, "\n"))
	}

	day := s.get("/sitemaps/2023-10-26.xml")
	if day.status != 200 {
		t.Fatalf("day: %d", day.status)
	}
	xmllint(t, "sitemap.xsd", day.body)
	var set parsedURLSet
	if err := xml.Unmarshal([]byte(day.body), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.URLs) != 2 || set.URLs[0].Loc != testBase+storyURL(model) || set.URLs[0].LastMod != "2023-10-26T16:45:00+03:30" ||
		set.URLs[1].Loc != testBase+storyURL(night) || set.URLs[1].LastMod != "2023-10-26T11:30:00+03:30" {
		t.Errorf("2023-10-26: %+v", set.URLs)
	}
	for _, path := range []string{"/sitemaps/2023-10-25.xml", "/sitemaps/2023-09-01.xml"} {
		r := s.get(path)
		xmllint(t, "sitemap.xsd", r.body)
		if !strings.Contains(r.body, storyURL(late)) && !strings.Contains(r.body, storyURL(old)) {
			t.Errorf("%s: %s", path, r.body)
		}
	}
	for _, path := range []string{"/sitemaps/2023-10-27.xml", "/sitemaps/2023-10-24.xml", "/sitemaps/2023-13-01.xml",
		"/sitemaps/2023-10-26-2.xml", "/sitemaps/2023-10-26-1.xml", "/sitemaps/2023-10-26-02.xml", "/sitemaps/x.xml", "/sitemaps/2023-10-26"} {
		if r := s.get(path); r.status != 404 {
			t.Errorf("%s: %d, want 404", path, r.status)
		}
	}
}

// A day with more stories than a sitemap holds is split into parts,
// each listed in the index and each valid.
func TestSitemapDaySplit(t *testing.T) {
	s := newSite(t)
	s.s().sitemapMax = 5
	s.addDay(12, news.Section{Slug: "ict", Name: "فناوری اطلاعات"}, "روز") // 1402/08/03 = 2023-10-25
	var idx parsedIndex
	xml.Unmarshal([]byte(s.get("/sitemap.xml").body), &idx)
	var files []string
	for _, m := range idx.Sitemaps {
		files = append(files, m.Loc[strings.LastIndex(m.Loc, "/")+1:])
	}
	if strings.Join(files, " ") != "news.xml 2023-10-25.xml 2023-10-25-2.xml 2023-10-25-3.xml" {
		t.Fatalf("index: %q", files)
	}
	seen := map[string]bool{}
	for _, f := range files[1:] {
		r := s.get("/sitemaps/" + f)
		xmllint(t, "sitemap.xsd", r.body)
		var set parsedURLSet
		xml.Unmarshal([]byte(r.body), &set)
		for _, u := range set.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != 12 {
		t.Errorf("%d stories in the parts, want 12", len(seen))
	}
}

// s returns the server behind the test site, to adjust its limits.
func (s *site) s() *server {
	return s.srv.Config.Handler.(*Site).s
}

func TestNewsSitemap(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory()) // 19 hours before testNow
	tricky := s.add(&news.Story{Section: model.Section, Headline: "گروه‌ها & <شبکه‌ها>", Status: news.StatusPublished,
		Published: testNow.Add(-47 * time.Hour)})
	s.add(&news.Story{Section: model.Section, Headline: "خبر سه روز پیش", Status: news.StatusPublished, Published: testNow.Add(-72 * time.Hour)})
	res := s.get("/sitemaps/news.xml")
	if res.status != 200 {
		t.Fatalf("%d", res.status)
	}
	wellFormed(t, res.body)
	if !strings.Contains(res.body, `xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`) ||
		!strings.Contains(res.body, "<news:title>گروه‌ها &amp; &lt;شبکه‌ها&gt;</news:title>") {
		t.Errorf("news sitemap:\n%s", res.body)
	}
	var set parsedURLSet
	if err := xml.Unmarshal([]byte(res.body), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.URLs) != 2 {
		t.Fatalf("%d stories, want the 2 of the last 48 hours", len(set.URLs))
	}
	for i, st := range []*news.Story{model, tricky} {
		u := set.URLs[i]
		if u.Loc != testBase+storyURL(st) || u.News == nil || u.News.Name != "خبرگزاری خبر" || u.News.Language != "fa" ||
			u.News.Title != st.Headline || u.News.Date != iso(st.Published) {
			t.Errorf("url %d: %+v %+v", i, u, u.News)
		}
		if _, err := time.Parse(time.RFC3339, u.News.Date); err != nil {
			t.Errorf("publication date %q is not W3C: %v", u.News.Date, err)
		}
	}
}

func TestRobots(t *testing.T) {
	s := newSite(t)
	res := s.get("/robots.txt")
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %s", res.status, res.header.Get("Content-Type"))
	}
	for _, want := range []string{"User-agent: *\n", "Disallow: /newsroom/\n", "Disallow: /api/\n",
		"Sitemap: " + testBase + "/sitemap.xml\n", "Sitemap: " + testBase + "/sitemaps/news.xml\n"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, res.body)
		}
	}
}

// A canonical URL too long for a sitemap is listed by news code.
func TestSitemapLongURL(t *testing.T) {
	s := newSite(t)
	headline := strings.TrimSpace(strings.Repeat(strings.Repeat("بلند", 10)+" ", 12))
	st := s.add(&news.Story{Section: news.Section{Slug: "ict", Name: "فناوری"}, Headline: headline,
		Status: news.StatusPublished, Published: testNow.Add(-time.Hour)})
	if len(testBase+storyURL(st)) <= maxLoc {
		t.Skipf("canonical URL only %d bytes", len(testBase+storyURL(st)))
	}
	day := st.Published.In(jalali.Tehran).Format(time.DateOnly)
	r := s.get("/sitemaps/" + day + ".xml")
	xmllint(t, "sitemap.xsd", r.body)
	if !strings.Contains(r.body, "<loc>"+testBase+"/news/"+strconv.FormatInt(st.Code, 10)+"</loc>") {
		t.Errorf("long URL not listed by code:\n%s", r.body)
	}
}

package web

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD returns the JSON-LD objects of a page, each parsed as JSON.
func jsonLD(t *testing.T, body string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range ldScript.FindAllStringSubmatch(body, -1) {
		var v map[string]any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Fatalf("JSON-LD is not JSON: %v\n%s", err, m[1])
		}
		out = append(out, v)
	}
	return out
}

func TestArticleStructuredData(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory())
	res := s.get(storyURL(model))
	if res.status != 200 {
		t.Fatal(res.status)
	}
	canonical := testBase + storyURL(model)
	ld := jsonLD(t, res.body)
	if len(ld) != 2 {
		t.Fatalf("%d JSON-LD objects, want 2", len(ld))
	}
	a := ld[0]
	publisher, _ := a["publisher"].(map[string]any)
	logo, _ := publisher["logo"].(map[string]any)
	page, _ := a["mainEntityOfPage"].(map[string]any)
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"@context", a["@context"], "https://schema.org"},
		{"@type", a["@type"], "NewsArticle"},
		{"headline", a["headline"], model.Headline},
		{"datePublished", a["datePublished"], "2023-10-26T16:45:00+03:30"},
		{"dateModified", a["dateModified"], "2023-10-26T16:45:00+03:30"},
		{"inLanguage", a["inLanguage"], "fa"},
		{"articleSection", a["articleSection"], "فناوری اطلاعات"},
		{"author", a["author"].(map[string]any)["name"], "خبرگزاری خبر"},
		{"publisher", publisher["name"], "خبرگزاری خبر"},
		{"mainEntityOfPage", page["@id"], canonical},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if u, _ := logo["url"].(string); !strings.HasPrefix(u, testBase+"/static/") || !strings.HasSuffix(u, "/logo.png") {
		t.Errorf("logo %v", logo)
	} else if r := s.get(strings.TrimPrefix(u, testBase)); r.status != 200 || r.header.Get("Content-Type") != "image/png" {
		t.Errorf("logo %s: %d %s", u, r.status, r.header.Get("Content-Type"))
	}
	b := ld[1]
	items, _ := b["itemListElement"].([]any)
	if b["@type"] != "BreadcrumbList" || len(items) != 3 {
		t.Fatalf("breadcrumbs %v", b)
	}
	var crumbs []string
	for _, it := range items {
		m := it.(map[string]any)
		crumbs = append(crumbs, m["name"].(string)+" "+m["item"].(string))
	}
	if strings.Join(crumbs, "|") != "صفحه نخست "+testBase+"/|فناوری اطلاعات "+testBase+"/section/ict|"+model.Headline+" "+canonical {
		t.Errorf("breadcrumbs %q", crumbs)
	}

	decoded := html.UnescapeString(res.body)
	for _, want := range []string{
		`<meta property="og:type" content="article">`,
		`<meta property="og:title" content="` + model.Headline + `">`,
		`<meta property="og:description" content="` + model.Lead + `">`,
		`<meta property="og:url" content="` + canonical + `">`,
		`<meta property="og:locale" content="fa_IR">`,
		`<meta property="article:published_time" content="2023-10-26T16:45:00+03:30">`,
		`<meta property="article:section" content="فناوری اطلاعات">`,
		`<meta property="article:tag" content="عمان">`,
		`<meta name="twitter:card" content="summary">`,
		`<meta name="twitter:title" content="` + model.Headline + `">`,
		`<meta name="twitter:description" content="` + model.Lead + `">`,
	} {
		if !strings.Contains(decoded, want) {
			t.Errorf("article lacks %s", want)
		}
	}
}

// A headline that tries to close the script stays inside it, as JSON.
func TestStructuredDataSafe(t *testing.T) {
	s := newSite(t)
	evil := `</script><script>alert("x")</script> «گروه‌ها» & <!--`
	st := s.add(&news.Story{Section: news.Section{Slug: "ict", Name: "فناوری"}, Headline: evil, Byline: "خبرنگار: </script>",
		Lead: "لید", Status: news.StatusPublished, Published: testNow.Add(-time.Hour), Updated: testNow.Add(-time.Minute)})
	res := s.get(storyURL(st))
	if strings.Contains(res.body, `<script>alert`) {
		t.Fatal("the headline broke out of the JSON-LD")
	}
	ld := jsonLD(t, res.body)
	if len(ld) != 2 || ld[0]["headline"] != evil || ld[0]["author"].(map[string]any)["name"] != "خبرنگار: </script>" ||
		ld[0]["dateModified"] != iso(st.Updated) {
		t.Errorf("JSON-LD %v", ld)
	}
}

func TestCanonicalLinks(t *testing.T) {
	s := newSite(t)
	s.addDay(25, news.Section{Slug: "ict", Name: "فناوری اطلاعات"}, "روز")
	tag := url.PathEscape("روز")
	s.run([]scenario{
		{name: "home", path: "/", status: 200, contains: []string{`<link rel="canonical" href="` + testBase + `/">`}},
		{name: "section", path: "/section/ict", status: 200, contains: []string{`<link rel="canonical" href="` + testBase + `/section/ict">`}},
		{name: "section page 2", path: "/section/ict?page=2", status: 200, contains: []string{`<link rel="canonical" href="` + testBase + `/section/ict?page=2">`}},
		{name: "tag page 2", path: "/tag/" + tag + "?page=2", status: 200, contains: []string{`<link rel="canonical" href="` + testBase + `/tag/` + tag + `?page=2">`}},
	})
}

func TestShortLink(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory())
	s.add(&news.Story{Section: model.Section, Headline: "برداشته", Status: news.StatusUnpublished, Code: 200003, Published: testNow.Add(-time.Hour)})
	canonical := testBase + storyURL(model)
	s.run([]scenario{
		{name: "short link", path: "/n/101870", status: 301, location: canonical},
		{name: "persian digits", path: "/n/" + url.PathEscape("۱۰۱۸۷۰"), status: 301, location: canonical},
		{name: "unpublished", path: "/n/200003", status: 404},
		{name: "unknown", path: "/n/999999", status: 404},
		{name: "not a code", path: "/n/x", status: 404},
		{name: "shown on the article", path: storyURL(model), status: 200, contains: []string{
			`<a class="shortlink" href="` + testBase + `/n/101870" rel="nofollow" aria-describedby="shortlink-status">لینک کوتاه</a>`,
			`<code class="short-url" dir="ltr">` + testBase + `/n/101870</code>`,
			`/share.js" defer></script>`,
		}},
	})
	cur, _ := s.store.StoryByCode(t.Context(), 101870)
	if _, err := s.store.Kill(t.Context(), editor, cur.ID, cur.Revision, "نادرست"); err != nil {
		t.Fatal(err)
	}
	if r := s.get("/n/" + strconv.FormatInt(model.Code, 10)); r.status != 410 {
		t.Errorf("killed: %d, want 410", r.status)
	}
}

package newsroom_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"khabar/internal/wire"
)

// Three agencies tell one story; ISNA's feed is RSS with Arabic letters
// and its own credit opening the lead, as wires arrive.
const (
	wireISNA = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ایسنا</title>
<item><title>آغاز ساخت سه نيروگاه خورشيدي</title><link>https://isna.example/news/1</link><guid>https://isna.example/news/1</guid>
<description>نصر: وزير نيرو از آغاز ساخت سه نيروگاه خورشيدي در کرمان، يزد و سيستان و بلوچستان خبر داد.</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>وزير نيرو امروز در نشست خبري گفت: ساخت اين سه نيروگاه با ظرفيت هزار مگاوات از ماه آينده آغاز مي شود و تا دو سال ديگر به بهره برداري مي رسد.</p><p>وي افزود: سرمايه گذاري اين طرحها را بخش خصوصي انجام مي دهد.</p>]]></content:encoded>
<pubDate>Sun, 10 Mar 2024 12:00:00 +0330</pubDate></item>
<item><title>بارش برف در گردنه‌های شمالی</title><link>https://isna.example/news/2</link><guid>https://isna.example/news/2</guid>
<description>راه‌های شمالی کشور به دلیل بارش برف سنگین بسته شد و رانندگان باید زنجیر چرخ همراه داشته باشند.</description></item>
</channel></rss>`
	wireMehr = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>مهر</title><id>urn:mehr</id><updated>2024-03-10T09:00:00Z</updated>
<entry><title>ساخت سه نیروگاه خورشیدی آغاز می‌شود</title><id>urn:mehr:1</id><link href="https://mehr.example/1"/><updated>2024-03-10T08:50:00Z</updated>
<summary>وزیر نیرو از آغاز ساخت سه نیروگاه خورشیدی در کرمان، یزد و سیستان و بلوچستان خبر داد.</summary>
<content type="html">&lt;p&gt;وزیر نیرو امروز در نشست خبری گفت: ساخت این سه نیروگاه با ظرفیت هزار مگاوات از ماه آینده آغاز می‌شود و تا دو سال دیگر به بهره‌برداری می‌رسد.&lt;/p&gt;&lt;p&gt;وی افزود: سرمایه‌گذاری این طرح‌ها را بخش خصوصی انجام می‌دهد.&lt;/p&gt;</content></entry></feed>`
	wireIRNA = `{"uri":"https://irna.example/n/1","headlines":[{"role":"main","value":"سه نیروگاه خورشیدی ساخته می‌شود"}],"descriptions":[{"role":"summary","value":"وزیر نیرو از آغاز ساخت سه نیروگاه خورشیدی در کرمان، یزد و سیستان و بلوچستان خبر داد."}],"bodies":[{"role":"main","contenttype":"text/html","value":"<p>وزیر نیرو امروز در نشست خبری گفت: ساخت این سه نیروگاه با ظرفیت هزار مگاوات از ماه آینده آغاز می‌شود و تا دو سال دیگر به بهره‌برداری می‌رسد.</p><p>وی افزود: سرمایه‌گذاری این طرح‌ها را بخش خصوصی انجام می‌دهد.</p>"}],"versioncreated":"2024-03-10T08:40:00Z"}
`
)

type apiWireItem struct {
	ID               int64  `json:"id"`
	Group            int64  `json:"group"`
	Source           int64  `json:"source"`
	Credit           string `json:"credit"`
	Headline         string `json:"headline"`
	Lead             string `json:"lead"`
	Link             string `json:"link"`
	Published        string `json:"published"`
	Arrived          string `json:"arrived"`
	RepublishedStory *int64 `json:"republished_story"`
}

type wireList struct {
	Items []apiWireItem `json:"items"`
}

// wireFeeds serves the three feeds and a broken one, adds them as the
// admin does and polls them once.
func wireFeeds(t *testing.T, s *site) map[string]int64 {
	t.Helper()
	mux := http.NewServeMux()
	for path, body := range map[string]string{"/isna": wireISNA, "/mehr": wireMehr, "/irna": wireIRNA, "/down": ""} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if body == "" {
				http.Error(w, "down", http.StatusBadGateway)
				return
			}
			w.Write([]byte(body))
		})
	}
	feeds := httptest.NewServer(mux)
	t.Cleanup(feeds.Close)
	admin := s.as("admin")
	ids := map[string]int64{}
	for _, f := range []struct{ path, credit string }{{"/isna", "نصر"}, {"/mehr", "مهر"}, {"/irna", "ایرنا"}, {"/down", "خاموش"}} {
		res := admin.post("/newsroom/wire/sources", url.Values{"url": {feeds.URL + f.path}, "credit": {f.credit}, "every": {"۵"}, "enabled": {"1"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add %s: %d %s", f.path, res.status, res.body)
		}
	}
	srcs, _ := s.store.WireSources(ctx)
	for _, src := range srcs {
		ids[src.Credit] = src.ID
	}
	p := &wire.Poller{Store: s.store, Now: s.clock.now}
	if _, err := p.PollDue(ctx); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestWireDeskAndRepublish(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		ids := wireFeeds(t, s)
		editor := s.token("editor")
		res := s.api(editor, "GET", "/api/v1/newsroom/wire", nil)
		if res.status != 200 {
			t.Fatalf("list: %d %s", res.status, res.body)
		}
		list := decode[wireList](t, res.body)
		if len(list.Items) != 4 {
			t.Fatalf("%d items: %s", len(list.Items), res.body)
		}
		by := map[string]apiWireItem{}
		for _, it := range list.Items {
			by[it.Credit+"|"+it.Headline] = it
		}
		nasr := by["نصر|آغاز ساخت سه نيروگاه خورشيدي"]
		mehr, irna := by["مهر|ساخت سه نیروگاه خورشیدی آغاز می‌شود"], by["ایرنا|سه نیروگاه خورشیدی ساخته می‌شود"]
		snow := by["نصر|بارش برف در گردنه‌های شمالی"]
		if nasr.ID == 0 || mehr.ID == 0 || irna.ID == 0 || snow.ID == 0 {
			t.Fatalf("items: %s", res.body)
		}
		if nasr.Group != mehr.Group || mehr.Group != irna.Group || snow.Group == nasr.Group {
			t.Errorf("groups: nasr %d mehr %d irna %d snow %d", nasr.Group, mehr.Group, irna.Group, snow.Group)
		}
		if nasr.Source != ids["نصر"] || nasr.Link != "https://isna.example/news/1" || nasr.Published != "2024-03-10T08:30:00Z" ||
			nasr.Arrived != "2024-03-10T09:00:00Z" || nasr.RepublishedStory != nil {
			t.Errorf("item %+v", nasr)
		}
		if !strings.Contains(res.body, `"republished_story":null`) {
			t.Errorf("republished_story is not null before republishing: %s", res.body)
		}
		// Filters: a source, a search in another spelling, paging.
		if l := decode[wireList](t, s.api(editor, "GET", fmt.Sprintf("/api/v1/newsroom/wire?source=%d", ids["مهر"]), nil).body); len(l.Items) != 1 || l.Items[0].ID != mehr.ID {
			t.Errorf("by source: %+v", l)
		}
		if l := decode[wireList](t, s.api(editor, "GET", "/api/v1/newsroom/wire?q="+url.QueryEscape("نيروگاههاي خورشيدي"), nil).body); len(l.Items) != 3 {
			t.Errorf("search found %d, want 3", len(l.Items))
		}
		page := s.api(editor, "GET", "/api/v1/newsroom/wire?limit=3", nil)
		var paged struct {
			Items  []apiWireItem `json:"items"`
			Cursor string        `json:"next_cursor"`
		}
		paged = decode[struct {
			Items  []apiWireItem `json:"items"`
			Cursor string        `json:"next_cursor"`
		}](t, page.body)
		if len(paged.Items) != 3 || paged.Cursor == "" {
			t.Fatalf("page: %s", page.body)
		}
		if l := decode[wireList](t, s.api(editor, "GET", "/api/v1/newsroom/wire?limit=3&cursor="+paged.Cursor, nil).body); len(l.Items) != 1 {
			t.Errorf("second page: %+v", l)
		}
		for _, bad := range []string{"limit=0", "limit=x", "source=-1", "cursor=zz"} {
			if r := s.api(editor, "GET", "/api/v1/newsroom/wire?"+bad, nil); r.status != 400 || !strings.Contains(r.body, `"error"`) {
				t.Errorf("%s: %d %s", bad, r.status, r.body)
			}
		}
		if r := s.api(s.token("reporter"), "GET", "/api/v1/newsroom/wire", nil); r.status != http.StatusForbidden {
			t.Errorf("a reporter read the wire: %d", r.status)
		}

		// Republish with credit.
		res = s.api(editor, "POST", fmt.Sprintf("/api/v1/newsroom/wire/%d/republish", nasr.ID), map[string]string{"section": "economy"})
		if res.status != http.StatusCreated || !strings.HasPrefix(res.header.Get("Location"), "/api/v1/newsroom/stories/") {
			t.Fatalf("republish: %d %s", res.status, res.body)
		}
		var draft struct {
			apiStory
			Credit string `json:"credit"`
			Lead   string `json:"lead"`
		}
		draft = decode[struct {
			apiStory
			Credit string `json:"credit"`
			Lead   string `json:"lead"`
		}](t, res.body)
		if draft.State != "draft" || draft.Credit != "نصر" || draft.Headline != "آغاز ساخت سه نیروگاه خورشیدی" ||
			draft.Lead != "وزیر نیرو از آغاز ساخت سه نیروگاه خورشیدی در کرمان، یزد و سیستان و بلوچستان خبر داد." ||
			!strings.Contains(draft.Body, "آغاز می‌شود") || !strings.Contains(draft.Body, "می‌دهد") {
			t.Errorf("draft %+v", draft)
		}
		if r := s.api(editor, "POST", fmt.Sprintf("/api/v1/newsroom/wire/%d/republish", nasr.ID), nil); r.status != http.StatusConflict {
			t.Errorf("republished twice: %d %s", r.status, r.body)
		}
		if r := s.api(editor, "POST", "/api/v1/newsroom/wire/999999/republish", nil); r.status != http.StatusNotFound {
			t.Errorf("no such item: %d", r.status)
		}
		l := decode[wireList](t, s.api(editor, "GET", fmt.Sprintf("/api/v1/newsroom/wire?source=%d&q=%s", ids["نصر"], url.QueryEscape("نیروگاه")), nil).body)
		if len(l.Items) != 1 || l.Items[0].RepublishedStory == nil || *l.Items[0].RepublishedStory != draft.ID {
			t.Errorf("the item does not name its story: %+v", l.Items)
		}

		// The desk shows the group with its sources, the failing feed, and
		// the republished item links to its story.
		desk := s.as("editor").get("/newsroom/wire")
		for _, want := range []string{"<bdi>نصر</bdi>", "<bdi>مهر</bdi>", "<bdi>ایرنا</bdi>", "خاموش", "502",
			fmt.Sprintf(`href="/newsroom/stories/%d">بازنشر شده`, draft.ID)} {
			if !strings.Contains(desk.body, want) {
				t.Errorf("desk lacks %q", want)
			}
		}
		if strings.Count(desk.body, `class="wire-group"`) != 2 {
			t.Errorf("%d groups on the desk, want 2", strings.Count(desk.body, `class="wire-group"`))
		}
		item := s.as("editor").get(fmt.Sprintf("/newsroom/wire/%d", mehr.ID))
		if item.status != 200 || !strings.Contains(item.body, "بازنشر با ذکر منبع") || !strings.Contains(item.body, "همین خبر از منابع دیگر") {
			t.Errorf("item page: %d", item.status)
		}

		// Published, the page opens the lead with the credit, as the model page.
		pub := s.api(editor, "POST", fmt.Sprintf("/api/v1/newsroom/stories/%d/transitions", draft.ID), map[string]string{"to": "published"})
		if pub.status != 200 {
			t.Fatalf("publish: %d %s", pub.status, pub.body)
		}
		code := decode[apiStory](t, pub.body).Code
		s.clock.advance(time.Minute)
		page2 := s.client().get(fmt.Sprintf("/news/%d", code))
		if page2.status == http.StatusMovedPermanently || page2.status == http.StatusFound {
			page2 = s.client().get(page2.header.Get("Location"))
		}
		if !strings.Contains(page2.body, `<p class="lead"><strong>نصر:</strong> وزیر نیرو از آغاز ساخت`) {
			t.Errorf("the public page does not open the lead with «نصر:»: %d", page2.status)
		}
		api := s.client().get(fmt.Sprintf("/api/v1/news/%d", code))
		if !strings.Contains(api.body, `"name":"derivedfrom","uri":"https://isna.example/news/1"`) ||
			!strings.Contains(api.body, `{"name":"نصر","role":"source","uri":"https://isna.example/news/1"}`) {
			t.Errorf("the ninjs API lacks the origin: %s", api.body)
		}
	})
}

func TestWireSourcesPage(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	admin := s.as("admin")
	res := admin.post("/newsroom/wire/sources", url.Values{"url": {"ftp://isna.example/"}, "credit": {"ایسنا"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "http://") || !strings.Contains(res.body, `value="ایسنا"`) {
		t.Errorf("bad URL: %d", res.status)
	}
	res = admin.post("/newsroom/wire/sources", url.Values{"url": {"https://isna.example/rss"}, "credit": {"ایسنا"}, "every": {"یک"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "فاصلهٔ خواندن") {
		t.Errorf("bad interval: %d", res.status)
	}
	if res := admin.post("/newsroom/wire/sources", url.Values{"url": {"https://isna.example/rss"}, "credit": {"ایسنا"}, "format": {"rss"}}); res.status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.status, res.body)
	}
	page := admin.get("/newsroom/wire/sources?done=added")
	if !strings.Contains(page.body, "https://isna.example/rss") || !strings.Contains(page.body, "خوراک افزوده شد") || !strings.Contains(page.body, "(متوقف)") {
		t.Errorf("sources page after adding a disabled source")
	}
	srcs, _ := s.store.WireSources(ctx)
	path := fmt.Sprintf("/newsroom/wire/sources/%d/state", srcs[0].ID)
	if res := admin.post(path, url.Values{"action": {"enable"}}); res.status != http.StatusSeeOther {
		t.Errorf("enable: %d", res.status)
	}
	if got, _ := s.store.WireSource(ctx, srcs[0].ID); !got.Enabled {
		t.Error("not enabled")
	}
	if res := admin.post(path, url.Values{"action": {"remove"}}); res.status != http.StatusSeeOther {
		t.Errorf("remove: %d", res.status)
	}
	if list, _ := s.store.WireSources(ctx); len(list) != 0 {
		t.Errorf("left: %v", list)
	}
	if res := s.as("editor").get("/newsroom/wire/sources"); res.status != http.StatusForbidden {
		t.Errorf("an editor opened the sources: %d", res.status)
	}
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

var (
	politics = news.Section{Slug: "politics", Name: "سیاسی"}
	economy  = news.Section{Slug: "economy", Name: "اقتصادی"}
	sports   = news.Section{Slug: "sports", Name: "ورزشی"}
	culture  = news.Section{Slug: "culture", Name: "فرهنگی"}
)

// importedURI is the link an imported story came with and keeps.
const importedURI = "https://example.ir/news/42"

// searchSite is a site on st holding a few stories to search: three
// about different things, five exhibitions around the Tehran day
// 1402/08/04 (2023-10-26), twelve festivals for paging, and two
// exhibitions the public must not see.
func searchSite(t *testing.T, st *store.Store) *site {
	t.Helper()
	s := serve(t, st)
	at := func(v string) time.Time {
		tm, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	pub := func(sec news.Section, headline, lead, when string) *news.Story {
		return &news.Story{Section: sec, Headline: headline, Lead: lead, Body: "<p>" + lead + "</p>",
			Status: news.StatusPublished, Published: at(when)}
	}
	s.add(&news.Story{
		Section:   economy,
		Headline:  "کاهش قیمت کالاهای اساسی در بازار تهران",
		Lead:      "رئیس اتحادیه بارفروشان گفت قیمت برنج و روغن در هفته گذشته کاهش یافت.",
		Body:      "<p>به گزارش خبرنگار ما، <b>بازار</b> میوه و تره‌بار نیز آرام بوده است.</p>",
		Status:    news.StatusPublished,
		Published: at("2023-10-24T09:00:00Z"),
	})
	imported := &news.Story{
		URI:       importedURI,
		Section:   politics,
		Headline:  "نشست گروه‌های کارشناسی ایران و عمان در مسقط برگزار شد",
		Lead:      "کارشناسان دو کشور درباره همکاری در حوزه ارتباطات گفت‌وگو کردند.",
		Body:      "<p>این نشست دو روز طول کشید.</p>",
		Source:    "ایرنا",
		Status:    news.StatusPublished,
		Published: at("2023-10-26T10:00:00Z"),
	}
	for _, r := range st.ImportStories(context.Background(), []*news.Story{imported}) {
		if r.Err != nil {
			t.Fatalf("import: %v", r.Err)
		}
	}
	s.add(pub(sports, "پیروزی تیم ملی والیبال در مسابقات آسیایی", "تیم ملی والیبال حریف خود را سه بر صفر شکست داد.", "2023-10-25T12:00:00Z"))

	// Exhibitions either side of the Tehran day 1402/08/04.
	s.add(pub(culture, "نمایشگاه کتاب کودک در اصفهان", "نمایشگاه تا پایان هفته باز است.", "2023-10-25T20:29:00Z")) // 1402/08/03 23:59
	s.add(pub(culture, "نمایشگاه کتاب کودک در شیراز", "نمایشگاه تا پایان هفته باز است.", "2023-10-25T20:30:00Z"))  // 1402/08/04 00:00
	s.add(pub(culture, "نمایشگاه کتاب کودک در تبریز", "نمایشگاه تا پایان هفته باز است.", "2023-10-26T20:29:00Z"))  // 1402/08/04 23:59
	s.add(pub(culture, "نمایشگاه کتاب کودک در مشهد", "نمایشگاه تا پایان هفته باز است.", "2023-10-26T20:30:00Z"))   // 1402/08/05 00:00
	s.add(pub(economy, "نمایشگاه صنعت ساختمان در یزد", "نمایشگاه تا پایان هفته باز است.", "2023-10-20T08:00:00Z"))
	hidden := pub(culture, "نمایشگاه پیش‌نویس", "نمایشگاه هنوز منتشر نشده است.", "2023-10-25T08:00:00Z")
	hidden.Status = news.StatusDraft
	s.add(hidden)
	s.add(pub(culture, "نمایشگاه آینده", "نمایشگاه سال‌ها بعد منتشر می‌شود.", "2100-01-01T08:00:00Z"))

	for i := range 12 {
		s.add(pub(culture, fmt.Sprintf("جشنواره فیلم کوتاه شماره %d", i+1), "جشنواره امسال برگزار شد.",
			at("2023-10-01T08:00:00Z").Add(time.Duration(i)*time.Hour).Format(time.RFC3339)))
	}
	return s
}

// apiResult is a decoded answer of the search API.
type apiResult struct {
	status int
	ctype  string
	raw    string
	Total  int       `json:"total"`
	Items  []apiItem `json:"items"`
	Error  string    `json:"error"`
}

type apiItem struct {
	URI       string `json:"uri"`
	Headlines []struct {
		Role, Value string
	} `json:"headlines"`
	Descriptions []struct{ Value string } `json:"descriptions"`
	Subjects     []struct{ Name, Rel, Literal string }
	AltIDs       []struct{ Role, Value string } `json:"altids"`
	Bodies       json.RawMessage                `json:"bodies"`
	Versioned    string                         `json:"versioncreated"`
}

func (it apiItem) headline() string {
	for _, h := range it.Headlines {
		if h.Role == "main" {
			return h.Value
		}
	}
	return ""
}

// api requests the search API with the raw query string rawQuery.
func (s *site) api(rawQuery string) apiResult {
	s.t.Helper()
	res := s.get("/api/v1/search?" + rawQuery)
	out := apiResult{status: res.status, ctype: res.header.Get("Content-Type"), raw: res.body}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		s.t.Fatalf("GET /api/v1/search?%s: %d, not JSON: %v\n%s", rawQuery, res.status, err, res.body)
	}
	return out
}

// search asks the API for q with the extra parameters more.
func (s *site) search(q string, more ...string) apiResult {
	s.t.Helper()
	return s.api(strings.Join(append([]string{"q=" + url.QueryEscape(q)}, more...), "&"))
}

func (r apiResult) headlines() []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, it.headline())
	}
	return out
}

func TestSearchAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := searchSite(t, st)

		t.Run("response", func(t *testing.T) {
			res := s.get("/api/v1/search?q=" + url.QueryEscape("مسقط"))
			if res.status != 200 {
				t.Fatalf("status %d", res.status)
			}
			for h, want := range map[string]string{
				"Content-Type":                "application/json; charset=utf-8",
				"Cache-Control":               "public, max-age=30",
				"Access-Control-Allow-Origin": "*",
			} {
				if got := res.header.Get(h); got != want {
					t.Errorf("%s: %q, want %q", h, got, want)
				}
			}
		})

		t.Run("a misspelling is corrected", func(t *testing.T) {
			res := s.search("والیبل")
			if res.Total != 1 || !strings.Contains(res.Items[0].headline(), "والیبال") {
				t.Errorf("got %d %q", res.Total, res.headlines())
			}
			if !strings.Contains(res.raw, `"suggestion":"والیبال","corrected":true`) {
				t.Errorf("body %s", res.raw)
			}
			res = s.search("والیبل", "nocorrect=1")
			if res.Total != 0 || !strings.Contains(res.raw, `"suggestion":"والیبال"`) || strings.Contains(res.raw, "corrected") {
				t.Errorf("as typed: %d, body %s", res.Total, res.raw)
			}
			res = s.search("والیبال")
			if res.Total != 1 || strings.Contains(res.raw, "suggestion") || strings.Contains(res.raw, "corrected") {
				t.Errorf("spelled right: %d, body %s", res.Total, res.raw)
			}
			if res := s.search("والیبل", "nocorrect=maybe"); res.status != 400 || !strings.Contains(res.Error, "پارامتر nocorrect باید") {
				t.Errorf("nocorrect=maybe: %d %q", res.status, res.Error)
			}
		})
		t.Run("Arabic letters find Persian text", func(t *testing.T) {
			res := s.search("كاهش قيمت كالاها")
			if res.status != 200 || res.Total != 1 || res.Items[0].headline() != "کاهش قیمت کالاهای اساسی در بازار تهران" {
				t.Errorf("got %d %d %q", res.status, res.Total, res.headlines())
			}
		})
		t.Run("رییس finds رئیس", func(t *testing.T) {
			res := s.search("رييس اتحاديه")
			if res.Total != 1 || !strings.HasPrefix(res.Items[0].headline(), "کاهش قیمت") {
				t.Errorf("got %d %q", res.Total, res.headlines())
			}
		})
		t.Run("no ZWNJ finds a ZWNJ headline", func(t *testing.T) {
			for _, q := range []string{"گروههای کارشناسی", "گروه های کارشناسی"} {
				res := s.search(q)
				if res.Total < 1 || !strings.HasPrefix(res.Items[0].headline(), "نشست گروه‌های کارشناسی") {
					t.Errorf("%q: got %d %q", q, res.Total, res.headlines())
				}
			}
		})

		t.Run("imported item", func(t *testing.T) {
			res := s.search("مسقط")
			if res.Total != 1 {
				t.Fatalf("total %d, want 1", res.Total)
			}
			it := res.Items[0]
			stored, err := st.StoryByURI(context.Background(), importedURI)
			if err != nil {
				t.Fatal(err)
			}
			if it.URI != importedURI {
				t.Errorf("uri %q, want %q", it.URI, importedURI)
			}
			if len(it.AltIDs) != 1 || it.AltIDs[0].Role != "newscode" || it.AltIDs[0].Value != fmt.Sprint(stored.Code) {
				t.Errorf("altids %+v, want newscode %d", it.AltIDs, stored.Code)
			}
			if len(it.Descriptions) != 1 || it.Descriptions[0].Value != stored.Lead {
				t.Errorf("descriptions %+v", it.Descriptions)
			}
			if len(it.Subjects) == 0 || it.Subjects[0].Rel != "category" || it.Subjects[0].Literal != "politics" {
				t.Errorf("subjects %+v", it.Subjects)
			}
			if it.Versioned != "2023-10-26T10:00:00Z" {
				t.Errorf("versioncreated %q", it.Versioned)
			}
			if !strings.Contains(res.raw, `"infosources":[{"name":"ایرنا","role":"source"}]`) {
				t.Errorf("no source in %s", res.raw)
			}
		})

		t.Run("no bodies", func(t *testing.T) {
			res := s.search("نمایشگاه", "limit=100")
			if len(res.Items) != 5 {
				t.Fatalf("%d items", len(res.Items))
			}
			for _, it := range res.Items {
				if it.Bodies != nil {
					t.Errorf("%q has bodies %s", it.headline(), it.Bodies)
				}
			}
			if strings.Contains(res.raw, `"bodies"`) || strings.Contains(res.raw, "<p>") {
				t.Errorf("body text in %s", res.raw)
			}
		})

		t.Run("only public stories", func(t *testing.T) {
			res := s.search("نمایشگاه")
			if res.Total != 5 {
				t.Errorf("total %d, want 5: %q", res.Total, res.headlines())
			}
			for _, h := range res.headlines() {
				if h == "نمایشگاه پیش‌نویس" || h == "نمایشگاه آینده" {
					t.Errorf("found %q", h)
				}
			}
		})

		t.Run("best first", func(t *testing.T) {
			res := s.search("نمایشگاه کتاب کودک تبریز")
			if res.Total < 1 || res.Items[0].headline() != "نمایشگاه کتاب کودک در تبریز" {
				t.Errorf("got %q", res.headlines())
			}
		})

		t.Run("paging", func(t *testing.T) {
			if res := s.search("جشنواره"); res.Total != 12 || len(res.Items) != 10 {
				t.Errorf("default limit: total %d, %d items", res.Total, len(res.Items))
			}
			var all []string
			for off := 0; off < 12; off += 5 {
				res := s.search("جشنواره", "limit=5", fmt.Sprintf("offset=%d", off))
				if res.Total != 12 || len(res.Items) != min(5, 12-off) {
					t.Errorf("offset %d: total %d, %d items", off, res.Total, len(res.Items))
				}
				all = append(all, res.headlines()...)
			}
			whole := s.search("جشنواره", "limit=12").headlines()
			if !slices.Equal(all, whole) {
				t.Errorf("pages %q\nwhole %q", all, whole)
			}
			if res := s.search("جشنواره", "offset=12"); res.Total != 12 || len(res.Items) != 0 || !strings.Contains(res.raw, `"items":[]`) {
				t.Errorf("past the end: %s", res.raw)
			}
		})

		t.Run("filters", func(t *testing.T) {
			tests := []struct {
				name  string
				extra []string
				want  []string // cities of the exhibitions found
			}{
				{"section", []string{"section=economy"}, []string{"یزد"}},
				{"unknown section", []string{"section=nope"}, nil},
				{"one day", []string{"from=2023-10-26", "to=2023-10-26"}, []string{"شیراز", "تبریز"}},
				{"from a day", []string{"from=2023-10-26"}, []string{"شیراز", "تبریز", "مشهد"}},
				{"to a day", []string{"to=2023-10-25"}, []string{"اصفهان", "یزد"}},
				{"times", []string{"from=" + url.QueryEscape("2023-10-26T00:00:00+03:30"), "to=" + url.QueryEscape("2023-10-26T23:59:00+03:30")}, []string{"شیراز", "تبریز"}},
				{"UTC times", []string{"from=2023-10-25T20:30:00Z", "to=2023-10-25T20:30:00Z"}, []string{"شیراز"}},
				{"unescaped plus", []string{"from=2023-10-26T00:00:00+03:30", "to=2023-10-26T00:00:00+03:30"}, []string{"شیراز"}},
				{"widest range", []string{"from=0000-01-01", "to=9999-12-31T23:59:59.999999999Z"}, []string{"اصفهان", "شیراز", "تبریز", "مشهد", "یزد"}},
				{"Persian digits", []string{"from=" + url.QueryEscape("۲۰۲۳-۱۰-۲۶"), "to=2023-10-26"}, []string{"شیراز", "تبریز"}},
				{"section and dates", []string{"section=culture", "from=2023-10-20", "to=2023-10-25"}, []string{"اصفهان"}},
				{"Jalali day", []string{"from=1402/08/04", "to=" + url.QueryEscape("۱۴۰۲/۰۸/۰۴")}, []string{"شیراز", "تبریز"}},
				{"Jalali from", []string{"from=1402/8/4"}, []string{"شیراز", "تبریز", "مشهد"}},
			}
			for _, tt := range tests {
				res := s.search("نمایشگاه", tt.extra...)
				var got []string
				for _, h := range res.headlines() {
					f := strings.Fields(h)
					got = append(got, f[len(f)-1])
				}
				slices.Sort(got)
				slices.Sort(tt.want)
				if res.status != 200 || res.Total != len(tt.want) || !slices.Equal(got, tt.want) {
					t.Errorf("%s: %d total %d %q, want %q", tt.name, res.status, res.Total, got, tt.want)
				}
			}
		})

		t.Run("bad parameters", func(t *testing.T) {
			for _, tt := range []struct{ query, param string }{
				{"limit=abc", "limit"},
				{"limit=0", "limit"},
				{"limit=101", "limit"},
				{"limit=-1", "limit"},
				{"limit=2.5", "limit"},
				{"limit=99999999999999999999999", "limit"},
				{"offset=-1", "offset"},
				{"offset=x", "offset"},
				{"offset=10001", "offset"},
				{"from=2023-13-01", "from"},
				{"from=2023-02-30", "from"},
				{"from=yesterday", "from"},
				{"from=1402-08-04", "from"},
				{"to=" + url.QueryEscape("۱۴۰۲-۰۸-۰۴"), "to"},
				{"to=1402-08-04T10:00:00Z", "to"},
				{"from=1402/13/04", "from"},
				{"from=2023/10/26", "from"},
				{"from=%ff", "from"},
				{"to=2023-10-26T25:00:00Z", "to"},
				{"to=26-10-2023", "to"},
				{"from=2023-10-27&to=2023-10-26", "from"},
				{"from=2023-10-26T12:00:00Z&to=2023-10-26T11:00:00Z", "from"},
			} {
				res := s.api("q=" + url.QueryEscape("نمایشگاه") + "&" + tt.query)
				if res.status != 400 || res.ctype != "application/json; charset=utf-8" || !strings.Contains(res.Error, tt.param) ||
					!strings.Contains(res.Error, "پارامتر "+tt.param+" ") {
					t.Errorf("%s: %d %q %s", tt.query, res.status, res.ctype, res.raw)
				}
			}
			if res := s.api("limit=101"); res.Error != "پارامتر limit باید عددی درست از ۱ تا ۱۰۰ باشد" {
				t.Errorf("limit=101: %q", res.Error)
			}
		})

		t.Run("nasty queries", func(t *testing.T) {
			for _, q := range []string{
				"q=", "q=+++", "q=%09%0A", "", "q=%ff%fe", "q=%E2%80%8C", "q=%00",
				"q=" + url.QueryEscape(strings.Repeat("خبر ", 2500)),
				"q=" + strings.Repeat("a", 10240),
				"q=" + url.QueryEscape(`"نمایشگاه کتاب`),
				"q=" + url.QueryEscape(`نمایش*`),
				"q=" + url.QueryEscape(`NEAR(کتاب کودک, 2)`),
				"q=" + url.QueryEscape(`headline:کتاب`),
				"q=" + url.QueryEscape(`-کتاب -`),
				"q=" + url.QueryEscape(`(کتاب OR کودک) AND NOT ()`),
				"q=" + url.QueryEscape(`'; DROP TABLE stories; --`),
				"q=" + url.QueryEscape(`' OR 1=1 --`),
				"q=" + url.QueryEscape(`کتاب') UNION SELECT * FROM stories --`),
				"q=" + url.QueryEscape(`\' ; \\ %_ $1 ?`),
				"q=" + url.QueryEscape("& | ! <-> : * ^ ~ {} []"),
			} {
				res := s.api(q)
				if res.status != 200 || res.ctype != "application/json; charset=utf-8" || res.Items == nil {
					t.Errorf("%.60s: %d %q %.200s", q, res.status, res.ctype, res.raw)
				}
			}
			for _, q := range []string{"", "   ", "\t"} {
				if res := s.search(q); res.raw != `{"total":0,"items":[]}`+"\n" {
					t.Errorf("%q: %s", q, res.raw)
				}
			}
			// The syntax is read as words, and nothing was dropped.
			if res := s.search(`"نمایشگاه"`); res.Total != 5 {
				t.Errorf(`"نمایشگاه": total %d, want 5`, res.Total)
			}
		})

		t.Run("typo", func(t *testing.T) {
			res := s.search("والیبل")
			if res.Total < 1 || !strings.HasPrefix(res.Items[0].headline(), "پیروزی تیم ملی والیبال") {
				t.Errorf("got %q", res.headlines())
			}
		})

		t.Run("other methods and paths", func(t *testing.T) {
			if res := s.get("/api/v1/nope"); res.status != 404 || res.header.Get("Content-Type") != "application/json; charset=utf-8" {
				t.Errorf("unknown API path: %d %q", res.status, res.body)
			}
			res := s.do("POST", "/api/v1/search?q=x")
			if res.status != 405 || !strings.Contains(res.body, `"error"`) || res.header.Get("Allow") == "" {
				t.Errorf("POST: %d %q %q", res.status, res.header.Get("Allow"), res.body)
			}
		})
	})
}

func TestSearchPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := searchSite(t, st)
		q := func(v ...string) string {
			vals := url.Values{}
			for i := 0; i+1 < len(v); i += 2 {
				vals.Set(v[i], v[i+1])
			}
			return "/search?" + vals.Encode()
		}
		s.run([]scenario{
			{
				name: "form", path: q("q", "نمایشگاه", "section", "economy"), status: 200,
				contains: []string{`<select name="section">`, `<option value="economy" selected>اقتصادی</option>`,
					`<option value="culture">فرهنگی</option>`, `name="from"`, `name="to"`, `action="/search"`},
			},
			{
				name: "section", path: q("q", "نمایشگاه", "section", "economy"), status: 200,
				contains: []string{"<mark>نمایشگاه</mark> صنعت ساختمان در یزد"},
				text:     []string{"۱ نتیجه برای «نمایشگاه»", "۱۴۰۲/۰۷/۲۸", "اقتصادی"},
				absent:   []string{"اصفهان", "شیراز"},
			},
			{
				name: "Jalali range in Persian digits", path: q("q", "نمایشگاه", "from", "۱۴۰۲/۰۸/۰۴", "to", "۱۴۰۲/۰۸/۰۴"), status: 200,
				contains: []string{"شیراز", "تبریز", `value="۱۴۰۲/۰۸/۰۴"`},
				text:     []string{"۲ نتیجه"},
				absent:   []string{"اصفهان", "مشهد", "یزد"},
			},
			{
				name: "Jalali range in Latin digits", path: q("q", "نمایشگاه", "from", "1402/8/4"), status: 200,
				text:   []string{"۳ نتیجه"},
				absent: []string{"اصفهان", "یزد"},
			},
			{
				name: "bad date", path: q("q", "نمایشگاه", "from", "۱۴۰۲/۱۳/۰۱"), status: 200,
				text:   []string{"«از تاریخ» (۱۴۰۲/۱۳/۰۱) تاریخ درستی نیست", "۵ نتیجه"},
				absent: []string{`class="error-page"`},
			},
			{
				name: "range backwards", path: q("q", "نمایشگاه", "from", "1402/08/05", "to", "1402/08/01"), status: 200,
				text: []string{"«از تاریخ» پس از «تا تاریخ» است", "۵ نتیجه"},
			},
			{
				name: "snippet highlights another spelling", path: q("q", "رييس اتحاديه"), status: 200,
				contains: []string{"<mark>رئیس</mark> <mark>اتحادیه</mark> بارفروشان"},
			},
			{
				name: "headline highlights without ZWNJ", path: q("q", "گروههای کارشناسی"), status: 200,
				contains: []string{"نشست <mark>گروه‌های</mark> <mark>کارشناسی</mark> ایران"},
			},
			{
				name: "corrected", path: q("q", "والیبل", "section", "sports"), status: 200,
				contains: []string{"تیم ملی <mark>والیبال</mark>"},
				text: []string{`نتایج برای <a href="` + q("q", "والیبال", "section", "sports") + `"><b>والیبال</b></a>. جست‌وجوی <a href="` +
					q("q", "والیبل", "section", "sports") + `&nocorrect=1">والیبل</a> به‌جای آن`, "۱ نتیجه برای «والیبال»"},
				absent: []string{"آیا منظورتان"},
			},
			{
				name: "as typed", path: q("q", "والیبل", "section", "sports") + "&nocorrect=1", status: 200,
				text:   []string{"نتیجه‌ای برای «والیبل» یافت نشد", `آیا منظورتان <a href="` + q("q", "والیبال", "section", "sports") + `">والیبال</a> بود؟`},
				absent: []string{"نتایج برای", "تیم ملی"},
			},
			{
				name: "spelled right", path: q("q", "والیبال"), status: 200,
				text:   []string{"۱ نتیجه برای «والیبال»"},
				absent: []string{"نتایج برای", "آیا منظورتان"},
			},
			{
				name: "empty", path: q("q", "زلزله"), status: 200,
				text:   []string{"نتیجه‌ای برای «زلزله» یافت نشد", "واژه‌های کمتری بنویسید", "املای واژه‌ها را بررسی کنید", `<a href="/">تازه‌ترین خبرها`},
				absent: []string{"جست‌وجو در همهٔ خبرها", "آیا منظورتان"},
			},
			{
				name: "empty with filters", path: q("q", "والیبال", "section", "economy"), status: 200,
				text: []string{"نتیجه‌ای برای «والیبال» یافت نشد", `<a href="` + q("q", "والیبال") + `">جست‌وجو در همهٔ خبرها</a>`},
			},
			{
				name: "paging keeps filters", path: q("q", "جشنواره", "section", "culture", "from", "۱۴۰۲/۰۷/۰۱"), status: 200,
				text: []string{"۱۲ نتیجه", `href="` + q("q", "جشنواره", "section", "culture", "from", "۱۴۰۲/۰۷/۰۱", "page", "2") + `"`},
			},
			{
				name: "page 2", path: q("q", "جشنواره", "section", "culture", "page", "2"), status: 200,
				contains: []string{`<span class="num current" aria-current="page">۲</span>`},
			},
			{name: "page past the end", path: q("q", "جشنواره", "page", "3"), status: 404},
			{
				name: "nasty", path: "/search?q=" + url.QueryEscape(`"کتاب* NEAR(-:) '; DROP TABLE stories; --`) + "%ff", status: 200,
			},
		})
	})
}

func TestSearchAPIServerError(t *testing.T) {
	s := newSite(t)
	s.add(modelStory())
	s.store.Close() // every query now fails
	res := s.get("/api/v1/search?q=" + url.QueryEscape("ارتباطات"))
	if res.status != 500 || res.body != `{"error":"خطای داخلی سرور"}`+"\n" {
		t.Errorf("status %d, body %q", res.status, res.body)
	}
	if ct, cc := res.header.Get("Content-Type"), res.header.Get("Cache-Control"); ct != "application/json; charset=utf-8" || cc != "no-store" {
		t.Errorf("Content-Type %q, Cache-Control %q on a 500", ct, cc)
	}
}

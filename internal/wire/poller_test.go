package wire_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/wire"
)

var admin = news.Actor{ID: 0, Name: "admin", Roles: news.Roles{news.RoleAdmin}}

func rss(items ...[3]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ایسنا</title><link>https://isna.example/</link><description>خبرها</description>`)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://isna.example/news/%s</link><guid>https://isna.example/news/%s</guid><description>%s</description><pubDate>Thu, 26 Oct 2023 13:15:00 +0330</pubDate></item>`,
			it[1], it[0], it[0], it[2])
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>مهر</title><id>urn:mehr:feed</id><updated>2023-10-26T10:00:00Z</updated>
<entry><title>ساخت سه نیروگاه خورشیدی آغاز می‌شود</title><id>urn:mehr:6001</id><link href="https://mehr.example/6001"/>
<updated>2023-10-26T10:00:00Z</updated><content type="html">&lt;p&gt;%s&lt;/p&gt;</content></entry></feed>`

const ninjsLines = `{"uri":"https://irna.example/n/77","headlines":[{"role":"main","value":"آغاز ساخت سه نیروگاه خورشیدی"}],"descriptions":[{"role":"summary","value":"%s"}],"versioncreated":"2023-10-26T09:30:00Z"}
{"uri":"https://irna.example/n/78","headlines":[{"role":"main","value":"بارش برف در گردنه‌های شمالی"}],"descriptions":[{"role":"summary","value":"راه‌های شمالی کشور به دلیل بارش برف سنگین بسته شد و رانندگان باید زنجیر چرخ همراه داشته باشند."}]}
`

// flat joins a test text's lines into one.
func flat(s string) string { return strings.ReplaceAll(s, "\n", " ") }

type feeds struct {
	srv    *httptest.Server
	parsed atomic.Int64 // full answers of good feeds sent (not 304s)
	hits   map[string]*atomic.Int64
}

func newFeeds(t *testing.T) *feeds {
	f := &feeds{hits: map[string]*atomic.Int64{}}
	for _, p := range []string{"/rss", "/atom", "/ninjs", "/broken", "/slow", "/huge", "/cp1256", "/loop", "/football"} {
		f.hits[p] = new(atomic.Int64)
	}
	mux := http.NewServeMux()
	serve := func(path, ctype, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			f.hits[path].Add(1)
			const etag = `"v1"`
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			if path != "/broken" { // a broken answer's validators are not kept
				f.parsed.Add(1)
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Content-Type", ctype)
			w.Write([]byte(body))
		})
	}
	serve("/rss", "application/rss+xml; charset=utf-8", rss([3]string{"1", "آغاز ساخت سه نیروگاه خورشیدی", flat(isnaText)}))
	serve("/atom", "application/atom+xml", fmt.Sprintf(atomFeed, flat(mehrText)))
	serve("/ninjs", "application/x-ndjson", fmt.Sprintf(ninjsLines, flat(irnaText)))
	serve("/football", "application/rss+xml", rss(
		[3]string{"10", "پیروزی استقلال برابر پرسپولیس", flat(derbyText)},
		[3]string{"11", "پیروزی سپاهان برابر تراکتور", flat(sepahanText)}))
	serve("/broken", "application/rss+xml", `<rss><channel><item><title>نیمه`)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		f.hits["/slow"].Add(1)
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		f.hits["/huge"].Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<rss version="2.0"><channel><title>x</title>`))
		chunk := []byte(strings.Repeat("<!-- پر -->", 1000))
		for i := 0; i < 200; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	cp, err := charmap.Windows1256.NewEncoder().String(
		`<?xml version="1.0"?><rss version="2.0"><channel><title>نصر</title><item><title>افتتاح کتابخانه مرکزي شهر</title><guid>nasr-5</guid><link>https://nasr.example/5</link><description>کتابخانه مرکزي شهر با صد هزار جلد کتاب امروز گشايش يافت.</description></item></channel></rss>`)
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("/cp1256", func(w http.ResponseWriter, r *http.Request) {
		f.hits["/cp1256"].Add(1)
		// No charset anywhere, and the Arabic ي that Windows-1256 has for ی.
		w.Header().Set("Content-Type", "text/xml")
		w.Write([]byte(cp))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		f.hits["/loop"].Add(1)
		http.Redirect(w, r, "/loop?n="+r.URL.Query().Get("n")+"x", http.StatusFound)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// The ISNA, Mehr and IRNA versions are the package's grouping texts.
var (
	irnaText    = wire.SampleText("irna")
	isnaText    = wire.SampleText("isna")
	mehrText    = wire.SampleText("mehr")
	derbyText   = wire.SampleText("derby")
	sepahanText = wire.SampleText("sepahan")
)

func addSource(t *testing.T, st *store.Store, url, format, credit string) *news.WireSource {
	t.Helper()
	src := &news.WireSource{URL: url, Format: format, Credit: credit, Every: 5 * time.Minute, Enabled: true}
	if err := st.AddWireSource(context.Background(), admin, src); err != nil {
		t.Fatal(err)
	}
	return src
}

func TestPolling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFeeds(t)
		now := time.Date(2023, 10, 26, 12, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		fetcher := wire.NewFetcher()
		fetcher.Client.Timeout = 500 * time.Millisecond
		fetcher.MaxBytes = 1 << 20
		p := &wire.Poller{Store: st, Fetcher: fetcher, Now: func() time.Time { return now }, Jitter: func() float64 { return 0 }}

		credits := map[string]string{"/rss": "ایسنا", "/atom": "مهر", "/ninjs": "ایرنا", "/football": "ورزش", "/broken": "خراب",
			"/slow": "کند", "/huge": "بزرگ", "/cp1256": "نصر", "/loop": "چرخان"}
		srcs := map[string]*news.WireSource{}
		for _, path := range []string{"/rss", "/atom", "/ninjs", "/football", "/broken", "/slow", "/huge", "/cp1256", "/loop"} {
			srcs[path] = addSource(t, st, f.srv.URL+path, "", credits[path])
		}
		if _, err := p.PollDue(ctx); err != nil {
			t.Fatal(err)
		}
		items, _, err := st.WireItems(ctx, news.WireFilter{Limit: 100}, nil)
		if err != nil {
			t.Fatal(err)
		}
		byHead := map[string]*news.WireItem{}
		for _, it := range items {
			byHead[it.Headline+"|"+it.Credit] = it
		}
		if len(items) != 7 {
			t.Fatalf("%d items on the desk, want 7: %v", len(items), keys(byHead))
		}
		// Three agencies' rewrites: one group.
		isna, mehr, irna := byHead["آغاز ساخت سه نیروگاه خورشیدی|ایسنا"], byHead["ساخت سه نیروگاه خورشیدی آغاز می‌شود|مهر"], byHead["آغاز ساخت سه نیروگاه خورشیدی|ایرنا"]
		if isna == nil || mehr == nil || irna == nil {
			t.Fatalf("missing agency items: %v", keys(byHead))
		}
		if isna.Group != mehr.Group || mehr.Group != irna.Group {
			t.Errorf("rewrites in groups %d, %d, %d: want one", isna.Group, mehr.Group, irna.Group)
		}
		snow := byHead["بارش برف در گردنه‌های شمالی|ایرنا"]
		if snow == nil || snow.Group == irna.Group {
			t.Errorf("another story grouped with the power plants")
		}
		derby, sepahan := byHead["پیروزی استقلال برابر پرسپولیس|ورزش"], byHead["پیروزی سپاهان برابر تراکتور|ورزش"]
		if derby == nil || sepahan == nil || derby.Group == sepahan.Group {
			t.Errorf("two football results in one group (or missing)")
		}
		if irna.Published.IsZero() || !irna.Arrived.Equal(now) || isna.Published.Format(time.RFC3339) != "2023-10-26T09:45:00Z" {
			t.Errorf("times: irna published %v arrived %v; isna published %v", irna.Published, irna.Arrived, isna.Published)
		}
		// Windows-1256 without a declared charset reads as Persian.
		if byHead["افتتاح کتابخانه مرکزي شهر|نصر"] == nil {
			t.Errorf("the Windows-1256 feed did not arrive: %v", keys(byHead))
		}

		// Failing feeds are reported on the desk with their error.
		list, err := st.WireSources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			path := strings.TrimPrefix(s.URL, f.srv.URL)
			bad := path == "/broken" || path == "/slow" || path == "/huge" || path == "/loop"
			if bad != (s.LastError != "") || bad != (s.Failures == 1) {
				t.Errorf("%s: error %q, failures %d", path, s.LastError, s.Failures)
			}
			if bad && !s.Next.After(now) {
				t.Errorf("%s: due again at once", path)
			}
		}
		for path, want := range map[string]string{"/slow": "زمان مقرر", "/huge": "بزرگ‌تر", "/loop": "تغییر مسیر", "/broken": "خوانا نیست"} {
			got, _ := st.WireSource(ctx, srcs[path].ID)
			if !strings.Contains(got.LastError, want) {
				t.Errorf("%s: error %q, want it to say %q", path, got.LastError, want)
			}
		}

		// Polled again and again: nothing new, and 304s parse nothing.
		parsed := f.parsed.Load()
		for i := 0; i < 3; i++ {
			now = now.Add(time.Hour)
			if _, err := p.PollDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := st.WireItemCount(ctx); n != 7 {
			t.Errorf("%d items after polling again, want 7", n)
		}
		if got := f.parsed.Load(); got != parsed {
			t.Errorf("%d full answers after the first poll; 304s should have been all", got-parsed)
		}
		if f.hits["/rss"].Load() != 4 {
			t.Errorf("rss fetched %d times, want 4", f.hits["/rss"].Load())
		}

		// Without validators the same items are dropped as duplicates.
		for _, path := range []string{"/rss", "/atom"} {
			st.RecordWirePoll(ctx, srcs[path].ID, store.WirePoll{Next: now})
		}
		now = now.Add(time.Minute)
		res, _ := p.PollDue(ctx)
		for _, r := range res {
			if r.Added != 0 {
				t.Errorf("%s: %d added on a poll of old items", r.Source.URL, r.Added)
			}
		}
	})
}

func keys(m map[string]*news.WireItem) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestBackoffGrows(t *testing.T) {
	p := &wire.Poller{Jitter: func() float64 { return 0.999 }}
	src := &news.WireSource{Every: 5 * time.Minute}
	var last time.Duration
	for f := 0; f < 10; f++ {
		src.Failures = f
		d := p.BackoffOf(src)
		if d < last || d > 6*time.Hour {
			t.Errorf("failure %d: wait %v after %v", f, d, last)
		}
		last = d
	}
	if last < 5*time.Hour {
		t.Errorf("after ten failures the wait is only %v", last)
	}
}

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/markup"
	"khabar/internal/media"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/photo"
	"khabar/internal/photo/phototest"
	"khabar/internal/richtext"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
	"khabar/internal/wire"
)

// inertAuditJS looks at a whole page, public or newsroom, with the CSP
// off. It first provokes every handler an injection could have left
// (pointer, focus, animation and load events, and a click that is no
// real one, so no link or button of the page acts), then lists what
// khabar does not write: elements of no template and no story body,
// SVG other than the search icon, MathML, event-handler and style
// attributes, addresses other than http(s) ones, pictures from outside
// the photo store, forms sent elsewhere, scripts other than the site's
// files and JSON-LD, a <base>, or a password box where none belongs.
// Then it reads the fields asked for: the text of each element, or the
// value of a form control.
const inertAuditJS = `((opts) => {
	const out = {Bad: [], Scripts: 0, Read: {}};
	const HTML = "http://www.w3.org/1999/xhtml", SVG = "http://www.w3.org/2000/svg";
	const quiet = new Set(["A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "LABEL", "SUMMARY", "OPTION", "DETAILS", "FORM"]);
	for (const e of document.body.querySelectorAll("*")) {
		for (const type of ["mouseover", "mouseenter", "pointerover", "pointerenter", "focus", "focusin", "animationstart", "transitionend", "load", "error", "toggle"]) {
			e.dispatchEvent(new Event(type));
		}
		if (!quiet.has(e.tagName) && !e.closest("a, button, label, summary, form")) e.dispatchEvent(new Event("click"));
	}
	const tags = new Set(("html head body title meta link script main header footer nav section article aside div span p a " +
		"h1 h2 h3 h4 ul ol li time label input button form option select textarea details summary small strong b i em br " +
		"bdi code kbd pre ins del mark table thead tbody tr th td legend fieldset figure figcaption picture source img blockquote").split(" "));
	const urlAttrs = new Set(["href", "src", "action", "formaction", "data", "poster", "background", "cite", "xlink:href", "ping",
		"codebase", "dynsrc", "lowsrc", "longdesc", "manifest", "icon", "archive", "profile", "usemap"]);
	const webURL = v => {
		try { const u = new URL(v.trim(), document.baseURI); return u.protocol === "http:" || u.protocol === "https:" || u.protocol === "mailto:"; }
		catch (e) { return false; }
	};
	const ours = v => { try { const u = new URL(v, document.baseURI); return u.origin === location.origin; } catch (e) { return false; } };
	const bad = (e, why) => out.Bad.push(why + " " + e.outerHTML.slice(0, 160));
	for (const e of document.querySelectorAll("*")) {
		const tag = e.localName;
		if (e.namespaceURI === SVG) {
			if (!["svg", "path", "circle"].includes(tag) || !e.closest("form.search button svg.icon")) bad(e, "svg:" + tag);
		} else if (e.namespaceURI !== HTML) {
			bad(e, "foreign element " + tag);
		} else if (!tags.has(tag)) {
			bad(e, "element");
		}
		for (const a of e.attributes) {
			const n = a.name.toLowerCase();
			if (n.startsWith("on")) bad(e, "handler " + n);
			else if (n === "style" || n === "srcdoc" || n === "formtarget" && !e.matches('button[formaction="/newsroom/preview"]')) bad(e, "attribute " + n);
			else if (urlAttrs.has(n) && !webURL(a.value)) bad(e, "address " + n);
			else if ((n === "srcset") && a.value.split(",").some(c => c.trim() && !webURL(c.trim().split(/\s+/)[0]))) bad(e, "address srcset");
		}
		switch (tag) {
		case "meta": case "link": case "title": case "base":
			if (tag === "base" || !e.closest("head")) bad(e, "out of the head");
			break;
		case "img": case "source": {
			const v = e.getAttribute("src") || (e.getAttribute("srcset") || "").split(/\s/)[0];
			const path = ours(v) ? new URL(v, document.baseURI).pathname : "";
			if (!path.startsWith("/media/") && !path.startsWith("/static/") || !e.closest("picture, figure, .photo-grid > li") && !e.matches("img.thumb")) bad(e, "picture");
			break;
		}
		case "form":
			const act = e.getAttribute("action") || location.href;
			if (!ours(act) || !/^\/(newsroom\/|search$|news\/)/.test(new URL(act, document.baseURI).pathname)) bad(e, "form");
			break;
		case "input":
			if (e.type === "password" && !opts.password) bad(e, "password box");
			break;
		}
	}
	if (document.baseURI !== location.href.split("#")[0]) out.Bad.push("base " + document.baseURI);
	for (const s of document.scripts) {
		if (s.src && ours(s.src) && /^\/(newsroom\/)?static\//.test(new URL(s.src).pathname)) continue;
		if (!s.src && s.type === "application/ld+json" && s.parentElement === document.head) {
			try { JSON.parse(s.textContent); continue; } catch (e) {}
		}
		out.Scripts++;
	}
	out.Pwned = !!window.khabarPwned;
	out.Title = document.title;
	out.Href = location.href;
	for (const [key, sel] of Object.entries(opts.read || {})) {
		out.Read[key] = [...document.querySelectorAll(sel)].map(e =>
			e.tagName === "INPUT" || e.tagName === "TEXTAREA" || e.tagName === "SELECT" ? e.value : key.endsWith("@href") ? e.getAttribute("href") : e.innerText);
	}
	return out;
})`

// inertAudit is what inertAuditJS found.
type inertAudit struct {
	Bad     []string
	Scripts int
	Pwned   bool
	Title   string
	Href    string
	Read    map[string][]string
}

// auditOpts says what to read from a page, by CSS selector, and
// whether a password box belongs on it.
type auditOpts struct {
	Read     map[string]string `json:"read"`
	Password bool              `json:"password"`
}

// fieldCount is what became of the payloads written into one field.
type fieldCount struct {
	tried, refused, shown int
}

// attack is khabar, both sites, under attack: a store, the browser that
// watches for dialogs, and the counts.
type attack struct {
	t       *testing.T
	url     string
	st      *store.Store
	lib     *photo.Library
	actor   news.Actor
	ctx     context.Context
	dialogs atomic.Int32
	mu      sync.Mutex
	texts   []string
	pages   int
	bad     int
	fields  map[string]*fieldCount
	order   []string
}

func (a *attack) field(name string) *fieldCount {
	if a.fields == nil {
		a.fields = map[string]*fieldCount{}
	}
	c, ok := a.fields[name]
	if !ok {
		c = &fieldCount{}
		a.fields[name] = c
		a.order = append(a.order, name)
	}
	return c
}

// open loads url in the browser and audits it: no dialog, nothing
// injected, the title starting with title when one is given, and the
// browser still at the address (no refresh or script moved it).
func (a *attack) open(what, url, title string, opts auditOpts) inertAudit {
	t := a.t
	t.Helper()
	run(t, a.ctx, what, chromedp.Navigate(url))
	return a.audit(what, title, opts, url)
}

func (a *attack) audit(what, title string, opts auditOpts, at string) inertAudit {
	t := a.t
	t.Helper()
	arg, _ := json.Marshal(opts)
	before := a.dialogs.Load()
	r := get(t, a.ctx, "audit "+what, chromedp.Evaluate[inertAudit](inertAuditJS+"("+string(arg)+")"))
	a.pages++
	problems := len(r.Bad) + r.Scripts
	if r.Pwned {
		problems++
	}
	if at != "" && strings.SplitN(r.Href, "#", 2)[0] != at && !strings.HasPrefix(r.Href, at+"/") {
		t.Errorf("%s: the browser went from %s to %s", what, at, r.Href)
		problems++
	}
	if title != "" && !strings.HasPrefix(squash(r.Title), squash(title)) {
		t.Errorf("%s: the title is %q, want it to start with %q", what, r.Title, title)
		problems++
	}
	if problems > 0 || a.dialogs.Load() != before {
		a.bad += problems
		t.Errorf("%s: injected %q, %d scripts, pwned %v, %d dialogs", what, r.Bad, r.Scripts, r.Pwned, a.dialogs.Load()-before)
	}
	return r
}

// same reports whether the page shows the text as written (whitespace
// aside).
func same(shown, written string) bool { return squash(shown) == squash(written) }

// sameList compares the texts the page shows with those written.
func (a *attack) sameList(what string, shown, written []string) {
	a.t.Helper()
	if len(shown) != len(written) {
		a.t.Errorf("%s: %d shown, %d written: %q, want %q", what, len(shown), len(written), shown, written)
		return
	}
	for i := range shown {
		if !same(shown[i], written[i]) {
			a.t.Errorf("%s: reads %q, was written %q", what, shown[i], written[i])
		}
	}
}

// pack cuts payloads into runs, each joined by sep into one value of at
// most limit runes and at most most payloads: as many values as a field
// needs to hold them all.
func pack(payloads []string, sep string, limit, most int) [][]string {
	var out [][]string
	var cur []string
	n := 0
	for _, p := range payloads {
		l := utf8.RuneCountInString(p)
		if len(cur) > 0 && (n+len(sep)+l > limit || len(cur) == most) {
			out = append(out, cur)
			cur, n = nil, 0
		}
		if len(cur) > 0 {
			n += len(sep)
		}
		cur, n = append(cur, p), n+l
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func persianMessage(err error) bool {
	return strings.ContainsFunc(news.ErrorMessage(err), func(r rune) bool { return r >= 0x600 && r <= 0x6ff })
}

// The story fields, as the store names them in its errors.
var storyFields = []string{"headline", "kicker", "lead", "credit", "byline", "body", "tags", "photo_caption"}

// Every payload of testdata/xss-payloads.txt written into every field
// staff and readers fill — a story's headline, kicker, lead, credit,
// byline, body (in the editor's markup), tags and photo caption; a
// section's name; a photo's caption and credit in the library; a wire
// feed's credit and its items' headlines, leads and bodies; a search —
// and every page that shows them opened in Chromium with the CSP off:
// the article, its print version and its preview, the home, section,
// tag and search pages, the feeds, and the newsroom's story list,
// editor, history, photo library and wire desk. What the
// store refuses it refuses with a Persian message naming the field;
// what it takes reads back on the page as written, and not one dialog
// opens nor one element is injected anywhere.
func TestScriptInjectionEverywhere(t *testing.T) {
	start := time.Now()
	payloads := readPayloads(t)
	if len(payloads) < 300 {
		t.Fatalf("%d payloads, want at least 300", len(payloads))
	}
	bg := context.Background()
	st := storetest.SQLite(t)
	clock := &testClock{t: time.Now().UTC().Truncate(time.Minute)}
	st.SetClock(clock.now)
	const password = "گذرواژهٔ دبیر امنیت سایت"
	user := &news.User{Name: "dabir", DisplayName: "دبیر آزمون", Roles: news.Roles{news.RoleEditor, news.RoleAdmin}}
	if err := st.CreateUser(bg, news.Actor{Name: "آزمون"}, user, auth.HashPassword(password, auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
		t.Fatal(err)
	}
	actor := news.Actor{ID: user.ID, Name: user.DisplayName, Roles: user.Roles}
	if err := st.AddSection(bg, actor, &news.Section{Slug: "society", Name: "اجتماعی"}); err != nil {
		t.Fatal(err)
	}
	files := media.Dir{Root: t.TempDir()}
	popts := photo.Options{TempDir: t.TempDir(), NoWebP: true}
	cfg := config.Defaults()
	cfg.SearchRate, cfg.CommentRate = 0, 0
	h, _ := server.Handler(st, cfg, server.Options{Newsroom: newsroom.Config{Now: clock.now}, Web: web.Config{Now: clock.now},
		Media: files, Photos: popts}, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	a := &attack{t: t, url: srv.URL, st: st, lib: photo.NewLibrary(files, st, popts), actor: actor}

	// What the store takes, field by field: every payload in every field
	// of one draft at once, the field it refuses put back to plain text
	// and the write tried again, until it takes the rest.
	plainPhoto, _, err := a.lib.Add(bg, actor, bytes.NewReader(phototest.PNG(400, 300)), "عکس آزمون", "عکاس آزمون")
	if err != nil {
		t.Fatal(err)
	}
	scratch, err := st.CreateDraft(bg, actor, news.Content{Section: "society", Headline: "پیش‌نویس آزمون پذیرش"})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]map[int]bool{}
	messages := map[string]int{}
	refuse := func(field string, i int, err error) {
		t.Helper()
		if !persianMessage(err) {
			t.Errorf("payload %q refused in %s without a Persian message: %v", payloads[i], field, err)
		}
		if refused[field] == nil {
			refused[field] = map[int]bool{}
		}
		refused[field][i] = true
		messages[news.ErrorMessage(err)]++
	}
	line := func(v string) string { return strings.Join(strings.Fields(v), " ") }
	for i, p := range payloads {
		c := news.Content{Section: "society", Headline: p, Kicker: p, Lead: p, Source: p, Byline: p, Body: markup.ToHTML(p),
			Tags: []string{p}, Photo: plainPhoto.ID, PhotoCaption: p}
		for tries := 0; ; tries++ {
			_, err := st.SaveStory(bg, actor, scratch.ID, 0, c)
			if err == nil {
				break
			}
			field := news.ErrorField(err)
			if news.ErrorCode(err) != news.EINVALID || tries == len(storyFields) {
				t.Fatalf("payload %q: %v", p, err)
			}
			refuse(field, i, err)
			switch field {
			case "headline":
				c.Headline = "تیتر آزمون"
			case "kicker":
				c.Kicker = ""
			case "lead":
				c.Lead = ""
			case "credit":
				c.Source = ""
			case "byline":
				c.Byline = ""
			case "body":
				c.Body = ""
			case "tags":
				c.Tags = nil
			case "photo_caption":
				c.PhotoCaption = ""
			default:
				t.Fatalf("payload %q refused for field %q: %v", p, field, err)
			}
		}
		// The library's caption and credit, as an upload of a file it
		// holds already: the text is checked first.
		for _, f := range []string{photo.CaptionField, photo.CreditField} {
			caption, credit := "عکس آزمون", "عکاس آزمون"
			if f == photo.CaptionField {
				caption = line(p)
			} else {
				credit = line(p)
			}
			if err := news.ValidatePhotoText(photo.CaptionField, caption, photo.CreditField, credit); err != nil {
				if news.ErrorField(err) != f {
					t.Fatalf("payload %q as %s: %v", p, f, err)
				}
				refuse(f, i, err)
			}
		}
	}
	for _, f := range append(storyFields, photo.CaptionField, photo.CreditField) {
		a.field(f).tried, a.field(f).refused = len(payloads), len(refused[f])
	}
	accepted := func(field string) []string {
		var out []string
		for i, p := range payloads {
			if !refused[field][i] {
				out = append(out, p)
			}
		}
		return out
	}

	// Sections named by the payloads, three to a name, none in the
	// navigation yet.
	var sections []news.Section
	var named []string
	inSection := map[string]int{}
	for i, p := range payloads {
		a.field("section name").tried++
		if err := news.CheckSectionName(p); err != nil {
			refuse("section name", i, err)
			a.field("section name").refused++
			continue
		}
		named = append(named, p)
	}
	for i, names := range pack(named, " ", news.MaxSectionName, 3) {
		sec := news.Section{Slug: fmt.Sprintf("s%d", i), Name: strings.Join(names, " ")}
		if err := st.AddSection(bg, actor, &sec); err != nil {
			t.Fatalf("section %q: %v", sec.Name, err)
		}
		sections = append(sections, sec)
		inSection[sec.Slug] = len(names)
	}
	// Photos in the library, their captions and credits packed.
	capBins := pack(accepted(photo.CaptionField), " ", news.MaxPhotoCaption, 8)
	creditBins := pack(accepted(photo.CreditField), " ", news.MaxPhotoCredit, 8)
	var photos []*news.Photo
	for i := range max(len(capBins), len(creditBins)) {
		caption, credit := "عکس آزمون", "عکاس آزمون"
		if i < len(capBins) {
			caption = strings.Join(capBins[i], " ")
		}
		if i < len(creditBins) {
			credit = strings.Join(creditBins[i], " ")
		}
		p, created, err := a.lib.Add(bg, actor, bytes.NewReader(phototest.PNG(100+i, 80)), caption, credit)
		if err != nil || !created {
			t.Fatalf("photo %d (%q, %q): %v %v", i, caption, credit, err, created)
		}
		photos = append(photos, p)
	}

	// The stories: each field's payloads packed as the field's length
	// allows, a story for each run of the longest field.
	bins := map[string][][]string{
		"headline":      pack(accepted("headline"), " ", 450, 8),
		"kicker":        pack(accepted("kicker"), " ", 450, 8),
		"lead":          pack(accepted("lead"), "\n", 3500, 8),
		"credit":        pack(accepted("credit"), " ", news.MaxSource, 6),
		"byline":        pack(accepted("byline"), " ", news.MaxByline, 6),
		"body":          pack(accepted("body"), "\n\n", 100000, 8),
		"tags":          pack(accepted("tags"), "", 100000, 8),
		"photo_caption": pack(accepted("photo_caption"), " ", 900, 8),
	}
	count := 0
	for _, b := range bins {
		count = max(count, len(b))
	}
	bin := func(field string, j int) []string {
		if j < len(bins[field]) {
			return bins[field][j]
		}
		return nil
	}
	var stories []writtenStory
	for j := range count {
		headline := strings.Join(bin("headline", j), " ")
		if headline == "" {
			headline = fmt.Sprintf("خبر آزمون شمارهٔ %d", j+1)
		}
		c := news.Content{Section: sections[j%len(sections)].Slug, Headline: headline,
			Kicker: strings.Join(bin("kicker", j), " "), Lead: strings.Join(bin("lead", j), "\n"),
			Source: strings.Join(bin("credit", j), " "), Byline: strings.Join(bin("byline", j), " "),
			Body: markup.ToHTML(strings.Join(bin("body", j), "\n\n")), Tags: bin("tags", j),
			Photo: photos[j%len(photos)].ID, PhotoCaption: strings.Join(bin("photo_caption", j), " ")}
		if c.Lead == "" {
			c.Lead = "لید آزمون."
		}
		d, err := st.CreateDraft(bg, actor, news.Content{Section: "society", Headline: fmt.Sprintf("پیش‌نویس خبر آزمون %d", j+1),
			Lead: "لید نخست.", Body: "<p>متن نخست.</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.SaveStory(bg, actor, d.ID, 0, c); err != nil {
			t.Fatalf("story %d: %v\n%+v", j, err, c)
		}
		clock.advance(time.Second)
		pub, err := st.Publish(bg, actor, d.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		stories = append(stories, writtenStory{pub, c.Tags})
	}
	for f, b := range bins {
		for _, run := range b {
			a.field(f).shown += len(run)
		}
	}
	t.Logf("%d payloads; %d stories, %d sections, %d photos written in %v", len(payloads), len(stories), len(sections), len(photos), time.Since(start).Round(time.Millisecond))

	// Wire feeds credited with the payloads, and items of them, read by
	// the wire desk's own parser from an RSS answer.
	var sources []*news.WireSource
	for i, p := range payloads {
		a.field("wire credit").tried++
		src := &news.WireSource{URL: fmt.Sprintf("https://wire%d.example/rss", i), Format: news.WireRSS, Credit: p}
		if err := st.AddWireSource(bg, actor, src); err != nil {
			if news.ErrorCode(err) != news.EINVALID || news.ErrorField(err) != "credit" {
				t.Fatalf("wire source %q: %v", src.Credit, err)
			}
			refuse("wire credit", i, err)
			a.field("wire credit").refused++
			continue
		}
		a.field("wire credit").shown++
		sources = append(sources, src)
	}
	type feedItem struct{ title, desc, content string }
	wireHeads := pack(accepted("headline"), " ", 480, 10)
	wireLeads := pack(accepted("lead"), " ", 3000, 12)
	wireBodies := pack(accepted("body"), "", 100000, 12)
	nItems := max(len(wireHeads), len(wireLeads), len(wireBodies))
	poller := &wire.Poller{Store: st}
	for i := range nItems {
		item := feedItem{title: fmt.Sprintf("خبر رسیدهٔ %d:", i+1)}
		if i < len(wireHeads) {
			item.title += " " + strings.Join(wireHeads[i], " ")
		}
		if i < len(wireLeads) {
			item.desc = strings.Join(wireLeads[i], " ")
		}
		if i < len(wireBodies) {
			for _, p := range wireBodies[i] {
				item.content += "<p>" + p + "</p>\n"
			}
		}
		var feed bytes.Buffer
		esc := func(s string) string { var b bytes.Buffer; xml.EscapeText(&b, []byte(s)); return b.String() }
		fmt.Fprintf(&feed, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>خوراک</title>`+
			`<item><title>%s</title><link>https://wire.example/%d</link><guid>wire-%d</guid><description>%s</description><content:encoded>%s</content:encoded></item></channel></rss>`,
			esc(item.title), i, i, esc(item.desc), esc(item.content))
		entries, err := wire.Parse(feed.Bytes(), "application/rss+xml", news.WireRSS)
		if err != nil || len(entries) != 1 {
			t.Fatalf("feed %d: %d entries, %v\n%s", i, len(entries), err, feed.String())
		}
		if _, err := poller.Ingest(bg, sources[i%len(sources)], entries); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []struct {
		name string
		b    [][]string
	}{{"wire headline", wireHeads}, {"wire lead", wireLeads}, {"wire body", wireBodies}} {
		for _, run := range f.b {
			a.field(f.name).tried += len(run)
			a.field(f.name).shown += len(run)
		}
	}
	items, _, err := st.WireItems(bg, news.WireFilter{Limit: 1000}, nil)
	if err != nil || len(items) != nItems {
		t.Fatalf("%d wire items on the desk, %d sent: %v", len(items), nItems, err)
	}

	// The browser, with the CSP off and every dialog counted.
	a.ctx = browser(t, 1280, 1000)
	events := chromedp.Events(a.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			a.dialogs.Add(1)
			a.mu.Lock()
			a.texts = append(a.texts, ev.Message)
			a.mu.Unlock()
			chromedp.Call(a.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	if _, err := chromedp.Call(a.ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	run(t, a.ctx, "login",
		chromedp.Navigate(a.url+"/newsroom/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="name"]`), "dabir"),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), password),
		submitTo(`form button[type="submit"]`),
	)
	// That the watch works: an inline script runs and is counted.
	if probe := get(t, a.ctx, "probe", chromedp.Evaluate[bool](`(() => {
		const s = document.createElement("script");
		s.textContent = "window.khabarProbe = true; alert('probe')";
		document.body.appendChild(s);
		return window.khabarProbe === true;
	})()`)); !probe || a.dialogs.Load() != 1 {
		t.Fatalf("the watch does not work: inline script ran %v, %d dialogs", probe, a.dialogs.Load())
	}
	a.dialogs.Store(0)
	browse := time.Now()

	// Each story: its article; every fourth, its editor; every eighth,
	// its print version, preview and history too (the same fields
	// through the same templates: each page takes the browser a tenth
	// of a second).
	const sample = 8
	var tagLinks []string
	tagSeen := map[string]bool{}
	for j, w := range stories {
		s, err := st.StoryByID(bg, w.story.ID)
		if err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("story %d", j+1)
		art := a.open(what, fmt.Sprintf("%s/news/%d", a.url, s.Code), s.Headline, auditOpts{Read: map[string]string{
			"h1": "article h1", "kicker": ".story-head .kicker", "author": ".byline .author", "lead": ".lead", "credit": ".lead strong",
			"tags": ".tags a", "tags@href": ".tags a", "section": ".breadcrumb li:last-child a", "caption": ".lead-photo figcaption",
			"body": ".body"}})
		want := func(v string) []string {
			if v == "" {
				return nil
			}
			return []string{v}
		}
		lead := s.Lead
		if s.Source != "" {
			lead = s.Source + ": " + lead
		}
		caption := s.PhotoCaption
		if s.Photo.Credit != "" {
			caption = strings.TrimSpace(caption + " عکس: " + s.Photo.Credit)
		}
		a.sameList(what+" headline", art.Read["h1"], want(s.Headline))
		a.sameList(what+" kicker", art.Read["kicker"], want(s.Kicker))
		a.sameList(what+" byline", art.Read["author"], want(s.Byline))
		a.sameList(what+" lead", art.Read["lead"], want(lead))
		if s.Source != "" {
			a.sameList(what+" credit", art.Read["credit"], want(s.Source+":"))
		}
		a.sameList(what+" tags", art.Read["tags"], s.Tags)
		a.sameList(what+" section", art.Read["section"], want(s.Section.Name))
		a.sameList(what+" caption", art.Read["caption"], want(caption))
		a.sameList(what+" body", art.Read["body"], []string{richtext.Text(s.Body)})
		for _, href := range art.Read["tags@href"] {
			if !tagSeen[href] {
				tagSeen[href] = true
				tagLinks = append(tagLinks, href)
			}
		}
		if j%(sample/2) != 0 {
			continue
		}
		ed := a.open(what+" editor", fmt.Sprintf("%s/newsroom/stories/%d", a.url, s.ID), "", auditOpts{Read: map[string]string{
			"headline": `input[name="headline"]`, "kicker": `input[name="kicker"]`, "lead": `textarea[name="lead"]`,
			"credit": `input[name="credit"]`, "byline": `input[name="byline"]`, "tags": `input[name="tags"]`,
			"caption": `input[name="photo_caption"]`}})
		for _, f := range []struct{ key, want string }{{"headline", s.Headline}, {"kicker", s.Kicker}, {"lead", s.Lead},
			{"credit", s.Source}, {"byline", s.Byline}, {"tags", strings.Join(s.Tags, "، ")}, {"caption", s.PhotoCaption}} {
			if got := ed.Read[f.key]; len(got) != 1 || got[0] != f.want {
				t.Errorf("%s editor: %s holds %q, was written %q", what, f.key, got, f.want)
			}
		}
		if j%sample != 0 {
			continue
		}
		// The preview, in this tab rather than a new one.
		get(t, a.ctx, what+" preview here", chromedp.Evaluate[bool](
			`(document.querySelector('button[formaction="/newsroom/preview"]').removeAttribute("formtarget"), true)`))
		run(t, a.ctx, what+" preview", submitTo(`button[formaction="/newsroom/preview"]`))
		pv := a.audit(what+" preview", s.Headline, auditOpts{Read: map[string]string{"h1": "article h1", "note": ".preview-note"}}, "")
		a.sameList(what+" preview headline", pv.Read["h1"], want(s.Headline))
		if len(pv.Read["note"]) != 1 {
			t.Errorf("%s: the preview is no preview: %s", what, pv.Href)
		}
		pr := a.open(what+" print", fmt.Sprintf("%s/news/%d/print", a.url, s.Code), s.Headline, auditOpts{Read: map[string]string{"h1": "h1"}})
		a.sameList(what+" print headline", pr.Read["h1"], want(s.Headline))
		hi := a.open(what+" history", fmt.Sprintf("%s/newsroom/stories/%d/history?from=1&to=2", a.url, s.ID), "", auditOpts{Read: map[string]string{"h1": "h1"}})
		a.sameList(what+" history heading", hi.Read["h1"], want("تاریخچهٔ «"+s.Headline+"»"))
	}
	// The scratch draft, with a revision for every payload.
	a.open("the scratch history", fmt.Sprintf("%s/newsroom/stories/%d/history", a.url, scratch.ID), "", auditOpts{})
	t.Logf("stories browsed in %v", time.Since(browse).Round(time.Millisecond))

	// An eighth of the tags' pages.
	tags := 0
	for i, href := range tagLinks {
		if i%sample != 0 {
			continue
		}
		r := a.open("tag "+href, a.url+href, "", auditOpts{Read: map[string]string{"h1": "main h1", "items": "article.item h3 a"}})
		if len(r.Read["h1"]) != 1 || len(r.Read["items"]) == 0 {
			t.Errorf("tag page %s: heading %q, %d stories", href, r.Read["h1"], len(r.Read["items"]))
		}
		tags++
	}
	t.Logf("%d of %d tag pages opened", tags, len(tagLinks))

	// Every section holding a story, on its page; every section in the
	// navigation, eleven at a time.
	bySlug := map[string][]string{}
	for _, w := range stories {
		bySlug[w.story.Section.Slug] = append(bySlug[w.story.Section.Slug], w.story.Headline)
	}
	for _, sec := range sections {
		heads, ok := bySlug[sec.Slug]
		if !ok || len(heads)%sample != 0 && sec.ID%sample != 0 {
			continue
		}
		r := a.open("section "+sec.Slug, a.url+"/section/"+sec.Slug, sec.Name, auditOpts{Read: map[string]string{"h1": "main h1", "items": "article.item h3 a"}})
		a.sameList("section "+sec.Slug+" heading", r.Read["h1"], []string{sec.Name})
		a.sameList("section "+sec.Slug+" stories", r.Read["items"], heads)
	}
	navShown := 0
	for i := 0; i < len(sections); i += news.MaxNav {
		batch := sections[i:min(i+news.MaxNav, len(sections))]
		setNav := func(on bool) {
			for _, sec := range batch {
				sec.InNav = on
				if err := st.UpdateSection(bg, actor, sec, nil); err != nil {
					t.Fatalf("section %s in the navigation %v: %v", sec.Slug, on, err)
				}
			}
		}
		setNav(true)
		r := a.open(fmt.Sprintf("navigation %d", i/news.MaxNav+1), fmt.Sprintf("%s/?nav=%d", a.url, i), "", auditOpts{Read: map[string]string{"nav": "nav.sections li a"}})
		var names []string
		for _, sec := range batch {
			names = append(names, sec.Name)
		}
		if nav := r.Read["nav"]; len(nav) > 0 {
			a.sameList(fmt.Sprintf("navigation %d", i/news.MaxNav+1), nav[1:], names)
			for _, sec := range batch {
				navShown += inSection[sec.Slug]
			}
		}
		setNav(false)
	}
	a.field("section name").shown = navShown

	// The home page, the feeds.
	a.open("home", a.url+"/", "", auditOpts{})
	for _, path := range []string{"/rss", "/atom", "/section/" + stories[0].story.Section.Slug + "/rss", tagLinks[0] + "/rss"} {
		checkFeed(t, a.url+path, stories)
	}

	// Each payload in a search, six to a query, echoed in the box.
	sc := a.field("search")
	for i, q := range pack(payloads, " ", news.SearchMaxQuery, 6) {
		sc.tried += len(q)
		query := strings.Join(q, " ")
		u := a.url + "/search?q=" + url.QueryEscape(query)
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("search %q: %d", query, res.StatusCode)
			sc.refused += len(q)
			continue
		}
		r := a.open(fmt.Sprintf("search %d", i+1), u, "", auditOpts{Read: map[string]string{"q": `main form input[name="q"]`}})
		// A search box holds one line, and HTML reads NUL as U+FFFD.
		box := strings.NewReplacer("\x00", "\ufffd", "\r", "", "\n", "").Replace(query)
		if len(r.Read["q"]) != 1 || !same(r.Read["q"][0], box) {
			t.Errorf("search %q: the box holds %q", query, r.Read["q"])
		}
		sc.shown += len(q)
	}

	// The newsroom: the story list, the dashboard, the sections, the
	// photo library, the wire desk and its items and feeds.
	var listed []string
	for n := 1; ; n++ {
		r := a.open(fmt.Sprintf("story list %d", n), fmt.Sprintf("%s/newsroom/stories?page=%d", a.url, n), "",
			auditOpts{Read: map[string]string{"heads": "table.list td:first-child > a", "next": `a[rel="next"]`}})
		listed = append(listed, r.Read["heads"]...)
		if len(r.Read["next"]) == 0 || n > 20 {
			break
		}
	}
	for _, w := range stories {
		if !slices.ContainsFunc(listed, func(s string) bool { return same(s, w.story.Headline) }) {
			t.Errorf("story %q not in the newsroom's list", w.story.Headline)
		}
	}
	a.open("dashboard", a.url+"/newsroom/", "", auditOpts{})
	lib := a.open("photo library", a.url+"/newsroom/photos", "", auditOpts{Read: map[string]string{"captions": ".caption"}})
	byCaption := map[string]int{}
	for i, run := range capBins {
		byCaption[line(strings.Join(run, " "))] = len(capBins[i])
	}
	for _, c := range lib.Read["captions"] {
		n, ok := byCaption[line(c)]
		if !ok && c != "عکس آزمون" {
			t.Errorf("the photo library shows a caption no photo has: %q", c)
		}
		a.field(photo.CaptionField).shown += n
	}
	a.field(photo.CreditField).shown = a.field(photo.CreditField).tried - a.field(photo.CreditField).refused // on the articles
	for n := 1; ; n++ {
		r := a.open(fmt.Sprintf("wire desk %d", n), fmt.Sprintf("%s/newsroom/wire?page=%d", a.url, n), "",
			auditOpts{Read: map[string]string{"heads": ".wire-headline a", "next": `a[rel="next"]`}})
		if len(r.Read["next"]) == 0 || n > 20 {
			break
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	for _, it := range items {
		what := fmt.Sprintf("wire item %d", it.ID)
		r := a.open(what, fmt.Sprintf("%s/newsroom/wire/%d", a.url, it.ID), "", auditOpts{Read: map[string]string{
			"h1": "main h1", "credit": ".wire-credit", "lead": "main .lead", "body": "main .body"}})
		a.sameList(what+" headline", r.Read["h1"], []string{it.Headline})
		a.sameList(what+" credit", r.Read["credit"], []string{it.Credit})
		if it.Lead != "" {
			a.sameList(what+" lead", r.Read["lead"], []string{it.Lead})
		}
		a.sameList(what+" body", r.Read["body"], []string{richtext.Text(it.Body)})
	}
	a.open("wire feeds", a.url+"/newsroom/wire/sources", "", auditOpts{})
	t.Logf("%d pages browsed in %v", a.pages, time.Since(browse).Round(time.Millisecond))

	if got := a.dialogs.Load(); got != 0 {
		a.mu.Lock()
		t.Errorf("%d dialogs opened: %q", got, a.texts)
		a.mu.Unlock()
	}
	var report strings.Builder
	for _, f := range a.order {
		c := a.fields[f]
		fmt.Fprintf(&report, "\n  %-16s tried %3d, refused %3d, shown %3d", f, c.tried, c.refused, c.shown)
	}
	t.Logf("payloads by field:%s\nrefusals: %v\n%d pages, %d dialogs, %d injected; %v in all",
		report.String(), messages, a.pages, a.dialogs.Load(), a.bad, time.Since(start).Round(time.Millisecond))
}

// writtenStory is a story as published, with the tags written.
type writtenStory struct {
	story *news.Story
	tags  []string
}

// checkFeed reads an RSS or Atom feed of the site: it parses as XML,
// every title of an item in it is the headline of a story written, as
// text, and whatever HTML it carries is a story body as khabar
// sanitizes it, never markup of its own.
func checkFeed(t *testing.T, u string, stories []writtenStory) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "xml") {
		t.Fatalf("%s: %d %s", u, res.StatusCode, res.Header.Get("Content-Type"))
	}
	heads := map[string]bool{}
	for _, w := range stories {
		heads[w.story.Headline] = true
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	var path []string
	var text strings.Builder
	titles := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s does not parse as XML: %v", u, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			path = append(path, tok.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			in := len(path) >= 2 && (path[len(path)-2] == "item" || path[len(path)-2] == "entry")
			v := text.String()
			switch name := tok.Name.Local; {
			case in && name == "title":
				titles++
				if !heads[v] {
					t.Errorf("%s: an item titled %q, no headline written", u, v)
				}
			case in && (name == "description" || name == "encoded" || name == "content" || name == "summary") &&
				strings.Contains(v, "<") && richtext.Sanitize(v) != v:
				t.Errorf("%s: %s holds markup khabar does not write: %q", u, name, v)
			}
			path = path[:len(path)-1]
			text.Reset()
		}
	}
	if titles == 0 {
		t.Errorf("%s: no items", u)
	}
}

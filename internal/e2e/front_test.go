package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/persian"
	"khabar/internal/server"
	"khabar/internal/sharedtest"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

const corpusPath = "../../../shared/corpus/corpus.ninjs.jsonl"

// importCorpus imports the shared corpus in batches, as khabar import does.
func importCorpus(t *testing.T, st *store.Store) {
	t.Helper()
	f, err := os.Open(corpusPath)
	if err != nil {
		sharedtest.Missing(t, "corpus", err)
	}
	defer f.Close()
	var batch []*news.Story
	flush := func() {
		for _, r := range st.ImportStories(context.Background(), batch) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		batch = batch[:0]
	}
	if err := importer.Read(f, func(r importer.Record) error {
		if r.Err == nil {
			batch = append(batch, r.Story)
		}
		if len(batch) == 500 {
			flush()
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	flush()
}

// agency is khabar as a new user finds it after importing the model
// page and the corpus: both sites on a test clock, an editor, views
// counted.
type agency struct {
	url   string
	st    *store.Store
	clock *testClock
	reads *web.ReadCounter
}

const editorPassword = "گذرواژهٔ دبیر صفحهٔ نخست"

func newAgency(t *testing.T) *agency {
	t.Helper()
	st := storetest.SQLite(t)
	clock := &testClock{t: time.Now().UTC().Truncate(time.Minute)}
	st.SetClock(clock.now)
	importSeed(t, st)
	importCorpus(t, st)
	u := &news.User{Name: "dabir", DisplayName: "دبیر صفحهٔ نخست", Roles: news.Roles{news.RoleEditor}}
	if err := st.CreateUser(context.Background(), news.Actor{Name: "آزمون"}, u,
		auth.HashPassword(editorPassword, auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
		t.Fatal(err)
	}
	reads := web.NewReadCounter(st, clock.now)
	h, _ := server.Handler(st, config.Defaults(), server.Options{
		Newsroom: newsroom.Config{Now: clock.now},
		Web:      web.Config{Now: clock.now, Reads: reads},
	}, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &agency{url: srv.URL, st: st, clock: clock, reads: reads}
}

// noScript turns the page's JavaScript off: what must work without it
// is tested without it.
func noScript() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
}

// pageFacts is what the tests measure of a rendered page.
type pageFacts struct {
	Height, Viewport, Width int
	NavShown                int // entries of the navigation on the screen
	MenuShown               bool
	SearchTop, BrandTop     int
	SearchWidth             int
	Desks                   []string
	Lead                    string
	Latest, MostRead        int
}

const measure = `(() => {
	const shown = el => !!el && el.checkVisibility({visibilityProperty: true});
	const rect = sel => (document.querySelector(sel) || document.body).getBoundingClientRect();
	return {
		Height: document.documentElement.scrollHeight,
		Viewport: window.innerHeight,
		Width: window.innerWidth,
		NavShown: [...document.querySelectorAll(".sections li a, .menu-list li a")].filter(shown).length,
		MenuShown: shown(document.querySelector(".menu summary")),
		SearchTop: Math.round(rect("form.search").top),
		BrandTop: Math.round(rect(".brand").top),
		SearchWidth: Math.round(rect("form.search").width),
		Desks: [...document.querySelectorAll(".desk h2")].map(h => h.innerText.trim()),
		Lead: (document.querySelector(".top-story h2") || {}).innerText || "",
		Latest: document.querySelectorAll(".latest li").length,
		MostRead: document.querySelectorAll(".most-read li").length,
	};
})()`

// A new user's first look, on a desktop and on a phone, with the corpus
// imported: an edited front page, breaking news on every page until it
// expires, the navigation, and related stories under an article.
func TestFrontPageInBrowser(t *testing.T) {
	chromium(t)
	a := newAgency(t)
	ctx := context.Background()
	tree, err := a.st.SectionTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var navNames []string
	for _, s := range tree.Nav() {
		navNames = append(navNames, s.Name)
	}
	// Readers have read a few stories today.
	page, _ := a.st.Stories(ctx, news.StoryFilter{PublicAt: a.clock.now(), Limit: 40})
	for i, s := range page.Stories[10:20] {
		for range 20 - i {
			a.reads.Count(s.ID)
		}
	}
	if err := a.reads.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	t.Run("editing the front page without JavaScript", func(t *testing.T) {
		b := browser(t, 1366, 900)
		run(t, b, "log in",
			noScript(),
			chromedp.Navigate(a.url+"/newsroom/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="name"]`), "dabir"),
			chromedp.SetValue(chromedp.CSS(`input[name="password"]`), editorPassword),
			submitTo(`form button[type="submit"]`),
			chromedp.Navigate(a.url+"/newsroom/front"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="q"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="q"]`), "پرسپولیس"),
			submitTo(`button[value="find"]`),
		)
		cands := get(t, b, "candidates", chromedp.Evaluate[[]string](
			`[...document.querySelectorAll("table.candidates button[value^='lead:']")].map(b => b.value.slice(5))`))
		if len(cands) < 3 {
			t.Fatalf("%d stories found for پرسپولیس", len(cands))
		}
		lead, first, second := cands[0], cands[1], cands[2]
		run(t, b, "arrange",
			submitTo(`button[value="lead:`+lead+`"]`),
			submitTo(`button[value="add:`+first+`"]`),
			submitTo(`button[value="add:`+second+`"]`),
			submitTo(`button[value="up:`+second+`"]`),
		)
		if got := text(t, b, ".notice"); !strings.Contains(got, "هنوز ذخیره نشده") {
			t.Errorf("unsaved arrangement not said so: %q", got)
		}
		order := get(t, b, "featured order", chromedp.Evaluate[[]string](
			`[...document.querySelectorAll(".featured-list button[value^='remove:']")].map(b => b.value.slice(7))`))
		if !slices.Equal(order, []string{second, first}) {
			t.Fatalf("featured after «بالاتر»: %v, want [%s %s]", order, second, first)
		}
		shot(t, b, "newsroom-front.png")
		run(t, b, "save", submitTo(`button[value="save"]`), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
		f, err := a.st.FrontPage(ctx)
		if err != nil || fmt.Sprint(f.LeadID) != lead || len(f.Featured) != 2 || fmt.Sprint(f.Featured[0]) != second {
			t.Fatalf("saved front page %+v %v", f, err)
		}
	})
	saved, _ := a.st.FrontPage(ctx)
	leadStory, _ := a.st.StoryByID(ctx, saved.LeadID)

	t.Run("desktop", func(t *testing.T) {
		b := browser(t, 1366, 768)
		run(t, b, "home", chromedp.EmulateViewport(1366, 768), chromedp.Navigate(a.url+"/"), chromedp.WaitVisible(chromedp.CSS(".top-story")))
		f := get(t, b, "measure", chromedp.Evaluate[pageFacts](measure))
		t.Logf("desktop home page: %d px tall in a %d×%d window (%.1f screens), %d navigation entries, sections %v",
			f.Height, f.Width, f.Viewport, float64(f.Height)/float64(f.Viewport), f.NavShown, f.Desks)
		if f.Height > 3*f.Viewport {
			t.Errorf("home page %d px tall, more than three screens of %d", f.Height, f.Viewport)
		}
		if f.NavShown > 12 || f.NavShown < 2 || f.MenuShown {
			t.Errorf("navigation: %d entries shown, menu button shown %v", f.NavShown, f.MenuShown)
		}
		if f.Lead != leadStory.Headline {
			t.Errorf("lead %q, want the editor's %q", f.Lead, leadStory.Headline)
		}
		if f.Latest < 5 || f.MostRead < 5 {
			t.Errorf("%d latest, %d most read", f.Latest, f.MostRead)
		}
		if len(f.Desks) == 0 || !isSubsequence(f.Desks, navNames) {
			t.Errorf("section blocks %v, not in the navigation's order %v", f.Desks, navNames)
		}
		nav := get(t, b, "nav wraps whole", chromedp.Evaluate[bool](
			`[...document.querySelectorAll(".sections a")].every(a => a.scrollWidth <= a.clientWidth + 1)`))
		if !nav {
			t.Error("a navigation entry is cut")
		}
		shot(t, b, "home.png")
	})

	t.Run("phone without JavaScript", func(t *testing.T) {
		b := browser(t, 390, 844)
		run(t, b, "home", noScript(), chromedp.EmulateViewport(390, 844), chromedp.Navigate(a.url+"/"),
			chromedp.WaitVisible(chromedp.CSS(".top-story")))
		f := get(t, b, "measure", chromedp.Evaluate[pageFacts](measure))
		t.Logf("phone home page: %d px tall in a %d×%d window (%.1f screens)",
			f.Height, f.Width, f.Viewport, float64(f.Height)/float64(f.Viewport))
		if f.Height > 6*f.Viewport {
			t.Errorf("home page %d px tall, more than six screens of %d", f.Height, f.Viewport)
		}
		if !f.MenuShown || f.NavShown != 0 {
			t.Errorf("phone: menu button shown %v, %d navigation entries shown before it is opened", f.MenuShown, f.NavShown)
		}
		if f.SearchTop > f.BrandTop+20 || f.SearchWidth > f.Width*3/4 {
			t.Errorf("the search box takes its own row: top %d (brand %d), width %d of %d", f.SearchTop, f.BrandTop, f.SearchWidth, f.Width)
		}
		if f.Desks == nil || f.Lead == "" {
			t.Error("phone home page lacks the lead or the sections")
		}
		shot(t, b, "home-phone.png")
		run(t, b, "open the menu", chromedp.Click(chromedp.CSS(".menu summary")), chromedp.WaitVisible(chromedp.CSS(".menu-list")))
		f = get(t, b, "measure open", chromedp.Evaluate[pageFacts](measure))
		if f.NavShown < 2 || f.NavShown > 12 {
			t.Errorf("open menu shows %d entries", f.NavShown)
		}
		shot(t, b, "home-phone-menu.png")
		target := get(t, b, "second entry", chromedp.Evaluate[string](`document.querySelectorAll(".menu-list a")[1].getAttribute("href")`))
		run(t, b, "follow an entry", submitTo(`.menu-list li:nth-child(2) a`))
		if loc := location(t, b); !strings.HasSuffix(loc, target) || !strings.Contains(loc, "/section/") {
			t.Errorf("the menu's entry led to %s, want %s", loc, target)
		}
	})

	t.Run("breaking news on every page until it expires", func(t *testing.T) {
		b := browser(t, 1366, 900)
		breaking := page.Stories[3]
		run(t, b, "mark breaking in the newsroom",
			chromedp.Navigate(a.url+"/newsroom/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="name"]`), "dabir"),
			chromedp.SetValue(chromedp.CSS(`input[name="password"]`), editorPassword),
			submitTo(`form button[type="submit"]`),
			chromedp.Navigate(fmt.Sprintf("%s/newsroom/stories/%d", a.url, breaking.ID)),
			chromedp.WaitVisible(chromedp.CSS(`section.breaking`)),
			submitTo(`section.breaking button.danger`),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
		other := page.Stories[0]
		pages := []string{
			a.url + fmt.Sprintf("/news/%d", other.Code),
			a.url + "/section/" + other.Section.Slug,
			a.url + "/search?q=" + urlQuery("ایران"),
		}
		for _, p := range pages {
			run(t, b, "visit "+p, chromedp.Navigate(p), chromedp.WaitVisible(chromedp.CSS(".ticker")))
			if got := text(t, b, ".ticker"); !strings.Contains(got, breaking.Headline) || !strings.Contains(got, "فوری") {
				t.Errorf("%s: ticker %q", p, got)
			}
		}
		shot(t, b, "ticker.png")
		a.clock.advance(news.DefaultBreaking + time.Minute)
		for _, p := range pages {
			run(t, b, "visit again "+p, chromedp.Navigate(p), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main")))
			if n := get(t, b, "tickers", chromedp.Evaluate[int](`document.querySelectorAll(".ticker").length`)); n != 0 {
				t.Errorf("%s: the ticker is still there after its hour", p)
			}
		}
	})

	t.Run("related stories share the subject", func(t *testing.T) {
		tagged, err := a.st.Stories(ctx, news.StoryFilter{Tag: "پرسپولیس تهران", Limit: 5})
		if err != nil || len(tagged.Stories) == 0 {
			t.Skip("no story tagged پرسپولیس تهران in the corpus")
		}
		st := tagged.Stories[0]
		if _, err := a.st.RefreshRelated(ctx, []int64{st.ID}); err != nil {
			t.Fatal(err)
		}
		related, err := a.st.Related(ctx, st.ID, a.clock.now(), 5)
		if err != nil || len(related) < 3 {
			t.Fatalf("%d related stories: %v", len(related), err)
		}
		// The subject is what the story's tags say: a related story
		// carries one of them, or names it.
		same := 0
		for _, r := range related {
			if r.ID == st.ID {
				t.Fatal("a story related to itself")
			}
			text := persian.Fold(r.Headline + " " + r.Lead + " " + r.Body + " " + strings.Join(r.Tags, " "))
			if slices.ContainsFunc(st.Tags, func(tag string) bool { return strings.Contains(text, persian.Fold(tag)) }) {
				same++
			}
		}
		if same < len(related)-1 {
			t.Errorf("%d of %d related stories of «%s» share its subject (%v)", same, len(related), st.Headline, st.Tags)
		}
		b := browser(t, 1366, 900)
		run(t, b, "article", chromedp.Navigate(fmt.Sprintf("%s/news/%d", a.url, st.Code)), chromedp.WaitVisible(chromedp.CSS(".related")))
		if got := text(t, b, ".related"); !strings.Contains(got, "اخبار مرتبط") || !strings.Contains(got, related[0].Headline) {
			t.Errorf("related on the page: %q", got)
		}
		if n := get(t, b, "tag links", chromedp.Evaluate[int](`document.querySelectorAll(".story .tags a[href^='/tag/']").length`)); n != len(st.Tags) {
			t.Errorf("%d tag links, want %d", n, len(st.Tags))
		}
		crumb := text(t, b, ".breadcrumb")
		if strings.HasSuffix(strings.TrimSpace(crumb), "/") || !strings.Contains(crumb, st.Section.Name) {
			t.Errorf("breadcrumb %q", crumb)
		}
		shot(t, b, "article-related.png")
	})
}

// isSubsequence reports whether every item of sub is in list, in its order.
func isSubsequence(sub, list []string) bool {
	i := 0
	for _, s := range sub {
		for i < len(list) && list[i] != s {
			i++
		}
		if i == len(list) {
			return false
		}
		i++
	}
	return true
}

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khabar/internal/config"
	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/server"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

// testClock is the site's clock, moved on by the test.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// browser starts a headless Chromium of its own, closed with the test.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(width, height),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	bctx, cancel = context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(cancel)
	// Start the browser now, on this context: a browser started by a
	// step's shorter context would end with that step.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatal(err)
	}
	return bctx
}

func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		// Say where the browser was and what it showed.
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
		t.Fatalf("%s: %v\n%s", what, err, page)
	}
}

// submitTo clicks sel and waits until the browser has loaded the next
// page, whatever its address: the old page carries a mark the new one
// lacks.
func submitTo(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		var none chromedp.Void
		if _, err := chromedp.Evaluate[bool](`window.khabarOldPage = true`)(ctx, tg); err != nil {
			return none, err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(ctx, tg); err != nil {
			return none, err
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			// Errors while the page changes are expected: ask again.
			done, err := chromedp.Evaluate[bool](`window.khabarOldPage === undefined && document.readyState === "complete"`)(ctx, tg)
			if err == nil && done {
				return none, nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return none, fmt.Errorf("no new page after submitting %s", sel)
	}
}

// get runs one action that returns a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return get(t, ctx, "read "+sel, chromedp.Text(chromedp.CSS(sel)))
}

func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return get(t, ctx, "value of "+sel, chromedp.Value(chromedp.CSS(sel)))
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, "location", chromedp.Location())
}

// shot saves a screenshot when KHABAR_SCREENSHOT_DIR is set.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("KHABAR_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png := get(t, ctx, "screenshot", chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The newsroom's day, as people live it in a browser: the first admin
// logs in with the printed password and changes it, makes a reporter
// and an editor; the reporter writes a story, tidies it and submits it;
// the editor edits and schedules it; it goes out on time with a news
// code, once; the editor corrects it, and kills another story, which is
// gone from the site, its search and its API.
func TestNewsroomDay(t *testing.T) {
	ctx := browser(t, 1280, 1000)
	st := storetest.SQLite(t)
	clock := &testClock{t: time.Now().UTC().Truncate(time.Minute)}
	st.SetClock(clock.now)
	for _, sec := range []news.Section{{Slug: "economy", Name: "اقتصادی"}, {Slug: "politics", Name: "سیاسی"}} {
		if err := st.AddSection(context.Background(), news.Actor{Name: "آزمون"}, &sec); err != nil {
			t.Fatal(err)
		}
	}
	// A published story the editor will kill.
	doomed := &news.Story{Section: news.Section{Slug: "politics"}, Headline: "خبر نادرستی دربارهٔ انتخابات شورا",
		Lead: "این خبر باید باطل شود.", Body: "<p>متن خبر نادرست.</p>", Status: news.StatusPublished,
		Published: clock.now().Add(-time.Hour)}
	if r := st.ImportStories(context.Background(), []*news.Story{doomed}); r[0].Err != nil {
		t.Fatal(r[0].Err)
	}
	password, err := server.FirstAdmin(context.Background(), st)
	if err != nil || password == "" {
		t.Fatalf("first admin: %q %v", password, err)
	}
	cfg := config.Defaults()
	h, _ := server.Handler(st, cfg, server.Options{Newsroom: newsroom.Config{Now: clock.now}, Web: web.Config{Now: clock.now}}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	u := srv.URL

	login := func(name, pw string) {
		t.Helper()
		run(t, ctx, "login as "+name,
			chromedp.Navigate(u+"/newsroom/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="name"]`), name),
			chromedp.SetValue(chromedp.CSS(`input[name="password"]`), pw),
			submitTo(`form button[type="submit"]`),
		)
	}
	changePassword := func(old, pw string) {
		t.Helper()
		if !strings.HasSuffix(location(t, ctx), "/newsroom/password") {
			t.Fatalf("first login went to %s, want the password page: %s", location(t, ctx), text(t, ctx, "main"))
		}
		run(t, ctx, "change password",
			chromedp.SetValue(chromedp.CSS(`input[name="current"]`), old),
			chromedp.SetValue(chromedp.CSS(`input[name="new"]`), pw),
			chromedp.SetValue(chromedp.CSS(`input[name="confirm"]`), pw),
			submitTo(`main form button[type="submit"]`),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
	}
	logout := func() {
		t.Helper()
		run(t, ctx, "logout", submitTo(`.who button`), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
	}
	addUser := func(name, role string) {
		t.Helper()
		run(t, ctx, "add "+name,
			chromedp.Navigate(u+"/newsroom/users"),
			chromedp.SetValue(chromedp.CSS(`form[action="/newsroom/users"] input[name="name"]`), name),
			chromedp.SetValue(chromedp.CSS(`form[action="/newsroom/users"] input[name="password"]`), "گذرواژهٔ نخست "+name),
			chromedp.Click(chromedp.CSS(`form[action="/newsroom/users"] input[value="`+role+`"]`)),
			submitTo(`form[action="/newsroom/users"] button`),
			chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		)
	}

	// The admin, with the password printed at first start.
	login("admin", password)
	changePassword(password, "گذرواژهٔ مدیر تحریریه")
	addUser("maryam", "reporter")
	addUser("ali", "editor")
	if got := text(t, ctx, "table.users"); !strings.Contains(got, "maryam") || !strings.Contains(got, "ali") {
		t.Fatalf("users table: %s", got)
	}
	logout()

	// The reporter writes, tidies and submits.
	login("maryam", "گذرواژهٔ نخست maryam")
	changePassword("گذرواژهٔ نخست maryam", "گذرواژهٔ مریم خبرنگار")
	run(t, ctx, "write a story",
		chromedp.Navigate(u+"/newsroom/stories/new"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="headline"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name="section"]`), "economy"),
		chromedp.SetValue(chromedp.CSS(`input[name="headline"]`), "افزايش صادرات زعفران به كشورهاي همسايه"),
		chromedp.SetValue(chromedp.CSS(`textarea[name="lead"]`), "صادرات زعفران امسال بيشتر شد ."),
		chromedp.SetValue(chromedp.CSS(`textarea[name="body"]`), "صادرکنندگان مي گويند بازار هاي تازه باز شده است.\n\nبند دوم خبر."),
		chromedp.SetValue(chromedp.CSS(`input[name="credit"]`), "ایرنا"),
	)
	publishButtons := get(t, ctx, "count publish buttons", chromedp.Evaluate[int](`document.querySelectorAll('button[value="publish"]').length`))
	if publishButtons != 0 {
		t.Error("a reporter is offered a publish button")
	}
	run(t, ctx, "tidy", submitTo(`button[value="tidy"]`), chromedp.WaitVisible(chromedp.CSS(`.tidy`)))
	if got := text(t, ctx, ".tidy"); !strings.Contains(got, "پیش و پس") {
		t.Errorf("tidy panel: %s", got)
	}
	headline, body := value(t, ctx, `input[name="headline"]`), value(t, ctx, `textarea[name="body"]`)
	if headline != "افزایش صادرات زعفران به کشورهای همسایه" || !strings.Contains(body, "می‌گویند بازارهای") && !strings.Contains(body, "می‌گویند بازار‌های") {
		t.Errorf("tidied: %q / %q", headline, body)
	}
	shot(t, ctx, "newsroom-editor.png")
	run(t, ctx, "submit", submitTo(`button[value="submit"]`), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "برای دبیر فرستاده شد") {
		t.Fatalf("after submit: %s", got)
	}
	storyPage := location(t, ctx)
	logout()

	// The editor edits and schedules it two minutes ahead.
	login("ali", "گذرواژهٔ نخست ali")
	changePassword("گذرواژهٔ نخست ali", "گذرواژهٔ علی دبیر ارشد")
	run(t, ctx, "dashboard", chromedp.Navigate(u+"/newsroom/"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	if got := text(t, ctx, "main"); !strings.Contains(got, "در انتظار دبیر (۱)") || !strings.Contains(got, "افزایش صادرات زعفران") {
		t.Fatalf("the editor's dashboard: %s", got)
	}
	due := clock.now().Add(2 * time.Minute)
	run(t, ctx, "edit and schedule",
		chromedp.Navigate(strings.SplitN(storyPage, "?", 2)[0]),
		chromedp.WaitVisible(chromedp.CSS(`input[name="headline"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="headline"]`), "افزایش ده درصدی صادرات زعفران به کشورهای همسایه"),
		chromedp.SetValue(chromedp.CSS(`input[name="at"]`), jalali.FormatNumeric(due)),
		submitTo(`button[value="schedule"]`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if got := text(t, ctx, ".meta"); !strings.Contains(got, "زمان‌بندی‌شده") || !strings.Contains(got, jalali.FormatNumeric(due)) {
		t.Fatalf("scheduled story: %s", got)
	}
	if n := publicFinds(t, u, "زعفران"); n != 0 {
		t.Fatal("found before its time")
	}
	// On time, with a code, once: two schedulers run; one publishes.
	clock.advance(150 * time.Second)
	var codes []int64
	for range 2 {
		got, err := st.PublishDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range got {
			codes = append(codes, s.Code)
		}
	}
	if len(codes) != 1 || codes[0] == 0 {
		t.Fatalf("published codes %v, want one", codes)
	}
	run(t, ctx, "public article", chromedp.Navigate(fmt.Sprintf("%s/news/%d", u, codes[0])), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	if got := text(t, ctx, "h1"); got != "افزایش ده درصدی صادرات زعفران به کشورهای همسایه" {
		t.Fatalf("public headline %q", got)
	}
	if got := text(t, ctx, ".code"); !strings.Contains(got, jalali.PersianDigits(fmt.Sprint(codes[0]))) {
		t.Errorf("public code %q", got)
	}
	if got := text(t, ctx, ".lead"); !strings.HasPrefix(got, "ایرنا:") {
		t.Errorf("lead %q does not open with the credit", got)
	}
	if n := publicFinds(t, u, "زعفران"); n != 1 {
		t.Fatalf("public search finds %d", n)
	}

	// A correction shows on the page.
	run(t, ctx, "correct",
		chromedp.Navigate(strings.SplitN(storyPage, "?", 2)[0]),
		chromedp.WaitVisible(chromedp.CSS(`textarea[name="note"]`)),
		chromedp.SetValue(chromedp.CSS(`textarea[name="note"]`), "رقم رشد صادرات در تیتر اصلاح شد."),
		submitTo(`form.stack button[type="submit"]`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	// The reader reloads: the page in the browser's cache (a minute's
	// worth) predates the correction.
	run(t, ctx, "corrected page",
		chromedp.Navigate(fmt.Sprintf("%s/news/%d", u, codes[0])),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`.correction`)),
	)
	if got := text(t, ctx, ".correction"); !strings.Contains(got, "اصلاحیه") || !strings.Contains(got, "رقم رشد صادرات در تیتر اصلاح شد.") ||
		!strings.Contains(got, jalali.FormatNumeric(clock.now())[:10]) {
		t.Errorf("correction on the page: %q", got)
	}
	shot(t, ctx, "article-correction.png")

	// Kill the other story: gone from the page, the search and the API.
	doomedNow, _ := st.StoryByCode(context.Background(), doomed.Code)
	run(t, ctx, "kill",
		chromedp.Navigate(fmt.Sprintf("%s/newsroom/stories/%d", u, doomedNow.ID)),
		chromedp.WaitVisible(chromedp.CSS(`form.kill`)),
		chromedp.SetValue(chromedp.CSS(`form.kill input[name="note"]`), "حکم مرجع قضایی"),
		submitTo(`form.kill button`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	res, err := http.Get(fmt.Sprintf("%s/news/%d", u, doomed.Code))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusGone {
		t.Errorf("killed story: %d, want 410", res.StatusCode)
	}
	if n := publicFinds(t, u, "انتخابات شورا"); n != 0 {
		t.Errorf("killed story found by search: %d", n)
	}
	run(t, ctx, "home", chromedp.Navigate(u+"/"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	if strings.Contains(text(t, ctx, "main"), "انتخابات شورا") {
		t.Error("killed story on the home page")
	}
	run(t, ctx, "audit", chromedp.Navigate(u+"/newsroom/audit"), chromedp.WaitVisible(chromedp.CSS(`main`)))
	if got := text(t, ctx, "main"); !strings.Contains(got, "دسترسی ممکن نیست") {
		t.Error("an editor sees the audit log")
	}
}

// publicFinds returns how many stories the public search API finds.
func publicFinds(t *testing.T, base, q string) int {
	t.Helper()
	res, err := http.Get(base + "/api/v1/search?q=" + urlQuery(q))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Total int }
	if err := decodeJSON(res.Body, &body); err != nil {
		t.Fatal(err)
	}
	return body.Total
}

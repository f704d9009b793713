package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/news"
	"khabar/internal/server"
	"khabar/internal/store/storetest"
	"khabar/internal/wire"
)

const e2eFeed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>ایسنا</title>
<item><title>افتتاح کتابخانهٔ مرکزی شیراز</title><link>https://isna.example/news/44</link><guid>https://isna.example/news/44</guid>
<description>کتابخانهٔ مرکزی شیراز با صد هزار جلد کتاب امروز گشايش يافت.</description>
<pubDate>Sun, 10 Mar 2024 10:00:00 +0330</pubDate></item></channel></rss>`

// The wire desk as people use it: an admin adds a feed, its item
// appears on the desk, an editor republishes it with credit and
// publishes it, and the public page opens the lead with the credit.
func TestWireDeskInBrowser(t *testing.T) {
	ctx := browser(t, 1280, 1000)
	st := storetest.SQLite(t)
	bg := context.Background()
	if err := st.AddSection(bg, news.Actor{Name: "آزمون"}, &news.Section{Slug: "culture", Name: "فرهنگی"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name string
		role news.Role
	}{{"admin", news.RoleAdmin}, {"ali", news.RoleEditor}} {
		user := &news.User{Name: u.name, DisplayName: "کاربر " + u.name, Roles: news.Roles{u.role}}
		if err := st.CreateUser(bg, news.Actor{Name: "آزمون"}, user, auth.HashPassword("گذرواژهٔ "+u.name+" آزمون", auth.DefaultParams)); err != nil {
			t.Fatal(err)
		}
	}
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write([]byte(e2eFeed))
	}))
	defer feed.Close()
	h, _ := server.Handler(st, config.Defaults(), server.Options{}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	u := srv.URL
	pctx, stop := context.WithCancel(bg)
	defer stop()
	go (&wire.Poller{Store: st}).Run(pctx, 200*time.Millisecond)

	login := func(name string) {
		t.Helper()
		run(t, ctx, "login as "+name,
			chromedp.Navigate(u+"/newsroom/login"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="name"]`), name),
			chromedp.SetValue(chromedp.CSS(`input[name="password"]`), "گذرواژهٔ "+name+" آزمون"),
			submitTo(`form button[type="submit"]`),
		)
	}

	login("admin")
	run(t, ctx, "add a feed",
		chromedp.Navigate(u+"/newsroom/wire"),
		chromedp.WaitVisible(chromedp.CSS(`main`)),
		submitTo(`a[href="/newsroom/wire/sources"]`),
		chromedp.SetValue(chromedp.CSS(`#add-source input[name="url"]`), feed.URL+"/rss"),
		chromedp.SetValue(chromedp.CSS(`#add-source input[name="credit"]`), "ایسنا"),
		submitTo(`#add-source button[type="submit"]`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if got := text(t, ctx, "table.wire-sources"); !strings.Contains(got, "ایسنا") || !strings.Contains(got, feed.URL) {
		t.Fatalf("sources: %s", got)
	}
	run(t, ctx, "logout", submitTo(`.who button`), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))

	// The editor finds the item on the desk once the poller has read it.
	login("ali")
	deadline := time.Now().Add(20 * time.Second)
	for {
		run(t, ctx, "open the desk", chromedp.Navigate(u+"/newsroom/wire"), chromedp.WaitVisible(chromedp.CSS(`main`)))
		if strings.Contains(text(t, ctx, "main"), "افتتاح کتابخانهٔ مرکزی شیراز") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the item never appeared: %s", text(t, ctx, "main"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	shot(t, ctx, "wire-desk.png")
	run(t, ctx, "open the item", submitTo(`.wire-headline a`), chromedp.WaitVisible(chromedp.CSS(`.wire-credit`)))
	run(t, ctx, "republish",
		chromedp.SetValue(chromedp.CSS(`select[name="section"]`), "culture"),
		submitTo(`form[action$="/republish"] button`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "بازنشر با ذکر منبع") {
		t.Errorf("after republishing: %s", got)
	}
	if got := value(t, ctx, `input[name="credit"]`); got != "ایسنا" {
		t.Errorf("credit in the editor: %q", got)
	}
	if got := value(t, ctx, `textarea[name="lead"]`); got != "کتابخانهٔ مرکزی شیراز با صد هزار جلد کتاب امروز گشایش یافت." {
		t.Errorf("lead in the editor (tidied): %q", got)
	}
	run(t, ctx, "publish", submitTo(`button[value="publish"]`), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "منتشر شد") {
		t.Fatalf("after publishing: %s", got)
	}
	items, _, err := st.WireItems(bg, news.WireFilter{}, nil)
	if err != nil || len(items) != 1 || items[0].Story == 0 {
		t.Fatalf("wire items: %+v %v", items, err)
	}
	story, err := st.StoryByID(bg, items[0].Story)
	if err != nil || story.Code == 0 {
		t.Fatalf("story: %+v %v", story, err)
	}
	run(t, ctx, "the public page", chromedp.Navigate(fmt.Sprintf("%s/news/%d", u, story.Code)), chromedp.WaitVisible(chromedp.CSS(`.lead`)))
	if got := text(t, ctx, ".lead"); !strings.HasPrefix(got, "ایسنا: کتابخانهٔ مرکزی شیراز") {
		t.Errorf("the lead reads %q, want it to open with «ایسنا:»", got)
	}
	// The desk says the item was republished, and links to the story.
	run(t, ctx, "back to the desk", chromedp.Navigate(u+"/newsroom/wire"), chromedp.WaitVisible(chromedp.CSS(`.badge`)))
	if href := get(t, ctx, "badge link", chromedp.Evaluate[string](`document.querySelector('.badge').getAttribute('href')`)); href != fmt.Sprintf("/newsroom/stories/%d", story.ID) {
		t.Errorf("badge links to %q", href)
	}
}

package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

// commentServer is khabar, both sites, on st with a moved clock, one
// published story and a moderator.
type commentServer struct {
	url   string
	st    *store.Store
	clock *testClock
	story *news.Story
}

const moderatorPassword = "گذرواژهٔ ناظر نظرها"

func newCommentServer(t *testing.T, st *store.Store, cfg config.Config) *commentServer {
	t.Helper()
	clock := &testClock{t: time.Now().UTC().Truncate(time.Minute)}
	st.SetClock(clock.now)
	story := &news.Story{Section: news.Section{Slug: "society", Name: "اجتماعی"}, Headline: "بازگشایی مدرسه‌ها پس از بارش برف",
		Lead: "مدرسه‌های استان از شنبه باز می‌شوند.", Body: "<p>آموزش و پرورش استان خبر داد.</p>",
		Status: news.StatusPublished, Published: clock.now().Add(-time.Hour)}
	if r := st.ImportStories(context.Background(), []*news.Story{story}); r[0].Err != nil {
		t.Fatal(r[0].Err)
	}
	u := &news.User{Name: "negar", DisplayName: "نگار، ناظر نظرها", Roles: news.Roles{news.RoleModerator}}
	if err := st.CreateUser(context.Background(), news.Actor{Name: "آزمون"}, u,
		auth.HashPassword(moderatorPassword, auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
		t.Fatal(err)
	}
	h, _ := server.Handler(st, cfg, server.Options{Newsroom: newsroom.Config{Now: clock.now}, Web: web.Config{Now: clock.now}}, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &commentServer{url: srv.URL, st: st, clock: clock, story: story}
}

// pressTo presses key on the page and waits for the next page it leads to.
func pressTo(key string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		var none chromedp.Void
		if _, err := chromedp.Evaluate[bool](`window.khabarOldPage = true`)(ctx, tg); err != nil {
			return none, err
		}
		if _, err := chromedp.KeyEvent(key)(ctx, tg); err != nil {
			return none, err
		}
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			done, err := chromedp.Evaluate[bool](`window.khabarOldPage === undefined && document.readyState === "complete"`)(ctx, tg)
			if err == nil && done {
				return none, nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		return none, fmt.Errorf("no new page after pressing %q", key)
	}
}

// A reader comments under a story and is told it awaits moderation; a
// moderator sees it waiting on the dashboard and approves it from the
// queue with the keyboard; the reader reloads the story and finds it
// counted and shown.
func TestCommentInBrowser(t *testing.T) {
	ctx := browser(t, 1280, 1000)
	s := newCommentServer(t, storetest.SQLite(t), config.Defaults())
	article := fmt.Sprintf("%s/news/%d", s.url, s.story.Code)
	const written = "خبر خوبی است؛ امیدوارم راه روستاها هم زود باز شود.\nبا سپاس از خبرنگارتان."

	run(t, ctx, "open the story", chromedp.Navigate(article), chromedp.WaitVisible(chromedp.CSS(`#comment-form`)))
	if got := text(t, ctx, ".comments .count"); !strings.Contains(got, "نمایش ۰ نظر") {
		t.Fatalf("count before: %q", got)
	}
	run(t, ctx, "write a comment",
		chromedp.SendKeys(chromedp.CSS(`#comment-form input[name="name"]`), "سارا"),
		chromedp.SetValue(chromedp.CSS(`#comment-form textarea[name="text"]`), written),
	)
	s.clock.advance(40 * time.Second) // the time it takes to write it
	run(t, ctx, "send it", submitTo(`#comment-form button[type="submit"]`), chromedp.WaitVisible(chromedp.CSS(`.comment-notice`)))
	if got := text(t, ctx, ".comment-notice"); !strings.Contains(got, "پس از بررسی ناظر منتشر می‌شود") {
		t.Fatalf("after posting: %q", got)
	}
	if got := text(t, ctx, ".comments .count"); !strings.Contains(got, "نمایش ۰ نظر") {
		t.Errorf("a comment awaiting moderation is counted: %q", got)
	}
	shot(t, ctx, "comment-posted.png")

	// The moderator.
	run(t, ctx, "moderator logs in",
		chromedp.Navigate(s.url+"/newsroom/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="name"]`), "negar"),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), moderatorPassword),
		submitTo(`form button[type="submit"]`),
	)
	if got := text(t, ctx, "main"); !strings.Contains(got, "نظرهای در انتظار بررسی (۱)") {
		t.Fatalf("moderator's dashboard: %s", got)
	}
	run(t, ctx, "the queue", submitTo(`.pending-comments a.button`), chromedp.WaitVisible(chromedp.CSS(`.queue-item.current`)))
	queue := text(t, ctx, ".queue-item")
	if !strings.Contains(queue, "سارا") || !strings.Contains(queue, "راه روستاها") || !strings.Contains(queue, s.story.Headline) {
		t.Fatalf("queue item: %s", queue)
	}
	shot(t, ctx, "moderation-queue.png")
	run(t, ctx, "approve with the keyboard", pressTo("a"), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "۱ نظر تأیید و منتشر شد") {
		t.Fatalf("after approving: %q", got)
	}

	// The reader reloads the story.
	run(t, ctx, "reader reloads", chromedp.Navigate(article), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`.comment`)))
	if got := text(t, ctx, ".comments .count"); !strings.Contains(got, "نمایش ۱ نظر") {
		t.Fatalf("count after approval: %q", got)
	}
	if got := text(t, ctx, ".comment-name"); got != "سارا" {
		t.Errorf("name %q", got)
	}
	if got := text(t, ctx, ".comment-text"); got != written {
		t.Errorf("text %q, want %q", got, written)
	}
	if got := text(t, ctx, ".comment time"); !strings.Contains(got, "۱۴") || !strings.Contains(got, " - ") {
		t.Errorf("Jalali date %q", got)
	}
	shot(t, ctx, "comment-approved.png")
}

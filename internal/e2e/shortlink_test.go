package e2e

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

// The short link under the byline copies itself when clicked, and says
// so, instead of leaving the page.
func TestShortLinkCopies(t *testing.T) {
	st := storetest.SQLite(t)
	importSeed(t, st)
	srv := httptest.NewServer(web.New(st, web.Config{SiteName: "ایلنا - خبرگزاری کار ایران"}, nil))
	defer srv.Close()
	ctx := browser(t, 1000, 900)
	run(t, ctx, "open the model page",
		chromedp.Navigate(srv.URL+"/news/101870"),
		chromedp.WaitVisible(chromedp.CSS("a.shortlink")),
	)
	if got := text(t, ctx, "a.shortlink"); got != "لینک کوتاه" {
		t.Errorf("short link reads %q", got)
	}
	if got := text(t, ctx, ".short-url"); !strings.HasSuffix(got, "/n/101870") {
		t.Errorf("short address shown as %q", got)
	}
	before := location(t, ctx)
	run(t, ctx, "click the short link", chromedp.Click(chromedp.CSS("a.shortlink")))
	get(t, ctx, "wait for the copy", chromedp.Poll[bool](`document.getElementById("shortlink-status").textContent !== ""`))
	if got := text(t, ctx, "#shortlink-status"); got != "کپی شد" {
		t.Errorf("after the click the page says %q, want «کپی شد»", got)
	}
	if after := location(t, ctx); after != before {
		t.Errorf("the click left the page for %s", after)
	}
}

package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

// A reader who mistypes a word sees the results for what they meant,
// told so above them, and can go back to what they typed in one click;
// the link to the correction leads to the same results, told nothing.
func TestSearchCorrectionInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	var stories []*news.Story
	when := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	for i, h := range []string{
		"پیروزی پرسپولیس در دربی پایتخت",
		"پرسپولیس با دو گل از سد حریف گذشت",
		"تمرین پرسپولیس پیش از سفر به تبریز",
		"هواداران پرسپولیس ورزشگاه را پر کردند",
		"سرمربی پرسپولیس از داوری گلایه کرد",
		"بارش باران در استان‌های شمالی",
	} {
		stories = append(stories, &news.Story{URI: fmt.Sprintf("urn:test:search-%d", i), Code: int64(300 + i),
			Section: news.Section{Slug: "sports", Name: "ورزشی"}, Headline: h,
			Lead: "گزارش خبرنگار ورزشی از " + h + ".", Body: "<p>" + h + " و دیگر خبرهای روز.</p>",
			Status: news.StatusPublished, Published: when.Add(time.Duration(i) * time.Hour)})
	}
	for _, r := range st.ImportStories(context.Background(), stories) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	srv := httptest.NewServer(web.New(st, web.Config{SiteName: "خبرگزاری خبر"}, nil))
	defer srv.Close()
	ctx := browser(t, 1000, 900)

	// Typed in the header's search box, as a reader does.
	run(t, ctx, "search from the home page",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`form.search input[name="q"]`)),
		chromedp.SendKeys(`form.search input[name="q"]`, "پرسپلیس"),
		chromedp.Submit(`form.search input[name="q"]`),
		chromedp.WaitVisible(chromedp.CSS(".items")),
	)
	corrected := location(t, ctx)
	if got := text(t, ctx, "p.suggestion"); got != "نتایج برای پرسپولیس. جست‌وجوی پرسپلیس به‌جای آن" {
		t.Errorf("above the results: %q", got)
	}
	headlines := get(t, ctx, "headlines", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(".items h3")].map(h => h.innerText)`))
	if len(headlines) != 5 {
		t.Errorf("%d results for the correction, want the 5 stories: %q", len(headlines), headlines)
	}
	for _, h := range headlines {
		if !strings.Contains(h, "پرسپولیس") {
			t.Errorf("result %q does not hold the word meant", h)
		}
	}
	if got := text(t, ctx, "p.total"); !strings.Contains(got, "«پرسپولیس»") {
		t.Errorf("the count says %q", got)
	}

	// What was typed, searched as it was: nothing found, nothing corrected.
	run(t, ctx, "search as typed",
		chromedp.Click(`p.suggestion a:last-of-type`),
		chromedp.WaitVisible(chromedp.CSS(".empty")),
	)
	if got := text(t, ctx, ".empty p"); got != "نتیجه‌ای برای «پرسپلیس» یافت نشد." {
		t.Errorf("searched as typed: %q", got)
	}
	if n := get(t, ctx, "notices", chromedp.Evaluate[int](`document.querySelectorAll("p.suggestion b").length`)); n != 0 {
		t.Errorf("searched as typed, and still told of a correction")
	}
	if got := get(t, ctx, "box", chromedp.Evaluate[string](`document.querySelector('.filters input[name="q"]').value`)); got != "پرسپلیس" {
		t.Errorf("the search box holds %q", got)
	}

	// Back, and the correction's own link.
	run(t, ctx, "back to the corrected results",
		chromedp.Navigate(corrected),
		chromedp.WaitVisible(chromedp.CSS("p.suggestion")),
		chromedp.Click(`p.suggestion a:first-of-type`),
		chromedp.WaitVisible(chromedp.CSS(".items")),
	)
	if n := get(t, ctx, "suggestions", chromedp.Evaluate[int](`document.querySelectorAll("p.suggestion").length`)); n != 0 {
		t.Errorf("the corrected word searched, and a suggestion still shown")
	}
	if n := get(t, ctx, "results", chromedp.Evaluate[int](`document.querySelectorAll(".items h3").length`)); n != 5 {
		t.Errorf("%d results for the word meant", n)
	}
}

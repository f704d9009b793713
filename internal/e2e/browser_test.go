package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/sharedtest"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

const seedPath = "../../../shared/seed/ilna-101870.txt"

// chromium returns the browser to drive: $KHABAR_CHROMIUM, or chromium
// on the PATH. Without one the test skips, unless CI requires it.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("KHABAR_CHROMIUM"); p != "" {
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium: set KHABAR_CHROMIUM or install Debian's chromium")
	}
	t.Skip("no chromium on this machine")
	return ""
}

func importSeed(t *testing.T, st *store.Store) {
	t.Helper()
	f, err := os.Open(seedPath)
	if err != nil {
		sharedtest.Missing(t, "model page", err)
	}
	defer f.Close()
	var stories []*news.Story
	err = importer.Read(f, func(r importer.Record) error {
		if r.Err != nil {
			t.Fatalf("line %d: %v", r.Line, r.Err)
		}
		stories = append(stories, r.Story)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.ImportStories(context.Background(), stories) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

// TestModelPageInBrowser opens the imported model page as a reader
// would and checks what is on the screen.
func TestModelPageInBrowser(t *testing.T) {
	exe := chromium(t)
	st := storetest.SQLite(t)
	importSeed(t, st)
	srv := httptest.NewServer(web.New(st, web.Config{SiteName: "ایلنا - خبرگزاری کار ایران"}, nil))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 1800),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 60*time.Second)
	defer cancel()

	if err := chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/news/101870"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	); err != nil {
		t.Fatal(err)
	}
	// What a reader sees, read in one go from the rendered page.
	type facts struct {
		Location, Dir, H1, Title, Time, Code, End string
		Paragraphs                                int
	}
	f, err := chromedp.Run(bctx, chromedp.Evaluate[facts](`(() => {
		const text = sel => (document.querySelector(sel) || {}).innerText || "";
		return {
			Location: location.href,
			Dir: getComputedStyle(document.querySelector("article")).direction,
			H1: text("h1"),
			Title: document.title,
			Time: text("time"),
			Code: text(".code"),
			End: text(".end-marker"),
			Paragraphs: document.querySelectorAll(".body p").length,
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		t.Fatal(err)
	}
	location, dir, h1, title, timeText, code, end, paragraphs := f.Location, f.Dir, f.H1, f.Title, f.Time, f.Code, f.End, f.Paragraphs
	const headline = "تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات"
	checks := []struct {
		what string
		ok   bool
		got  any
	}{
		{"canonical URL after redirect", strings.Contains(location, "/news/101870/"), location},
		{"direction rtl", dir == "rtl", dir},
		{"headline in h1", strings.TrimSpace(h1) == headline, h1},
		{"title is headline and agency", strings.HasPrefix(title, headline) && strings.Contains(title, "ایلنا"), title},
		{"Jalali date and time", strings.Contains(timeText, "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵"), timeText},
		{"news code in Persian digits", strings.Contains(code, "۱۰۱۸۷۰"), code},
		{"end marker", strings.TrimSpace(end) == "انتهای پیام/", end},
		{"11 body paragraphs", paragraphs == 11, paragraphs},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %v", c.what, c.got)
		}
	}
	if dir := os.Getenv("KHABAR_SCREENSHOT_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "article.png")
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
}

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/media"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/photo"
	"khabar/internal/photo/phototest"
	"khabar/internal/server"
	"khabar/internal/store/storetest"
	"khabar/internal/web"
)

// A photo's day, in Chromium: an editor uploads a camera photo with its
// GPS position in EXIF to a new story and publishes it; a reader on a
// phone-sized window (390 px) sees it with its caption and credit, in
// the 640-pixel rendition, and no served file holds the position; the
// hostile files are refused with Persian messages; the home page shows
// the story's thumbnail.
func TestPhotoDay(t *testing.T) {
	st := storetest.SQLite(t)
	clock := &testClock{t: time.Now().UTC().Truncate(time.Minute)}
	st.SetClock(clock.now)
	ctxb := context.Background()
	if err := st.AddSection(ctxb, news.Actor{Name: "آزمون"}, &news.Section{Slug: "society", Name: "اجتماعی"}); err != nil {
		t.Fatal(err)
	}
	const password = "گذرواژهٔ سارا دبیر عکس"
	editor := &news.User{Name: "sara", DisplayName: "سارا رضایی", Roles: news.Roles{news.RoleEditor}}
	if err := st.CreateUser(ctxb, news.Actor{Name: "آزمون"}, editor, auth.HashPassword(password, auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
		t.Fatal(err)
	}
	mediaDir := t.TempDir()
	h, _ := server.Handler(st, config.Defaults(), server.Options{Newsroom: newsroom.Config{Now: clock.now},
		Web: web.Config{Now: clock.now}, Media: media.Dir{Root: mediaDir}, Photos: photo.Options{TempDir: t.TempDir()}}, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	u := srv.URL

	files := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	camera := write("IMG_4021.JPG", phototest.CameraJPEG(2400, 1600, 1))
	if m := phototest.Metadata(mustRead(t, camera)); !strings.Contains(strings.Join(m, " "), "GPS") {
		t.Fatalf("the camera photo carries no GPS to strip: %v", m)
	}

	ctx := browser(t, 1280, 1000)
	run(t, ctx, "login",
		chromedp.Navigate(u+"/newsroom/login"),
		chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="name"]`), "sara"),
		chromedp.SetValue(chromedp.CSS(`input[name="password"]`), password),
		submitTo(`form button[type="submit"]`),
	)
	newStory := func(headline string) {
		t.Helper()
		run(t, ctx, "new story",
			chromedp.Navigate(u+"/newsroom/stories/new"),
			chromedp.WaitVisible(chromedp.CSS(`input[name="headline"]`)),
			chromedp.SetValue(chromedp.CSS(`input[name="headline"]`), headline),
			chromedp.SetValue(chromedp.CSS(`textarea[name="lead"]`), "خریداران شب عید بازار را پر کرده‌اند."),
			chromedp.SetValue(chromedp.CSS(`textarea[name="body"]`), "بازار بزرگ تهران این روزها شلوغ است.\n\nفروشندگان از رونق کار می‌گویند."),
		)
	}

	// The hostile files, each refused in the editor, the text kept.
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"notes.jpg", phototest.TextAsJPEG(), "این فایل عکس نیست"},
		{"cut.jpg", phototest.TruncatedJPEG(), "ناقص است"},
		{"bomb.png", phototest.BombPNG(), "۳۰۰۰۰ × ۳۰۰۰۰ پیکسل"},
		{"logo.svg", phototest.SVGWithScript(), "عکس SVG پذیرفته نیست"},
		{"meta.png", phototest.ZTXtPNG(), "zTXt"},
		{"exif.jpg", phototest.BadExifJPEG(), "EXIF این عکس خراب است"},
	} {
		newStory("خبر آزمون فایل " + c.name)
		run(t, ctx, "upload "+c.name,
			chromedp.SetUploadFiles(chromedp.CSS(`input[name="upload"]`), []string{write(c.name, c.data)}),
			submitTo(`button[value="save"]`),
			chromedp.WaitVisible(chromedp.CSS(`#form-error`)),
		)
		if got := text(t, ctx, "#form-error"); !strings.Contains(got, c.want) {
			t.Errorf("%s: the editor says %q, want %q", c.name, got, c.want)
		}
		if got := value(t, ctx, `input[name="headline"]`); got != "خبر آزمون فایل "+c.name {
			t.Errorf("%s: the headline typed became %q", c.name, got)
		}
	}
	// 50 MB: refused as it is chosen, before a byte is sent.
	newStory("خبر با عکس بسیار بزرگ")
	run(t, ctx, "choose 50 MB",
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="upload"]`), []string{write("huge.jpg", append(mustRead(t, camera), make([]byte, 50<<20)...))}),
		chromedp.WaitVisible(chromedp.CSS(`.upload-error`)),
	)
	if got := text(t, ctx, ".upload-error"); !strings.Contains(got, "بیش از ۲۰ مگابایت پذیرفته نمی‌شود") {
		t.Errorf("50 MB: %q", got)
	}
	if n := get(t, ctx, "files left", chromedp.Evaluate[int](`document.querySelector('input[name="upload"]').files.length`)); n != 0 {
		t.Error("the 50 MB file is still chosen")
	}
	if photos, _ := st.Photos(ctxb, news.PhotoFilter{}); len(photos) != 0 {
		t.Fatalf("hostile files stored %d photos", len(photos))
	}

	// The camera photo, published with the story.
	caption := "بازار بزرگ تهران در روزهای پایانی سال"
	newStory("شلوغی بازار تهران در آستانهٔ نوروز")
	if got := value(t, ctx, `input[name="upload_credit"]`); got != "سارا رضایی" {
		t.Errorf("the credit starts as %q, want the editor's name", got)
	}
	run(t, ctx, "upload and publish",
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="upload"]`), []string{camera}),
		chromedp.SetValue(chromedp.CSS(`input[name="upload_caption"]`), caption),
		submitTo(`button[value="publish"]`),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	shot(t, ctx, "editor-photo.png")
	if got := value(t, ctx, `input[name="photo_caption"]`); got != caption {
		t.Fatalf("the editor after publishing shows caption %q\n%s", got, text(t, ctx, "main"))
	}
	page, err := st.DeskStories(ctxb, news.DeskFilter{Status: news.StatusPublished})
	if err != nil || len(page.Stories) != 1 || page.Stories[0].Photo == nil {
		t.Fatalf("published: %+v %v", page.Stories, err)
	}
	story := page.Stories[0]

	// A reader on a phone.
	phone := browser(t, 390, 844)
	run(t, phone, "article on a phone",
		chromedp.EmulateViewport(390, 844), // a headless window may be kept wider
		chromedp.Navigate(fmt.Sprintf("%s/news/%d", u, story.Code)),
		chromedp.WaitVisible(chromedp.CSS(`.lead-photo img`)),
		loaded(`.lead-photo img`),
	)
	shot(t, phone, "article-photo-phone.png")
	if w := get(t, phone, "width", chromedp.Evaluate[int](`window.innerWidth`)); w != 390 {
		t.Fatalf("the phone's window is %d px wide", w)
	}
	src := get(t, phone, "currentSrc", chromedp.Evaluate[string](`document.querySelector('.lead-photo img').currentSrc`))
	if !strings.HasSuffix(src, "/media/"+story.Photo.ID+"/640.webp") {
		t.Errorf("a 390 px window loads %s, want the 640 rendition", src)
	}
	if got := text(t, phone, ".lead-photo figcaption"); !strings.Contains(got, caption) || !strings.Contains(got, "عکس: سارا رضایی") {
		t.Errorf("caption and credit: %q", got)
	}
	// Every file the page can load: none keeps the camera's metadata.
	for _, r := range story.Photo.Renditions() {
		res, err := http.Get(u + news.PhotoPath(story.Photo.ID, r))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if m := phototest.Metadata(data); res.StatusCode != 200 || len(m) > 0 {
			t.Errorf("%v: %d, keeps %v", r, res.StatusCode, m)
		}
	}

	// The home page shows the thumbnail (to a reader who has not seen
	// the article: a browser takes a larger file it holds already).
	phone = browser(t, 390, 844)
	run(t, phone, "home",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(u+"/"),
		chromedp.WaitVisible(chromedp.CSS(`.top-story .thumb img`)),
		loaded(`.top-story .thumb img`),
	)
	shot(t, phone, "home-thumbnail-phone.png")
	if src := get(t, phone, "thumb", chromedp.Evaluate[string](`document.querySelector('.top-story .thumb img').currentSrc`)); !strings.Contains(src, "/media/"+story.Photo.ID+"/320.") {
		t.Errorf("home thumbnail loads %s, want the 320 rendition", src)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loaded waits until the image sel has loaded.
func loaded(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		q := "document.querySelector('" + sel + "')"
		_, err := chromedp.Poll[bool](q+".complete && "+q+".naturalWidth > 0")(ctx, tg)
		return chromedp.Void{}, err
	}
}

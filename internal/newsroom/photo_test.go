package newsroom_test

import (
	"bytes"
	"fmt"
	"html"

	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"khabar/internal/news"
	"khabar/internal/photo/phototest"
	"khabar/internal/store"
)

// upload posts a multipart form with a file, as a browser sends the
// editor's form.
func (c *client) upload(path string, form url.Values, name string, file []byte) response {
	c.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("upload", name)
		fw.Write(file)
	} else {
		mw.CreateFormFile("upload", "") // an empty file input, as browsers send it
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.s.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// photoStoryForm is the editor's form for a new story.
func photoStoryForm(headline string, extra ...string) url.Values {
	f := url.Values{"section": {"economy"}, "headline": {headline}, "lead": {"لید خبر عکس‌دار."},
		"body": {"بند نخست خبر."}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return f
}

// storyIDOf reads the story id from the editor's address after a save.
func storyIDOf(t *testing.T, res response) string {
	t.Helper()
	m := regexp.MustCompile(`/newsroom/stories/(\d+)`).FindStringSubmatch(res.header.Get("Location"))
	if res.status != http.StatusSeeOther || m == nil {
		t.Fatalf("save: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
	}
	return m[1]
}

// An editor uploads a camera photo with the story and publishes it: the
// public page shows it in every width, with its caption and its credit
// (the editor's name, unless another is given), and no served file
// keeps the camera's metadata.
func TestLeadPhotoPublished(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		ed := s.as("editor")
		caption := "بازار بزرگ تهران در آستانهٔ نوروز"
		res := ed.upload("/newsroom/stories", photoStoryForm("بازار تهران پیش از نوروز", "action", "publish",
			"upload_caption", caption, "upload_place", "lead"), "IMG_2041.JPG", phototest.CameraJPEG(2000, 1500, 1))
		id := storyIDOf(t, res)
		var storyID int64
		fmt.Sscan(id, &storyID)
		st, err := s.store.StoryByID(ctx, storyID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Status != news.StatusPublished || st.Photo == nil || st.PhotoCaption != caption || st.Photo.Credit != "کاربر editor" {
			t.Fatalf("story %s photo %+v caption %q", st.Status, st.Photo, st.PhotoCaption)
		}
		if got := st.Photo.Widths; fmt.Sprint(got) != "[320 640 1024 1600]" {
			t.Errorf("widths %v", got)
		}
		// The editor shows the photo to work on.
		page := ed.get("/newsroom/stories/" + id)
		if !strings.Contains(page.body, `name="photo" value="`+st.Photo.ID+`"`) || !strings.Contains(page.body, html.EscapeString(caption)) {
			t.Errorf("editor does not show the lead photo:\n%s", page.body)
		}

		article := s.client().get(fmt.Sprintf("/news/%d/%s", st.Code, st.Slug()))
		if article.status != 200 {
			t.Fatalf("article: %d", article.status)
		}
		for _, want := range []string{`<figure class="lead-photo">`, `<source type="image/webp" srcset="/media/` + st.Photo.ID + `/320.webp 320w`,
			`fetchpriority="high"`, `width="640" height="480"`, `sizes="(max-width: 720px) 100vw, 688px"`,
			"<figcaption>" + caption + ` <span class="credit">عکس: کاربر editor</span></figcaption>`,
			`<meta property="og:image" content="` + `/media/` + st.Photo.ID + `/1600.jpg">`, // BaseURL "" in tests
			`<meta property="og:image:width" content="1600">`, `<meta property="og:image:height" content="1200">`, `"@type":"ImageObject"`} {
			if !strings.Contains(article.body, want) && !strings.Contains(html.UnescapeString(article.body), want) {
				t.Errorf("article page lacks %s", want)
			}
		}
		for _, r := range st.Photo.Renditions() {
			path := news.PhotoPath(st.Photo.ID, r)
			got := s.client().get(path)
			if got.status != 200 || got.header.Get("Content-Type") != news.ContentType(r.Format) ||
				got.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: %d %q %q", path, got.status, got.header.Get("Content-Type"), got.header.Get("Cache-Control"))
			}
			if m := phototest.Metadata([]byte(got.body)); len(m) > 0 {
				t.Errorf("%s keeps %v", path, m)
			}
		}
		if got := s.client().get(news.PhotoRef(st.Photo.ID)); got.status != 200 || got.header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("photo's body address: %d", got.status)
		}
		if got := s.client().get("/media/" + st.Photo.ID + "/800.jpg"); got.status != 404 {
			t.Errorf("a width never made: %d", got.status)
		}
	})
}

// A photo changed on a published story is a write like any other: a
// revision, and a row of the change log that page caches follow.
func TestPhotoChangeIsLogged(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	ed := s.as("editor")
	id := storyIDOf(t, ed.upload("/newsroom/stories", photoStoryForm("خبری که عکسش عوض می‌شود", "action", "publish"), "", nil))
	before, _ := s.store.LatestChange(ctx)
	page := ed.get("/newsroom/stories/" + id)
	base := regexp.MustCompile(`name="base" value="(\d+)"`).FindStringSubmatch(page.body)[1]
	res := ed.upload("/newsroom/stories/"+id, photoStoryForm("خبری که عکسش عوض می‌شود", "base", base, "action", "save",
		"upload_caption", "عکس تازهٔ خبر"), "a.png", phototest.PNG(900, 600))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save with photo: %d\n%s", res.status, res.body)
	}
	changes, err := s.store.Changes(ctx, before, 10)
	if err != nil || len(changes) != 1 || changes[0].Kind != store.ChangeStory || !changes[0].Public() {
		t.Fatalf("changes after the photo: %+v %v", changes, err)
	}
	var sid int64
	fmt.Sscan(id, &sid)
	revs, _ := s.store.Revisions(ctx, sid)
	prev, _ := s.store.Revision(ctx, sid, revs[1].Number)
	cur, _ := s.store.Revision(ctx, sid, revs[0].Number)
	if prev.Content.Photo != "" || cur.Content.Photo == "" || cur.Content.PhotoCaption != "عکس تازهٔ خبر" {
		t.Errorf("revisions: before %q, after %q %q", prev.Content.Photo, cur.Content.Photo, cur.Content.PhotoCaption)
	}
	if hist := ed.get("/newsroom/stories/" + id + "/history"); !strings.Contains(hist.body, "زیرنویس عکس") {
		t.Error("history does not show the photo's change")
	}
}

// Every hostile file is refused in the editor with a Persian message
// that says why; the writer's text stays in the form and nothing is
// stored: no photo, no file, no story.
func TestHostileUploadsRefused(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	ed := s.as("editor")
	for _, c := range []struct {
		name, file string
		data       []byte
		status     int
		want       string
	}{
		{"text named .jpg", "photo.jpg", phototest.TextAsJPEG(), 400, "این فایل عکس نیست"},
		{"truncated JPEG", "cut.jpg", phototest.TruncatedJPEG(), 400, "ناقص است"},
		{"30000×30000", "bomb.png", phototest.BombPNG(), 400, "۳۰۰۰۰ × ۳۰۰۰۰ پیکسل"},
		{"SVG with script", "logo.svg", phototest.SVGWithScript(), 400, "عکس SVG پذیرفته نیست"},
		{"PNG with a huge zTXt", "meta.png", phototest.ZTXtPNG(), 400, "zTXt"},
		{"malformed EXIF", "exif.jpg", phototest.BadExifJPEG(), 400, "EXIF این عکس خراب است"},
		{"50 MB", "huge.jpg", append(phototest.CameraJPEG(64, 48, 1), make([]byte, 50<<20)...), 413, "بیش از ۲۰ مگابایت"},
	} {
		headline := "خبر با فایل " + c.name
		res := ed.upload("/newsroom/stories", photoStoryForm(headline, "action", "save"), c.file, c.data)
		if res.status != c.status || !strings.Contains(res.body, c.want) {
			t.Errorf("%s: %d, want %d saying %q:\n%s", c.name, res.status, c.status, c.want, errorLine(res.body))
		}
		if !strings.Contains(res.body, `value="`+headline+`"`) {
			t.Errorf("%s: the headline typed is not in the form", c.name)
		}
	}
	if photos, _ := s.store.Photos(ctx, news.PhotoFilter{}); len(photos) != 0 {
		t.Errorf("%d photos stored", len(photos))
	}
	if n, _ := s.store.StoryCount(ctx); n != 0 {
		t.Errorf("%d stories stored", n)
	}
	entries, _ := os.ReadDir(s.media)
	if len(entries) != 0 {
		t.Errorf("media directory holds %v", entries)
	}
}

// errorLine is the error the page shows, or the page.
func errorLine(body string) string {
	if m := regexp.MustCompile(`<p class="error"[^>]*>([^<]*)`).FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return body
}

// The library: the same file uploaded twice is one photo; captions are
// found however their letters are written; a photo of the library
// becomes another story's lead photo, or joins its body, where the
// public page shows it lazily with its credit.
func TestPhotoLibrary(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		rep := s.as("reporter")
		jpg := phototest.CameraJPEG(1400, 900, 1)
		for _, caption := range []string{"کاروان زائران در مرز مهران", "عکسی دیگر از همان"} {
			res := rep.upload("/newsroom/photos", url.Values{"upload_caption": {caption}, "upload_credit": {"خبرگزاری آزمون"}}, "a.jpg", jpg)
			if res.status != http.StatusSeeOther {
				t.Fatalf("library upload: %d %s", res.status, errorLine(res.body))
			}
		}
		photos, _ := s.store.Photos(ctx, news.PhotoFilter{})
		if len(photos) != 1 || photos[0].Caption != "کاروان زائران در مرز مهران" || photos[0].Uploader != "کاربر reporter" {
			t.Fatalf("library: %+v", photos)
		}
		p := photos[0]
		for _, q := range []string{"زائران", "زايران مرز", "كاروان"} {
			page := rep.get("/newsroom/photos?q=" + url.QueryEscape(q))
			if !strings.Contains(page.body, p.ID) {
				t.Errorf("search %q does not find the photo", q)
			}
		}
		if page := rep.get("/newsroom/photos?q=" + url.QueryEscape("فوتبال")); strings.Contains(page.body, p.ID) {
			t.Error("search for another word finds the photo")
		}
		story := s.draft("reporter", "زائران اربعین از مرز مهران گذشتند")
		page := rep.get(fmt.Sprintf("/newsroom/photos?story=%d", story.ID))
		if !strings.Contains(page.body, "عکس اصلی این خبر") {
			t.Fatal("the library opened for a story offers nothing")
		}
		for _, place := range []string{"lead", "body"} {
			res := rep.post(fmt.Sprintf("/newsroom/stories/%d/photo", story.ID), url.Values{"photo": {p.ID}, "place": {place}})
			if res.status != http.StatusSeeOther {
				t.Fatalf("use photo (%s): %d %s", place, res.status, errorLine(res.body))
			}
		}
		got, _ := s.store.StoryByID(ctx, story.ID)
		if got.Photo == nil || got.Photo.ID != p.ID || got.PhotoCaption != p.Caption || !strings.Contains(got.Body, "/media/"+p.ID+".jpg") {
			t.Fatalf("story after: photo %+v body %q", got.Photo, got.Body)
		}
		if got.Revision != story.Revision+2 {
			t.Errorf("revision %d, want %d", got.Revision, story.Revision+2)
		}
		editor := rep.get(fmt.Sprintf("/newsroom/stories/%d", story.ID))
		if !strings.Contains(editor.body, "![کاروان زائران در مرز مهران](photo:"+p.ID+")") {
			t.Errorf("the body's photo line is not in the editor")
		}
		ed := s.as("editor")
		if res := ed.post(fmt.Sprintf("/newsroom/stories/%d/transition", story.ID), url.Values{"to": {"publish"}, "base": {fmt.Sprint(got.Revision)}}); res.status != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.status)
		}
		got, _ = s.store.StoryByID(ctx, story.ID)
		article := s.client().get(fmt.Sprintf("/news/%d/%s", got.Code, got.Slug()))
		if !strings.Contains(article.body, `<figure class="photo"><picture>`) || !strings.Contains(article.body, `loading="lazy"`) ||
			!strings.Contains(article.body, `<span class="credit">عکس: خبرگزاری آزمون</span>`) {
			t.Errorf("the body's photo on the page:\n%s", article.body)
		}
		// A story that names a photo the library lacks is refused.
		res := rep.post(fmt.Sprintf("/newsroom/stories/%d/photo", story.ID), url.Values{"photo": {strings.Repeat("0", 64)}})
		if res.status != 400 || !strings.Contains(res.body, "در کتابخانه نیست") {
			t.Errorf("unknown photo: %d %s", res.status, errorLine(res.body))
		}
	})
}

// The thumbnails of listings.
func TestListingsShowThumbnails(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	ed := s.as("editor")
	id := storyIDOf(t, ed.upload("/newsroom/stories", photoStoryForm("خبر عکس‌دار فهرست", "action", "publish", "tags", "نوروز"),
		"a.jpg", phototest.CameraJPEG(1200, 800, 1)))
	var sid int64
	fmt.Sscan(id, &sid)
	st, _ := s.store.StoryByID(ctx, sid)
	for _, path := range []string{"/", "/section/economy", "/tag/" + url.PathEscape("نوروز"), "/search?q=" + url.QueryEscape("فهرست")} {
		page := s.client().get(path)
		if !strings.Contains(page.body, `<a class="thumb"`) || !strings.Contains(page.body, "/media/"+st.Photo.ID+"/320.jpg") {
			t.Errorf("%s: no thumbnail", path)
		}
	}
}

// A file larger than the server reads at all still gets an answer in
// Persian.
func TestUploadPastTheFormLimit(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	ed := s.as("editor")
	res := ed.upload("/newsroom/photos", nil, "huge.jpg", make([]byte, 70<<20))
	if res.status != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "مگابایت") {
		t.Fatalf("70 MB: %d %s", res.status, errorLine(res.body))
	}
	var n int
	filepath.Walk(s.media, func(string, os.FileInfo, error) error { n++; return nil })
	if n > 1 {
		t.Errorf("%d entries in the media directory", n)
	}
}

package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"khabar/internal/photo/phototest"
)

// wxrPost is one published post of a WordPress export, with its
// featured image's attachment id (0 for none).
func wxrPost(id int64, slug, title string, thumbnail int64) string {
	meta := ""
	if thumbnail != 0 {
		meta = fmt.Sprintf("<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[%d]]></wp:meta_value></wp:postmeta>", thumbnail)
	}
	return fmt.Sprintf(`<item><title><![CDATA[%s]]></title><link>https://ostan.example/1403/02/%s/</link>
<dc:creator><![CDATA[nima]]></dc:creator>
<content:encoded><![CDATA[%s امروز در استان اعلام شد.

جزئیات بیشتر به‌زودی منتشر می‌شود.]]></content:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date_gmt><![CDATA[2024-04-21 06:00:00]]></wp:post_date_gmt>
<wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="city"><![CDATA[شهری]]></category>%s</item>
`, title, slug, title, id, meta)
}

func wxrAttachment(id int64, file string) string {
	return fmt.Sprintf(`<item><title><![CDATA[عکس %d]]></title><wp:post_id>%d</wp:post_id>
<wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[https://ostan.example/wp-content/uploads/%s]]></wp:attachment_url></item>
`, id, id, file)
}

// A post's featured image becomes its story's lead photo when the
// attachment's file is beside the export, under wp-content/ as on the
// site or by its name alone, whether the attachment comes before or
// after the post; a missing file or attachment is reported in the
// summary and the post is stored without a photo. Importing again
// changes nothing.
func TestImportWordPressFeaturedImages(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "wp-content", "uploads", "2024", "04"), 0o755)
	os.WriteFile(filepath.Join(dir, "wp-content", "uploads", "2024", "04", "bazar.jpg"), phototest.CameraJPEG(1200, 800, 1), 0o644)
	os.WriteFile(filepath.Join(dir, "sadd.jpg"), phototest.CameraJPEG(1000, 700, 2), 0o644)
	export := `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>خبر استان</title>
` + wxrAttachment(501, "2024/04/bazar.jpg") +
		wxrPost(2001, "bazar", "بازار سنتی شهر مرمت شد", 501) +
		wxrPost(2002, "sadd", "آب پشت سد به مرز هشدار رسید", 502) +
		wxrPost(2003, "jade", "جاده کوهستانی بازگشایی شد", 503) +
		wxrPost(2004, "madrese", "مدرسه تازه در روستا ساخته شد", 504) +
		wxrPost(2005, "bi-aks", "نشست شورای شهر برگزار شد", 0) +
		wxrAttachment(502, "2024/05/sadd.jpg") +
		wxrAttachment(503, "2024/05/gomshode.jpg") + `</channel></rss>
`
	file := filepath.Join(dir, "ostan.xml")
	os.WriteFile(file, []byte(export), 0o644)

	eachDB(t, func(t *testing.T, newDB func() string) {
		ctx := context.Background()
		db, media := newDB(), t.TempDir()
		r := runCLI(t, nil, "import", "--db", db, "--media-dir", media, file)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if c := allCounts(t, r); c.created != 5 || c.failed != 0 {
			t.Errorf("summary %+v:\n%s", c, r.stdout)
		}
		for _, want := range []string{
			"featured images: 2 imported, 2 not imported",
			"post 2003: featured image https://ostan.example/wp-content/uploads/2024/05/gomshode.jpg: gomshode.jpg is not beside the export (import with --fetch-photos to fetch it)",
			"post 2004: featured image not imported: attachment 504 is not in the export",
		} {
			if !strings.Contains(r.stdout+r.stderr, want) {
				t.Errorf("the import does not say %q:\n%s\n%s", want, r.stdout, r.stderr)
			}
		}
		st := openStore(t, db)
		photos := map[int64]string{}
		for _, code := range []int64{2001, 2002, 2003, 2004, 2005} {
			s, err := st.StoryByCode(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			if s.Photo != nil {
				photos[code] = s.Photo.ID
			}
		}
		if len(photos) != 2 || photos[2001] == "" || photos[2002] == "" || photos[2001] == photos[2002] {
			t.Fatalf("lead photos %v, want one each for 2001 (attachment before) and 2002 (after)", photos)
		}
		if p, err := st.Photo(ctx, photos[2002]); err != nil || p.Width != 1000 {
			t.Errorf("2002's photo %+v (%v), want the 1000 pixels wide sadd.jpg", p, err)
		}

		again := runCLI(t, nil, "import", "--db", db, "--media-dir", media, file)
		if c := allCounts(t, again); again.code != 0 || c.unchanged != 5 || c.updated != 0 {
			t.Errorf("second import: exit %d, %+v\n%s\n%s", again.code, c, again.stdout, again.stderr)
		}
		for code, id := range photos {
			if s, err := st.StoryByCode(ctx, code); err != nil || s.Photo == nil || s.Photo.ID != id || s.Revision != 1+boolInt(code == 2002) {
				t.Errorf("story %d after importing again: %+v (%v), want photo %s", code, s, err, id)
			}
		}
	})
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

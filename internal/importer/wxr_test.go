package importer

import (
	"os"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

func readWXRFile(t *testing.T) []Record {
	t.Helper()
	f, err := os.Open("testdata/site.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []Record
	if err := Read(f, func(r Record) error { recs = append(recs, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestWXR(t *testing.T) {
	recs := readWXRFile(t)
	if len(recs) != 7 {
		t.Fatalf("%d records, want 7: %+v", len(recs), recs)
	}
	block, classic, draft, page, attachment, private, future := recs[0], recs[1], recs[2], recs[3], recs[4], recs[5], recs[6]

	s := block.Story
	if s == nil {
		t.Fatalf("block post: %+v", block)
	}
	if s.Headline != "تصویب طرح ساماندهی حمل‌ونقل عمومی در مجلس" || s.Lead != "مجلس طرح ساماندهی حمل‌ونقل عمومی را تصویب کرد." ||
		s.Byline != "سارا کریمی" || s.Code != 1201 || s.Status != news.StatusPublished ||
		s.URI != "https://khabarname.example/1403/01/majles-transport/" {
		t.Errorf("block post = %+v", s)
	}
	// 2024-04-18 08:01 GMT is 11:31 in Tehran, ۳۰ فروردین ۱۴۰۳.
	if !s.Published.Equal(time.Date(2024, 4, 18, 8, 1, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", s.Published)
	}
	if want := "<p>نمایندگان در جلسه علنی امروز طرح ساماندهی حمل‌ونقل عمومی را با ۱۸۰ رأی موافق تصویب کردند.</p>" +
		"<h2>جزئیات طرح</h2><p>بر پایه این طرح، شهرداری‌ها موظف‌اند ظرف <strong>شش ماه</strong> برنامه نوسازی ناوگان را ارائه کنند.</p>"; s.Body != want {
		t.Errorf("block body =\n%q\nwant\n%q", s.Body, want)
	}
	if s.Section.Name != "مجلس" || s.Section.Slug != "majles" {
		t.Errorf("section = %+v", s.Section)
	}
	if strings.Join(s.Tags, ",") != "حمل و نقل,اتوبوس" {
		t.Errorf("tags = %q", s.Tags)
	}
	if len(block.Comments) != 2 || block.Dropped != 2 {
		t.Fatalf("comments = %+v, dropped %d", block.Comments, block.Dropped)
	}
	c0, c1 := block.Comments[0], block.Comments[1]
	if c0.Key != "71" || c0.Name != "رضا" || c0.Text != "امیدوارم اجرا شود.\n\nناوگان شهر ما خیلی فرسوده است." ||
		!c0.Created.Equal(time.Date(2024, 4, 18, 9, 30, 0, 0, time.UTC)) || c0.ReplyTo != "" {
		t.Errorf("comment 71 = %+v", c0)
	}
	if c1.ReplyTo != "71" || c1.Text != "با شما موافقم." {
		t.Errorf("comment 72 = %+v", c1)
	}

	s = classic.Story
	if s == nil {
		t.Fatalf("classic post: %+v", classic)
	}
	if want := "<p>پل تاریخی شهر پس از دو سال مرمت امروز به روی مردم باز شد.</p>" +
		"<p>مدیر میراث فرهنگی استان گفت:<br>«مرمت با مصالح سنتی انجام شد.»</p>" +
		"<p>پل پس از مرمت</p><ul><li>طول پل: ۱۲۰ متر</li></ul>"; s.Body != want {
		t.Errorf("classic body =\n%q\nwant\n%q", s.Body, want)
	}
	if s.Lead != "" || s.Section.Slug != "city" || s.Section.Name != "شهری" {
		t.Errorf("classic = %+v", s)
	}

	if s := draft.Story; s == nil || s.Status != news.StatusDraft || s.Code != 0 || s.URI != "https://khabarname.example/?p=1210" ||
		!s.Published.Equal(time.Date(2024, 4, 20, 5, 30, 0, 0, time.UTC)) {
		t.Errorf("draft = %+v", draft)
	}
	if page.Story != nil || page.Skipped != "not a post: page" || !page.Quiet {
		t.Errorf("page = %+v", page)
	}
	if attachment.Story != nil || attachment.Skipped != "not a post: attachment" {
		t.Errorf("attachment = %+v", attachment)
	}
	if private.Story != nil || private.Skipped != "private post" || private.Quiet || private.Item != "post 1220" {
		t.Errorf("private = %+v", private)
	}
	if s := future.Story; s == nil || s.Status != news.StatusScheduled || s.Section.Slug != "politics" || s.Code != 0 {
		t.Errorf("future = %+v", future)
	}
	if block.Line != 21 {
		t.Errorf("first item on line %d, want 21", block.Line)
	}
}

func TestWXRBadXML(t *testing.T) {
	in := `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><title>یک</title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_id>1</wp:post_id></item>
<item><title>دو</title></wp:status>
</channel></rss>`
	var recs []Record
	err := Read(strings.NewReader(in), func(r Record) error { recs = append(recs, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Story == nil || recs[1].Err == nil || recs[1].Line != 3 {
		t.Fatalf("records = %+v", recs)
	}
}

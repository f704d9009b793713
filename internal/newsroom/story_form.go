package newsroom

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/markup"
	"khabar/internal/news"
	"khabar/internal/persian"
	"khabar/internal/textdiff"
)

// storyForm is the editor's form as the writer filled it in: the body
// in the editor's markup, tags as one line.
type storyForm struct {
	Section, Kicker, Headline, Lead, Credit, Byline, Body, Tags string
	// Photo is the lead photo's id, PhotoCaption its caption here.
	Photo, PhotoCaption string
	// Base is the revision the writer started from.
	Base int64
}

// readForm reads the editor's fields from a posted form.
func readForm(f url.Values) storyForm {
	base, _ := strconv.ParseInt(f.Get("base"), 10, 64)
	form := storyForm{
		Section: f.Get("section"), Kicker: f.Get("kicker"), Headline: f.Get("headline"), Lead: f.Get("lead"),
		Credit: f.Get("credit"), Byline: f.Get("byline"), Body: f.Get("body"), Tags: f.Get("tags"),
		Photo: strings.TrimSpace(f.Get("photo")), PhotoCaption: f.Get("photo_caption"), Base: base,
	}
	if f.Get("photo_remove") != "" {
		form.Photo, form.PhotoCaption = "", ""
	}
	return form
}

// formOf fills the form from a story's content.
func formOf(c news.Content, base int64) storyForm {
	return storyForm{Section: c.Section, Kicker: c.Kicker, Headline: c.Headline, Lead: c.Lead, Credit: c.Source,
		Byline: c.Byline, Body: markup.FromHTML(c.Body), Tags: strings.Join(c.Tags, "، "), Photo: c.Photo,
		PhotoCaption: c.PhotoCaption, Base: base}
}

// content is the story content the form stands for.
func (f storyForm) content() news.Content {
	return news.Content{Section: f.Section, Kicker: f.Kicker, Headline: f.Headline, Lead: f.Lead, Source: f.Credit,
		Byline: f.Byline, Body: markup.ToHTML(f.Body), Tags: splitTags(f.Tags), Photo: f.Photo,
		PhotoCaption: f.PhotoCaption}
}

// splitTags reads tags separated by Persian or Latin commas, semicolons
// or line breaks.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '،' || r == ';' || r == '؛' || r == '\n' || r == '\r'
	}) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// tidy returns the form with the «ویرایش متن» action applied to its
// text fields, and what changed, field by field.
func (f storyForm) tidy() (storyForm, []fieldDiff) {
	t := f
	t.Kicker, t.Headline, t.Lead = persian.Tidy(f.Kicker), persian.Tidy(f.Headline), persian.Tidy(f.Lead)
	t.Credit, t.Byline, t.Tags = persian.Tidy(f.Credit), persian.Tidy(f.Byline), persian.Tidy(f.Tags)
	t.PhotoCaption = persian.Tidy(f.PhotoCaption)
	t.Body = markup.FromHTML(persian.TidyHTML(markup.ToHTML(f.Body)))
	return t, diffForms(f, t)
}

// fieldDiff is how one field differs between two versions.
type fieldDiff struct {
	Name   string
	Chunks []textdiff.Chunk
	// Spelling marks a change a reader's search would not notice: only
	// letter forms and ZWNJ.
	Spelling bool
}

// diffForms compares two forms field by field, leaving out the fields
// that are the same.
func diffForms(a, b storyForm) []fieldDiff {
	return diffFields([]fieldPair{
		{"سرویس", a.Section, b.Section}, {"روتیتر", a.Kicker, b.Kicker}, {"تیتر", a.Headline, b.Headline},
		{"لید", a.Lead, b.Lead}, {"منبع", a.Credit, b.Credit}, {"نویسنده", a.Byline, b.Byline},
		{"متن", a.Body, b.Body}, {"برچسب‌ها", a.Tags, b.Tags},
		{"عکس", photoLabel(a.Photo), photoLabel(b.Photo)}, {"زیرنویس عکس", a.PhotoCaption, b.PhotoCaption},
	})
}

// photoLabel names a lead photo in a diff: the start of its id, or
// «بدون عکس».
func photoLabel(id string) string {
	if id == "" {
		return "بدون عکس"
	}
	if len(id) > 12 {
		id = id[:12]
	}
	return "عکس " + id
}

// diffContents compares two story contents, the body as its text.
func diffContents(a, b news.Content) []fieldDiff {
	return diffForms(formOf(a, 0), formOf(b, 0))
}

type fieldPair struct{ name, a, b string }

func diffFields(pairs []fieldPair) []fieldDiff {
	var out []fieldDiff
	for _, p := range pairs {
		if p.a == p.b {
			continue
		}
		out = append(out, fieldDiff{Name: p.name, Chunks: textdiff.Words(p.a, p.b), Spelling: textdiff.Equivalent(p.a, p.b)})
	}
	return out
}

// parseWhen reads the time a story is scheduled for: a Jalali date and
// time in Tehran, as the form shows it, or the browser's
// datetime-local form.
func parseWhen(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("2006-01-02T15:04", s, jalali.Tehran); err == nil {
		return t.UTC(), nil
	}
	t, err := jalali.ParseDateTime(s)
	if err != nil || s == "" {
		return time.Time{}, news.FieldErrorf("at", news.EINVALID, "زمان انتشار را به شکل ۱۴۰۲/۰۸/۰۵ - ۱۰:۳۰ بنویسید")
	}
	return t, nil
}

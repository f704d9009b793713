package ninjs_test

import (
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/ninjs"
)

// A story republished from the wire says where it came from: the
// credited source with the original's address, and a derivedfrom
// association, valid ninjs 2.2, read back as it was written.
func TestOriginRoundTrip(t *testing.T) {
	s := &news.Story{URI: "urn:khabar:story:9", Code: 9, Headline: "آغاز ساخت سه نیروگاه خورشیدی", Source: "ایسنا",
		Section: news.Section{Slug: "economy", Name: "اقتصادی"}, Status: news.StatusPublished,
		Published: time.Date(2023, 10, 26, 13, 0, 0, 0, time.UTC),
		Origin:    &news.Origin{Credit: "ایسنا", Link: "https://isna.example/news/1", Published: time.Date(2023, 10, 26, 9, 45, 0, 0, time.UTC)}}
	b, err := ninjs.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"name":"ایسنا","role":"source","uri":"https://isna.example/news/1"}`,
		`"associations":[{"name":"derivedfrom","uri":"https://isna.example/news/1","type":"text","firstcreated":"2023-10-26T09:45:00Z"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export lacks %s:\n%s", want, b)
		}
	}
	doc, err := ninjs.ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if probs := ninjs.MustValidator("2.2").Validate(doc); len(probs) != 0 {
		t.Errorf("not valid ninjs: %v", probs)
	}
	back, _, err := ninjs.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Origin == nil || *back.Origin != *s.Origin {
		t.Errorf("origin read back as %+v", back.Origin)
	}
	again, _ := ninjs.Encode(back)
	if string(again) != string(b) {
		t.Errorf("second export differs:\n%s\n%s", b, again)
	}
}

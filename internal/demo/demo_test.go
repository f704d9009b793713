package demo

import (
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

var testNow = time.Date(2024, 10, 26, 13, 15, 0, 0, time.UTC)

func TestStories(t *testing.T) {
	stories := Stories(testNow)
	if len(stories) < 14 {
		t.Fatalf("got %d stories, want at least 14", len(stories))
	}
	sections := map[string]bool{}
	uris := map[string]bool{}
	headlines := map[string]bool{}
	for _, s := range stories {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.URI, err)
		}
		if uris[s.URI] {
			t.Errorf("duplicate uri %s", s.URI)
		}
		uris[s.URI] = true
		if headlines[s.Headline] {
			t.Errorf("%s: duplicate headline %q", s.URI, s.Headline)
		}
		headlines[s.Headline] = true
		sections[s.Section.Slug] = true

		if !strings.HasPrefix(s.URI, "urn:khabar:demo:") {
			t.Errorf("%s: uri is not a demo urn", s.URI)
		}
		if !s.Demo || s.Status != news.StatusPublished || s.Language != "fa" {
			t.Errorf("%s: demo=%v status=%q language=%q", s.URI, s.Demo, s.Status, s.Language)
		}
		if s.Lead == "" || s.Section.Name == "" {
			t.Errorf("%s: lead and section name are required", s.URI)
		}
		if s.Source == "خبر" || strings.HasPrefix(s.Lead, "خبر:") {
			t.Errorf("%s: the agency's own story credits «خبر»", s.URI)
		}
		if n := strings.Count(s.Body, "<p>"); n < 3 || n > 6 {
			t.Errorf("%s: %d paragraphs, want 3 to 6", s.URI, n)
		}
		if n := len(s.Tags); n < 2 || n > 4 {
			t.Errorf("%s: %d tags, want 2 to 4", s.URI, n)
		}
		if !strings.ContainsRune(s.Body, '\u200c') {
			t.Errorf("%s: body has no ZWNJ", s.URI)
		}
		for _, text := range append([]string{s.Kicker, s.Headline, s.Lead, s.Body, s.Section.Name}, s.Tags...) {
			if strings.ContainsAny(text, "يك") {
				t.Errorf("%s: Arabic ي or ك in %q", s.URI, text)
			}
		}
		if !s.Published.Before(testNow) {
			t.Errorf("%s: published %v, not before %v", s.URI, s.Published, testNow)
		}
	}
	if len(sections) < 5 {
		t.Errorf("stories cover %d sections, want at least 5", len(sections))
	}
}

func TestStoriesAreDeterministic(t *testing.T) {
	a, b := Stories(testNow), Stories(testNow)
	for i := range a {
		if a[i].URI != b[i].URI || !a[i].Published.Equal(b[i].Published) || a[i].Body != b[i].Body {
			t.Fatalf("story %d differs between calls", i)
		}
	}
	if a[0].Published.Before(a[len(a)-1].Published) {
		t.Error("stories are not newest first")
	}
}

func TestSectionsCoverStories(t *testing.T) {
	known := map[news.Section]bool{}
	for _, s := range Sections() {
		known[s] = true
	}
	for _, s := range Stories(testNow) {
		if !known[s.Section] {
			t.Errorf("%s: section %q missing from Sections()", s.URI, s.Section.Slug)
		}
	}
}

func TestLatinPhraseIsInABody(t *testing.T) {
	for _, s := range Stories(testNow) {
		if strings.Contains(s.Body, LatinPhrase) && strings.Contains(s.Body, LatinNumber) {
			return
		}
	}
	t.Errorf("no story body holds both %q and %q", LatinPhrase, LatinNumber)
}

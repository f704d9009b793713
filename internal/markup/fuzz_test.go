package markup

import (
	"testing"

	"khabar/internal/richtext"
)

// FuzzToHTML checks that ToHTML never panics and always writes a body of
// the promised form, one the body sanitizer leaves as it is.
func FuzzToHTML(f *testing.F) {
	for _, s := range seedTexts() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		body := ToHTML(text)
		if err := checkBody(body); err != nil {
			t.Fatalf("ToHTML(%q) = %q: %v", text, body, err)
		}
		if clean := richtext.Sanitize(body); clean != body {
			t.Fatalf("ToHTML(%q) = %q, sanitized %q", text, body, clean)
		}
	})
}

// FuzzRoundTrip checks that the text FromHTML writes for a body ToHTML
// made reads back to the same body.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range seedTexts() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		body := ToHTML(text)
		edit := FromHTML(body)
		if again := ToHTML(edit); again != body {
			t.Fatalf("round trip of %q\nbody  %q\ntext  %q\nagain %q", text, body, edit, again)
		}
		if FromHTML(ToHTML(edit)) != edit {
			t.Fatalf("FromHTML not stable on %q", edit)
		}
	})
}

// seedTexts are the fuzz targets' seeds besides testdata/fuzz: the inputs
// of the table tests.
func seedTexts() []string {
	var seeds []string
	for _, c := range toHTMLCases {
		seeds = append(seeds, c.in)
	}
	return seeds
}

// FuzzFromHTML checks that FromHTML never panics and, on any HTML, keeps
// every word in order through ToHTML(FromHTML(body)).
func FuzzFromHTML(f *testing.F) {
	for _, c := range storedCases {
		f.Add(c.body)
	}
	for _, c := range importedCases {
		f.Add(c.body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		checkKeepsText(t, body, false)
	})
}

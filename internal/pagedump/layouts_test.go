package pagedump_test

import (
	"strings"
	"testing"

	"khabar/internal/pagedump"
	"khabar/internal/pagedump/layoutset"
)

// Every layout of the set reads with every field right.
func TestLayouts(t *testing.T) {
	cases, err := layoutset.Load("testdata/layouts")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.File, ".txt"), func(t *testing.T) {
			if !pagedump.Looks([]byte(c.Text)) {
				t.Error("Looks = false")
			}
			p, err := pagedump.Parse(c.Text)
			if err != nil {
				t.Fatal(err)
			}
			if _, wrong := layoutset.Check(p, c.Want); len(wrong) > 0 {
				t.Errorf("%s\nparagraphs: %q", strings.Join(wrong, "\n"), p.Paragraphs)
			}
		})
	}
}

// Package layoutset is the set of page-dump layouts the page reader is
// tested and measured on: a dump per layout in
// internal/pagedump/testdata/layouts, and expected.json saying what each
// holds. Tests check every field; the benchmark counts the fields right.
package layoutset

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"khabar/internal/jalali"
	"khabar/internal/pagedump"
)

// Want is what one dump holds.
type Want struct {
	File       string `json:"file"`
	Section    string `json:"section"`
	Kicker     string `json:"kicker"`
	Headline   string `json:"headline"`
	Source     string `json:"source"`
	Byline     string `json:"byline"`
	Lead       string `json:"lead"`
	Paragraphs int    `json:"paragraphs"`
	First      string `json:"first"`
	Code       int64  `json:"code"`
	Date       string `json:"date"` // Jalali, 1403/01/30
	Time       string `json:"time"` // Tehran, 11:31
}

// Case is a dump and what it holds.
type Case struct {
	Want
	Text string
}

// Load reads the set from dir.
func Load(dir string) ([]Case, error) {
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		return nil, err
	}
	var wants []Want
	if err := json.Unmarshal(data, &wants); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "expected.json"), err)
	}
	cases := make([]Case, len(wants))
	for i, w := range wants {
		text, err := os.ReadFile(filepath.Join(dir, w.File))
		if err != nil {
			return nil, err
		}
		cases[i] = Case{Want: w, Text: string(text)}
	}
	return cases, nil
}

// Measured are the fields the benchmark counts: headline, lead,
// paragraph count, first paragraph, code, date and time.
const Measured = 7

// Check compares a page with what it should hold and returns how many of
// the measured fields are right and a line for each field that is wrong,
// measured or not.
func Check(p *pagedump.Page, w Want) (right int, wrong []string) {
	first := ""
	if len(p.Paragraphs) > 0 {
		first = p.Paragraphs[0]
	}
	date := jalali.FromTime(p.Published).String()
	clock := p.Published.In(jalali.Tehran).Format("15:04")
	measured := []struct {
		name      string
		got, want any
	}{
		{"headline", p.Headline, w.Headline},
		{"lead", p.Lead, w.Lead},
		{"paragraphs", len(p.Paragraphs), w.Paragraphs},
		{"first paragraph", first, w.First},
		{"code", p.Code, w.Code},
		{"date", date, w.Date},
		{"time", clock, w.Time},
	}
	for _, f := range measured {
		if f.got == f.want {
			right++
		} else {
			wrong = append(wrong, fmt.Sprintf("%s = %q, want %q", f.name, fmt.Sprint(f.got), fmt.Sprint(f.want)))
		}
	}
	for _, f := range []struct{ name, got, want string }{
		{"section", p.Section, w.Section}, {"kicker", p.Kicker, w.Kicker},
		{"source", p.Source, w.Source}, {"byline", p.Byline, w.Byline},
	} {
		if f.got != f.want {
			wrong = append(wrong, fmt.Sprintf("%s = %q, want %q", f.name, f.got, f.want))
		}
	}
	return right, wrong
}

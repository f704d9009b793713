package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"khabar/internal/news"
)

func TestParsePage(t *testing.T) {
	tests := []struct {
		query string
		page  int
		code  string
	}{
		{"", 1, ""},
		{"page=3", 3, ""},
		{"page=" + url.QueryEscape("۳"), 3, ""},
		{"page=0", 0, news.EINVALID},
		{"page=-2", 0, news.EINVALID},
		{"page=abc", 0, news.EINVALID},
		{"page=2.5", 0, news.EINVALID},
		{"page=100001", 0, news.ENOTFOUND},
		{"page=99999999999999999999999", 0, news.ENOTFOUND},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/section/x?"+tt.query, nil)
		page, err := parsePage(r)
		if page != tt.page || news.ErrorCode(err) != tt.code {
			t.Errorf("parsePage(%q) = %d, %v; want %d, code %q", tt.query, page, err, tt.page, tt.code)
		}
		// What the reader is told is in Persian.
		if err != nil && !strings.ContainsFunc(news.ErrorMessage(err), func(r rune) bool { return r >= 0x600 && r <= 0x6ff }) {
			t.Errorf("parsePage(%q) says %q", tt.query, news.ErrorMessage(err))
		}
	}
}

func TestPager(t *testing.T) {
	u, _ := url.Parse("/search?q=%D8%AE%D8%A8%D8%B1&page=5")
	p := newPager(u, 5, 200, 20)
	if p.PrevURL != "/search?page=4&q=%D8%AE%D8%A8%D8%B1" || p.NextURL != "/search?page=6&q=%D8%AE%D8%A8%D8%B1" {
		t.Errorf("prev %q next %q", p.PrevURL, p.NextURL)
	}
	var shown []int
	for _, l := range p.Links {
		if l.Gap {
			shown = append(shown, 0)
		} else {
			shown = append(shown, l.N)
		}
	}
	want := []int{1, 0, 3, 4, 5, 6, 7, 0, 10}
	if len(shown) != len(want) {
		t.Fatalf("links %v, want %v", shown, want)
	}
	for i := range want {
		if shown[i] != want[i] {
			t.Fatalf("links %v, want %v", shown, want)
		}
	}
	if newPager(u, 1, 20, 20) != nil {
		t.Error("a single page has a pager")
	}
	first := newPager(u, 2, 30, 20)
	if first.PrevURL != "/search?q=%D8%AE%D8%A8%D8%B1" {
		t.Errorf("page 1 URL %q keeps page=1", first.PrevURL)
	}
}

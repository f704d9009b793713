package web

import "testing"

func TestHighlight(t *testing.T) {
	tests := []struct {
		text  string
		terms []string
		want  string
	}{
		{"وزیر ارتباطات عمان", []string{"ارتباط"}, "وزیر <mark>ارتباطات</mark> عمان"},
		{"گروه‌های کارشناسی", []string{"گروه"}, "<mark>گروه‌های</mark> کارشناسی"},
		{"گروههای کارشناسی", []string{"گروه"}, "<mark>گروههای</mark> کارشناسی"},
		{"رئیس جمهور", []string{"رییس"}, "<mark>رئیس</mark> جمهور"},
		{"كتاب عربي", []string{"کتاب"}, "<mark>كتاب</mark> عربي"},
		{"<b>خبر</b> & «خبر»", []string{"خبر"}, "&lt;b&gt;<mark>خبر</mark>&lt;/b&gt; &amp; «<mark>خبر</mark>»"},
		{"بدون تطابق", []string{"ایران"}, "بدون تطابق"},
		{"بدون واژه", nil, "بدون واژه"},
		{"bad \xff utf8 خبر", []string{"خبر"}, "bad \uFFFD utf8 <mark>خبر</mark>"},
	}
	for _, tt := range tests {
		if got := string(highlight(tt.text, tt.terms)); got != tt.want {
			t.Errorf("highlight(%q, %q) = %q, want %q", tt.text, tt.terms, got, tt.want)
		}
	}
}

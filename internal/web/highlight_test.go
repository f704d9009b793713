package web

import (
	"strings"
	"testing"
)

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

func TestSnippet(t *testing.T) {
	filler := func(n int) string { return strings.TrimSpace(strings.Repeat("متن ساده ", n/2)) }
	tests := []struct {
		name       string
		lead, body string
		terms      []string
		want       []string // in the snippet, in order
		absent     []string
		words      int // how many words it shows
	}{
		{
			name: "short text whole", lead: "رئیس اتحادیه گفت.", body: "<p>بازار آرام است.</p>",
			terms: []string{"رییس"}, want: []string{"<mark>رئیس</mark> اتحادیه گفت. بازار آرام است."}, absent: []string{"…"}, words: 6,
		},
		{
			name: "window around the match", lead: filler(100), body: "<p>" + "رئیس اتحادیه " + filler(100) + "</p>",
			terms: []string{"رییس", "اتحادیه"}, want: []string{"… ", "متن ساده <mark>رئیس</mark> <mark>اتحادیه</mark> متن", " …"}, words: snippetWords,
		},
		{
			name: "most distinct terms win", lead: "بازار " + filler(60), body: "<p>" + filler(60) + " بازار و قیمت برنج " + filler(60) + "</p>",
			terms: []string{"بازار", "قیمت"}, want: []string{"<mark>بازار</mark> و <mark>قیمت</mark> برنج"}, words: snippetWords,
		},
		{
			name: "spellings differ", lead: "كتاب‌های تازه در نمایشگاه", body: "",
			terms: []string{"کتاب"}, want: []string{"<mark>كتاب‌های</mark> تازه"},
		},
		{
			name: "no match shows the start", lead: "آغاز خبر " + filler(60), body: "",
			terms: []string{"زلزله"}, want: []string{"آغاز خبر متن", " …"}, absent: []string{"<mark>", "… آغاز"}, words: snippetWords,
		},
		{
			name: "a body that opens with the lead", lead: "رئیس اتحادیه گفت.", body: "<p>رئیس اتحادیه گفت.</p><p>بازار آرام است.</p>",
			terms: []string{"اتحادیه"}, want: []string{"رئیس <mark>اتحادیه</mark> گفت. بازار"}, words: 6,
		},
		{
			name: "markup stripped and escaped", lead: "", body: "<p>نان &amp; <b>پنیر</b></p>\n<p>&lt;script&gt;</p>",
			terms: []string{"پنیر"}, want: []string{"نان &amp; <mark>پنیر</mark> &lt;script&gt;"}, absent: []string{"<b>", "<p>"},
		},
	}
	for _, tt := range tests {
		got := string(snippet(tt.lead, tt.body, tt.terms))
		at := 0
		for _, w := range tt.want {
			i := strings.Index(got[at:], w)
			if i < 0 {
				t.Errorf("%s: snippet lacks %q (in order):\n%s", tt.name, w, got)
				break
			}
			at += i + len(w)
		}
		for _, bad := range tt.absent {
			if strings.Contains(got, bad) {
				t.Errorf("%s: snippet has %q:\n%s", tt.name, bad, got)
			}
		}
		if n := len(wordSpans(plainText(got))); tt.words > 0 && n != tt.words {
			t.Errorf("%s: %d words, want %d:\n%s", tt.name, n, tt.words, got)
		}
	}
}

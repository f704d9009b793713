package richtext

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFromText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"بند یک\r\n\r\n  بند دو & سه  \rبند چهار\n", "<p>بند یک</p><p>بند دو &amp; سه</p><p>بند چهار</p>"},
		{"<b>نه برچسب</b>", "<p>&lt;b&gt;نه برچسب&lt;/b&gt;</p>"},
		{"«نقل» و 'تک'", "<p>«نقل» و &#39;تک&#39;</p>"},
		{" \n\t\n", ""},
	}
	for _, tt := range tests {
		got := FromText(tt.in)
		if got != tt.want {
			t.Errorf("FromText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if Sanitize(got) != got {
			t.Errorf("FromText(%q) = %q is not in sanitized form", tt.in, got)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p><b>لید</b>&nbsp;خبر</p><script>x</script><p>دوم &amp; سوم</p>", "لید خبر دوم & سوم"},
		{"<style>p{}</style>تیتر <i>کج</i>", "تیتر کج"},
		{"<svg><text>پنهان</text></svg>پیدا", "پیدا"},
		{"<svg/>پیدا", "پیدا"},
		{"<script/>alert(1)</script>پیدا", "پیدا"},
		{"سطر<br>سطر<li>بند", "سطر سطر بند"},
		{"<!-- یادداشت -->متن", "متن"},
		{"۲ < ۳", "۲ < ۳"},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Text reads sanitized bodies as HTMLToText does, faster.
func TestText(t *testing.T) {
	bodies := []string{
		"<p><b>لید</b>&nbsp;خبر</p><p>دوم &amp; سوم</p>",
		"<p>بند <a href=\"https://example.ir/\">پیوند</a> یک</p><ul><li>اول</li><li>دوم</li></ul>",
		"<h2>عنوان</h2><p>متن<br>سطر دوم</p>",
		"<blockquote><p>نقل   قول</p></blockquote>",
		"<p>الف&#13;ب</p><P>ج</P>",
		"متن ساده بی‌برچسب",
		"",
	}
	for _, b := range bodies {
		clean := Sanitize(b)
		if got, want := Text(clean), HTMLToText(clean); got != want {
			t.Errorf("Text(%q) = %q, want %q", clean, got, want)
		}
	}
	if got, want := Text("<h2>عنوان</h2><p>متن <b>پررنگ</b>.</p>"), "عنوان متن پررنگ."; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

// spaceAt finds every white-space character unicode.IsSpace knows, and
// nothing else.
func TestSpaceAt(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := "ب" + string(r)
		i, n := spaceAt(s)
		if want := unicode.IsSpace(r); want != (i == len("ب")) || want && n != utf8.RuneLen(r) {
			t.Fatalf("spaceAt(%q) = %d, %d; unicode.IsSpace(%U) = %v", s, i, n, r, want)
		}
	}
}

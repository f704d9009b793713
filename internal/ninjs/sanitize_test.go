package ninjs

import (
	"strings"
	"testing"
)

func TestSanitizeHTML(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain paragraphs", "<p>سلام</p><p>دنیا</p>", "<p>سلام</p><p>دنیا</p>"},
		{"upper case and attributes", `<P CLASS="x" style="color:red">متن</P>`, "<p>متن</p>"},
		{"inline kept", "<p><b>الف</b> <strong>ب</strong> <i>پ</i> <em>ت</em><br/>ث</p>", "<p><b>الف</b> <strong>ب</strong> <i>پ</i> <em>ت</em><br>ث</p>"},
		{"script dropped with content", "<p>الف<script>alert('x')</script>ب</p>", "<p>الفب</p>"},
		{"style dropped", "<style>p{}</style><p>متن</p>", "<p>متن</p>"},
		{"script end tag case", "<SCRIPT>a</ScRiPt >متن", "متن"},
		{"unterminated script", "متن<script>alert(1)", "متن"},
		{"event handler", `<p onclick="alert(1)">متن</p>`, "<p>متن</p>"},
		{"javascript link", `<a href="javascript:alert(1)">پیوند</a>`, "پیوند"},
		{"javascript with spaces", `<a href=" JaVaScRiPt:alert(1)">پیوند</a>`, "پیوند"},
		{"javascript with tab", "<a href=\"java\tscript:alert(1)\">پیوند</a>", "پیوند"},
		{"entity-encoded javascript", `<a href="&#106;avascript:alert(1)">پیوند</a>`, "پیوند"},
		{"relative link", `<a href="/news/1">پیوند</a>`, "پیوند"},
		{"http link", `<a href="http://example.org/a?b=1&amp;c=2" target=_blank>پیوند</a>`, `<a href="http://example.org/a?b=1&amp;c=2">پیوند</a>`},
		{"quote in href", `<a href='https://example.org/"onmouseover="x'>پیوند</a>`, `<a href="https://example.org/&#34;onmouseover=&#34;x">پیوند</a>`},
		{"other tags dropped, text kept", `<div><span>الف</span><img src=x onerror=alert(1)>ب</div>`, "الفب"},
		{"unclosed inline closed", "<p><b>الف</p><p>ب</p>", "<p><b>الف</b></p><p>ب</p>"},
		{"stray end tags", "</b>الف</p>", "الف"},
		{"p inside p", "<p>الف<p>ب", "<p>الف</p><p>ب</p>"},
		{"block inside inline", "<b>الف<p>ب</p></b>", "<b>الف</b><p>ب</p>"},
		{"lists", "<ul><li>الف<li>ب</ul><li>ج</li>", "<ul><li>الف</li><li>ب</li></ul>ج"},
		{"nested lists", "<ol><li>الف<ul><li>ب</li></ul></li></ol>", "<ol><li>الف<ul><li>ب</li></ul></li></ol>"},
		{"headings and quote", "<h1>الف</h1><h2>ب</h2><blockquote><p>ج</p></blockquote>", "الف<h2>ب</h2><blockquote><p>ج</p></blockquote>"},
		{"nested links", `<a href="http://a.example/">الف<a href="http://b.example/">ب</a></a>`, `<a href="http://a.example/">الف</a><a href="http://b.example/">ب</a>`},
		{"comments", "الف<!-- <script>x</script> -->ب<!-- unterminated", "الفب"},
		{"doctype", "<!DOCTYPE html><p>متن</p>", "<p>متن</p>"},
		{"text escaped once", "الف &amp; ب & ج &lt;د&gt; \"ه\"", "الف &amp; ب &amp; ج &lt;د&gt; &#34;ه&#34;"},
		{"lone less-than", "۲ < ۳ و ۵ <= ۶", "۲ &lt; ۳ و ۵ &lt;= ۶"},
		{"greater-than in attribute", `<p title="a>b">متن</p>`, "<p>متن</p>"},
		{"unterminated tag", `متن<p class="x`, "متن"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SanitizeHTML(tt.in)
			if got != tt.want {
				t.Errorf("SanitizeHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := SanitizeHTML(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestSanitizeNeverLeaksScript(t *testing.T) {
	for _, in := range []string{
		"<scr<script>ipt>alert(1)</script>",
		"<<script>script>alert(1)<</script>/script>",
		`<a href="https://x.example/" onclick="alert(1)">x</a>`,
		`<svg><script>alert(1)</script></svg>`,
		`<iframe src="javascript:alert(1)"></iframe>`,
		"<p\n onmouseover=alert(1)>x</p>",
	} {
		out := SanitizeHTML(in)
		lower := strings.ToLower(out)
		for _, bad := range []string{"<script", "<svg", "<iframe", "onclick", "onmouseover=", "javascript:"} {
			if strings.Contains(lower, bad) && !strings.Contains(lower, "&lt;") {
				t.Errorf("SanitizeHTML(%q) = %q contains %s", in, out, bad)
			}
		}
		if again := SanitizeHTML(out); again != out {
			t.Errorf("not idempotent: %q → %q", out, again)
		}
	}
}

func TestSanitizeIdempotentOnCorpus(t *testing.T) {
	for i, line := range corpusLines(t) {
		s, _, err := Decode(line)
		if err != nil {
			t.Fatal(err)
		}
		if again := SanitizeHTML(s.Body); again != s.Body {
			t.Fatalf("line %d: sanitizing twice changes the body", i+1)
		}
	}
}

func TestTextToHTML(t *testing.T) {
	got := TextToHTML("بند یک\r\n\r\n  بند دو & سه  \rبند چهار\n")
	want := "<p>بند یک</p><p>بند دو &amp; سه</p><p>بند چهار</p>"
	if got != want {
		t.Errorf("TextToHTML = %q, want %q", got, want)
	}
}

func TestHTMLToText(t *testing.T) {
	got := HTMLToText("<p><b>لید</b>&nbsp;خبر</p><script>x</script><p>دوم &amp; سوم</p>")
	if want := "لید خبر دوم & سوم"; got != want {
		t.Errorf("HTMLToText = %q, want %q", got, want)
	}
}

// BodyText reads sanitized bodies as HTMLToText does, faster.
func TestBodyText(t *testing.T) {
	bodies := []string{
		"<p><b>لید</b>&nbsp;خبر</p><p>دوم &amp; سوم</p>",
		"<p>بند <a href=\"https://example.ir/\">پیوند</a> یک</p><ul><li>اول</li><li>دوم</li></ul>",
		"<h2>عنوان</h2><p>متن<br>سطر دوم</p>",
		"<blockquote><p>نقل   قول</p></blockquote>",
		"متن ساده بی‌برچسب",
		"",
	}
	for _, b := range bodies {
		clean := SanitizeHTML(b)
		if got, want := BodyText(clean), HTMLToText(clean); got != want {
			t.Errorf("BodyText(%q) = %q, want %q", clean, got, want)
		}
	}
}

func TestBodyTextCorpus(t *testing.T) {
	for i, line := range corpusLines(t) {
		s, _, err := Decode(line)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := BodyText(s.Body), HTMLToText(s.Body); got != want {
			t.Fatalf("line %d: BodyText and HTMLToText differ:\n%q\n%q", i+1, got, want)
		}
	}
}

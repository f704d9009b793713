package richtext

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
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
		// The address is written the one way net/url writes it, as
		// bluemonday does: the quotes inside it become %22.
		{"quote in href", `<a href='https://example.org/"onmouseover="x'>پیوند</a>`, `<a href="https://example.org/%22onmouseover=%22x">پیوند</a>`},
		{"other tags dropped, text kept", `<div><span>الف</span><img src=x onerror=alert(1)>ب</div>`, "الفب"},
		// A <b> left open in one paragraph goes on in the next: browsers
		// re-open it there, and so does the HTML5 parser.
		{"unclosed inline closed", "<p><b>الف</p><p>ب</p>", "<p><b>الف</b></p><p><b>ب</b></p>"},
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
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if err := checkSanitized(got); err != nil {
				t.Error(err)
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
		out := Sanitize(in)
		lower := strings.ToLower(out)
		for _, bad := range []string{"<script", "<svg", "<iframe", "onclick", "onmouseover=", "javascript:"} {
			if strings.Contains(lower, bad) && !strings.Contains(lower, "&lt;") {
				t.Errorf("Sanitize(%q) = %q contains %s", in, out, bad)
			}
		}
		if err := checkSanitized(out); err != nil {
			t.Errorf("Sanitize(%q) = %q: %v", in, out, err)
		}
	}
}

// The body keeps the shape the rules give it, whatever shape came in.
func TestSanitizeStructure(t *testing.T) {
	deep := strings.Repeat("<blockquote>", 70) + "ژرف" + strings.Repeat("</blockquote>", 70)
	tests := []struct{ name, in, want string }{
		{"empty elements dropped", "<p></p><b></b><ul><li></li></ul><p>متن</p>", "<p>متن</p>"},
		{"white space is content", "<p> </p>", "<p> </p>"},
		{"br keeps its paragraph", "<p><br></p>", "<p><br></p>"},
		{"bold in bold", "<b>الف<b>ب</b>پ</b>", "<b>الفبپ</b>"},
		{"bold in strong kept", "<strong>الف<b>ب</b></strong>", "<strong>الف<b>ب</b></strong>"},
		{"heading in heading", "<h2>الف<h3>ب</h3></h2>", "<h2>الف</h2><h3>ب</h3>"},
		{"list in paragraph", "<p>الف<ul><li>ب</li></ul>", "<p>الف</p><ul><li>ب</li></ul>"},
		{"item outside a list", "<li>الف</li>", "الف"},
		{"item in a quote in an item", "<ul><li>الف<blockquote><li>ب</li></blockquote></li></ul>", "<ul><li>الف</li><li>ب</li></ul>"},
		{"item inside bold in a list", "<ul><b>الف<li>ب</ul>", "<ul><b>الف</b><li>ب</li></ul>"},
		{"link around a paragraph", `<a href="https://a.example/"><p>متن</p></a>`, "<p>متن</p>"},
		{"table text kept", "<table><tr><td>الف</td><td>ب</td></tr></table>", "الفب"},
		{"h1 inside a paragraph", "<p>الف<h1>ب</h1>پ</p>", "<p>الف</p>بپ"},
		{"depth cap", deep, strings.Repeat("<blockquote>", maxDepth) + "ژرف" + strings.Repeat("</blockquote>", maxDepth)},
		{"deeper than the parser", strings.Repeat("<div>", 600) + "ژرف <b>و</b> دور", "<p>ژرف و دور</p>"},
		{"nul", "<p>ال\x00ف</p>", "<p>الف</p>"},
		{"nul reference", "<p>ال&#0;ف</p>", "<p>ال\uFFFDف</p>"},
		{"invalid utf-8", "<p>ال\xffف</p>", "<p>ال\uFFFDف</p>"},
		{"carriage return reference", "<p>الف&#13;ب</p>", "<p>الف&#13;ب</p>"},
		{"persian address", `<a href="https://fa.example/خبر">خبر</a>`, `<a href="https://fa.example/%D8%AE%D8%A8%D8%B1">خبر</a>`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%.80q)\n got %.200q\nwant %.200q", tt.in, got, tt.want)
			}
			if err := checkSanitized(got); err != nil {
				t.Error(err)
			}
		})
	}
}

// Our photos are kept as one figure each, in the one form a body holds
// them; other images, and figures of them, are not.
func TestSanitizeFigures(t *testing.T) {
	id := strings.Repeat("ab", 32)
	img := `<img src="/media/` + id + `.jpg" alt="`
	tests := []struct{ name, in, want string }{
		{"canonical", Figure(id, "بازار تهران"), `<figure>` + img + `بازار تهران"><figcaption>بازار تهران</figcaption></figure>`},
		{"no caption", `<figure><img src="/media/` + id + `.jpg"></figure>`, `<figure>` + img + `"></figure>`},
		{"alt becomes the caption", `<figure><img alt=" عکس  خبر " src="/media/` + id + `.jpg"></figure>`,
			`<figure>` + img + `عکس خبر"><figcaption>عکس خبر</figcaption></figure>`},
		{"a rendition's address names the photo", `<figure><img src="/media/` + id + `/640.webp"><figcaption>زیر <b>نویس</b></figcaption></figure>`,
			`<figure>` + img + `زیر نویس"><figcaption>زیر نویس</figcaption></figure>`},
		{"ends a paragraph", `<p>الف<figure><img src="/media/` + id + `.jpg"></figure>ب</p>`, `<p>الف</p><figure>` + img + `"></figure>ب`},
		{"caption escaped", `<figure><img src="/media/` + id + `.jpg"><figcaption>"نقل" &amp; <script>x</script>قول</figcaption></figure>`,
			`<figure>` + img + `&#34;نقل&#34; &amp; قول"><figcaption>&#34;نقل&#34; &amp; قول</figcaption></figure>`},
		{"another site's image", `<figure><img src="https://example.org/a.jpg"><figcaption>بیگانه</figcaption></figure>`, "بیگانه"},
		{"a script address", `<figure><img src="javascript:alert(1)" onerror="alert(1)"><figcaption>الف</figcaption></figure>`, "الف"},
		{"a lookalike address", `<figure><img src="/media/` + id + `.jpg.svg"></figure>`, ""},
		{"an image alone", `<p>الف<img src="/media/` + id + `.jpg">ب</p>`, "<p>الفب</p>"},
		{"in a list, its text only", `<ul><li><figure><img src="/media/` + id + `.jpg" alt="ب"><figcaption>الف</figcaption></figure></li></ul>`, "<ul><li>الف</li></ul>"},
		{"a caption alone", "<figcaption>الف</figcaption>", "الف"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if err := checkSanitized(got); err != nil {
				t.Error(err)
			}
		})
	}
}

package markup

import "testing"

// storedCases are bodies ToHTML writes, with the text FromHTML gives.
var storedCases = []struct{ name, body, want string }{
	{"paragraph", "<p>سلام</p>", "سلام"},
	{"paragraphs", "<p>بند اول</p><p>بند دوم</p>", "بند اول\n\nبند دوم"},
	{"line break", "<p>خط اول<br>خط دوم</p>", "خط اول\nخط دوم"},
	{"bold and italic", "<p><b>درشت</b> و <i>کج</i></p>", "**درشت** و *کج*"},
	{"bold italic", "<p><b><i>هر دو</i></b></p>", "***هر دو***"},
	{"bold with ZWNJ and punctuation", "<p>«<b>کتاب‌ها</b>،»</p>", "«**کتاب‌ها**،»"},
	{"asterisks and brackets escaped", "<p>۲*۳ و [یادداشت]</p>", `۲\*۳ و \[یادداشت\]`},
	{"backslash kept where harmless", `<p>¯\_(ツ)_/¯</p>`, `¯\_(ツ)_/¯`},
	{"backslash doubled where it would escape", `<p>\* و پایان\</p>`, `\\\* و پایان\\`},
	{"dash at line start", "<p>- منفی</p>", `\- منفی`},
	{"bullet at line start", "<p>• نقطه</p>", `\• نقطه`},
	{"hash at line start", "<p>## شماره</p>", `\## شماره`},
	{"greater-than at line start", "<p>&gt; بزرگ‌تر</p>", `\> بزرگ‌تر`},
	{"lone greater-than", "<p>&gt;</p>", `\>`},
	{"number at line start", "<p>۱۴۰۲. سال</p>", `۱۴۰۲\. سال`},
	{"number with parenthesis", "<p>2) دوم</p>", `2\) دوم`},
	{"marker after a line break", "<p>الف<br>- ب</p>", "الف\n\\- ب"},
	{"markers inside a line stay", "<p>الف - ب # ج &gt; د</p>", "الف - ب # ج > د"},
	{"entities decoded", "<p>&#34;نقل&#34; &amp; &#39;قول&#39; &lt;b&gt;</p>", `"نقل" & 'قول' <b>`},
	{"link", `<p><a href="https://example.ir/s?q=1&amp;p=2">پیوند</a></p>`, "[پیوند](https://example.ir/s?q=1&p=2)"},
	{"link text with brackets", `<p><a href="https://example.ir">گزارش [ویژه]</a></p>`, `[گزارش \[ویژه\]](https://example.ir)`},
	{"bullet list", "<ul><li>یک</li><li>دو</li></ul>", "- یک\n- دو"},
	{"numbered list", "<ol><li>یک</li><li>دو</li></ol>", "۱. یک\n۲. دو"},
	{"item starting with a marker", "<ul><li>- یک</li></ul>", "- - یک"},
	{"headings", "<h2>تیتر</h2><h3>تیتر کوچک</h3><p>متن</p>", "## تیتر\n\n### تیتر کوچک\n\nمتن"},
	{"heading starting with a hash", "<h2># یک</h2>", "## # یک"},
	{"quote", "<blockquote><p>بند اول</p><p>خط<br>دوم</p></blockquote>", "> بند اول\n>\n> خط\n> دوم"},
	{"quote line starting with a marker", "<blockquote><p>&gt; درون</p></blockquote>", "> > درون"},
	{"adjacent lists", "<ul><li>یک</li></ul><ul><li>دو</li></ul>", "- یک\n\n- دو"},
	{"bold split around italic", "<p><i>الف</i><b><i>ب</i></b><i>ج</i></p>", "*الف****ب****ج*"},
	{"photo", "<p>الف</p>" + testFigure("بازار «تهران»") + "<p>ب</p>", "الف\n\n![بازار «تهران»](photo:" + testPhoto + ")\n\nب"},
	{"photo without caption", testFigure(""), "![](photo:" + testPhoto + ")"},
	{"text that reads as a photo is escaped", "<p>![عکس](photo:" + testPhoto + ")</p>", `!\[عکس\](photo:` + testPhoto + ")"},
}

// importedCases are bodies from elsewhere that the markup cannot spell as
// they are, with the text FromHTML gives.
var importedCases = []struct{ name, body, want string }{
	{"strong and em", "<p><strong>درشت</strong> <em>کج</em></p>", "**درشت** *کج*"},
	{"nested list", "<ul><li>یک<ul><li>دو</li><li>سه</li></ul></li><li>چهار</li></ul>", "- یک\n- دو\n- سه\n- چهار"},
	{"text after a nested list", "<ol><li>یک<ul><li>دو</li></ul>سه</li></ol>", "۱. یک\n۲. دو\n۳. سه"},
	{"link in heading", `<h2><a href="https://example.ir">تیتر</a> خبر</h2>`, "## [تیتر](https://example.ir) خبر"},
	{"nbsp", "<p>خبر&nbsp;فوری</p>", "خبر\u00a0فوری"},
	{"br run", "<p>الف<br><br><br>ب</p>", "الف\n\nب"},
	{"br at the edges", "<p><br>الف<br></p>", "الف"},
	{"br in heading and item", "<h2>الف<br>ب</h2><ul><li>ج<br>د</li></ul>", "## الف ب\n\n- ج د"},
	{"empty paragraphs", "<p></p><p> </p><p>&nbsp;</p><p>الف</p>", "الف"},
	{"text outside paragraphs", "الف<p>ب</p>ج", "الف\n\nب\n\nج"},
	{"paragraphs in an item", "<ul><li><p>الف</p><p>ب</p></li></ul>", "- الف ب"},
	{"list in a quote", "<blockquote><ul><li>الف</li><li>ب</li></ul></blockquote>", "> الف\n> ب"},
	{"heading in a quote", "<blockquote><h2>الف</h2>ب</blockquote>", "> الف\n>\n> ب"},
	{"nested quote", "<blockquote><p>الف</p><blockquote><p>ب</p></blockquote></blockquote>", "> الف\n>\n> ب"},
	{"spaces inside bold", "<p><b> الف </b>ب</p>", "**الف** ب"},
	{"empty bold", "<p>الف<b></b><i> </i>ب</p>", "الف ب"},
	{"bold in bold", "<p><b>الف <strong>ب</strong></b></p>", "**الف ب**"},
	{"bold in italic inside a word", "<p><em>الف<strong>ب</strong>ج</em></p>", "*الف****ب****ج*"},
	{"bold in italic after a space", "<p><i>الف <b>ب</b></i></p>", "*الف **ب***"},
	{"italic starting with bold", "<p><i><b>الف</b> ب</i></p>", "***الف*** *ب*"},
	{"neighbouring bolds", "<p><b>الف</b><b>ب</b></p>", "**الفب**"},
	{"bold across a line break", "<p><b>الف<br>ب</b></p>", "**الف**\n**ب**"},
	{"line feed in text", "<p>الف\nب</p>", "الف ب"},
	{"address with space and parentheses", `<p><a href="https://example.ir/a b(c)">پیوند</a></p>`, "[پیوند](https://example.ir/a%20b%28c%29)"},
	{"javascript link keeps its text", `<p><a href="javascript:alert(1)">پیوند</a></p>`, "پیوند"},
	{"relative link keeps its text", `<p><a href="/news/1">پیوند</a></p>`, "پیوند"},
	{"link inside link", `<p><a href="https://a.example">الف<a href="https://b.example">ب</a></a></p>`, "[الف](https://a.example)[ب](https://b.example)"},
	{"empty link", `<p>الف<a href="https://example.ir"></a></p>`, "الف"},
	{"unknown tags", "<div><p><span>الف</span><u>ب</u></p></div>", "الفب"},
	{"script and style dropped", "<style>p{}</style><p>الف<script>x()</script></p>", "الف"},
	{"comment", "<p>الف<!-- یادداشت --></p>", "الف"},
	{"upper case", `<P><A HREF="https://example.ir">الف</A></P>`, "[الف](https://example.ir)"},
	{"item outside a list", "<li>الف</li><li>ب</li>", "الف\n\nب"},
	{"stray end tag", "الف</p>ب", "الف\nب"},
	{"unclosed elements", "<p><b>الف", "**الف**"},
	{"cut-off tag", "<p>الف</p><p class=\"x", "الف"},
	{"lone less-than", "<p>۲ < ۳</p>", "۲ < ۳"},
	{"figure of a rendition", `<figure><img src="/media/` + testPhoto + `/640.webp"><figcaption>زیر <b>نویس</b></figcaption></figure>`,
		"![زیر نویس](photo:" + testPhoto + ")"},
	{"figure of another site's image", `<figure><img src="https://example.ir/a.jpg"><figcaption>بیگانه</figcaption></figure>`, "بیگانه"},
	{"photo in a list keeps its text", `<ul><li>الف<figure><img src="/media/` + testPhoto + `.jpg"><figcaption>ب</figcaption></figure></li></ul>`, "- الف ب"},
	{"image outside a figure", `<p>الف<img src="/media/` + testPhoto + `.jpg" alt="x">ب</p>`, "الفب"},
}

func TestFromHTML(t *testing.T) {
	for _, c := range storedCases {
		t.Run(c.name, func(t *testing.T) {
			if got := FromHTML(c.body); got != c.want {
				t.Errorf("FromHTML(%q)\n got %q\nwant %q", c.body, got, c.want)
			}
			if got := ToHTML(c.want); got != c.body {
				t.Errorf("ToHTML(%q)\n got %q\nwant %q", c.want, got, c.body)
			}
		})
	}
}

func TestFromHTMLImported(t *testing.T) {
	for _, c := range importedCases {
		t.Run(c.name, func(t *testing.T) {
			if got := FromHTML(c.body); got != c.want {
				t.Errorf("FromHTML(%q)\n got %q\nwant %q", c.body, got, c.want)
			}
			checkKeepsText(t, c.body, true)
		})
	}
}

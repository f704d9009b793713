package markup

import (
	"strings"
	"testing"
)

// testPhoto is a photo id, for photo lines.
var testPhoto = strings.Repeat("5e", 32)

// testFigure is the body of testPhoto with a caption.
func testFigure(caption string) string {
	c := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(caption)
	out := `<figure><img src="/media/` + testPhoto + `.jpg" alt="` + c + `">`
	if caption != "" {
		out += "<figcaption>" + c + "</figcaption>"
	}
	return out + "</figure>"
}

// toHTMLCases are the rules of the markup, one case each; they also seed
// the fuzz targets.
var toHTMLCases = []struct{ name, in, want string }{
	// Paragraphs and lines.
	{"paragraph", "سلام", "<p>سلام</p>"},
	{"two paragraphs", "بند اول\n\nبند دوم", "<p>بند اول</p><p>بند دوم</p>"},
	{"several blank lines", "بند اول\n\n\n \t\nبند دوم", "<p>بند اول</p><p>بند دوم</p>"},
	{"line break", "خط اول\nخط دوم", "<p>خط اول<br>خط دوم</p>"},
	{"CRLF", "خط اول\r\nخط دوم\r\n\r\nبند دوم", "<p>خط اول<br>خط دوم</p><p>بند دوم</p>"},
	{"CR", "خط اول\rخط دوم\r\rبند دوم", "<p>خط اول<br>خط دوم</p><p>بند دوم</p>"},
	{"blank lines and spaces at the ends", "\n\n  متن خبر   \n \n", "<p>متن خبر</p>"},
	{"spaces inside kept", "دو  فاصله", "<p>دو  فاصله</p>"},
	{"empty", "", ""},
	{"blank", " \n\t\n\u00a0", ""},
	{"control characters dropped", "خبر\x00\x07 فوری\x1b", "<p>خبر فوری</p>"},
	{"vertical tab and form feed are spaces", "خبر\vفوری\fامروز", "<p>خبر فوری امروز</p>"},
	{"invalid UTF-8", "خبر\xff", "<p>خبر\uFFFD</p>"},
	{"mixed RTL and LTR", "سازمان ملل (UN) در New York", "<p>سازمان ملل (UN) در New York</p>"},
	{"bidi marks kept", "\u200fنسخه 2.0\u200f", "<p>\u200fنسخه 2.0\u200f</p>"},

	// Emphasis.
	{"bold", "**درشت**", "<p><b>درشت</b></p>"},
	{"italic", "*کج*", "<p><i>کج</i></p>"},
	{"bold and italic", "***هر دو***", "<p><b><i>هر دو</i></b></p>"},
	{"bold with ZWNJ", "**کتاب‌ها**", "<p><b>کتاب‌ها</b></p>"},
	{"Persian punctuation around bold", "«**تهران**،»", "<p>«<b>تهران</b>،»</p>"},
	{"inside a word", "کتاب**ها**ی تازه", "<p>کتاب<b>ها</b>ی تازه</p>"},
	{"italic inside bold", "**خبر *فوری* امروز**", "<p><b>خبر <i>فوری</i> امروز</b></p>"},
	{"bold inside italic", "*خبر **فوری** امروز*", "<p><i>خبر <b>فوری</b> امروز</i></p>"},
	{"bold closed inside bold-italic", "***خبر** فوری*", "<p><b><i>خبر</i></b> <i>فوری</i></p>"},
	{"mixed LTR bold", "**ایران** (Iran) و *UN*", "<p><b>ایران</b> (Iran) و <i>UN</i></p>"},
	{"asterisk before a space opens nothing", "* نه*", "<p>* نه*</p>"},
	{"asterisk after a space closes nothing", "*نه *", "<p>*نه *</p>"},
	{"unmatched asterisks", "**نیمه کاره", "<p>**نیمه کاره</p>"},
	{"only asterisks", "** ***", "<p>** ***</p>"},
	{"multiplication with spaces", "۳ * ۴ = ۱۲", "<p>۳ * ۴ = ۱۲</p>"},
	{"multiplication, one sign", "۳*۴ = ۱۲", "<p>۳*۴ = ۱۲</p>"},
	{"multiplication, escaped", `۲\*۳\*۴`, "<p>۲*۳*۴</p>"},
	{"emphasis stays on its line", "**خط\nدوم**", "<p>**خط<br>دوم**</p>"},
	{"no bold inside bold", "**الف **ب** ج**", "<p><b>الف **ب</b> ج**</p>"},
	{"neighbouring italics join", "*الف**ب*", "<p><i>الفب</i></p>"},

	// Links.
	{"link", "[متن پیوند](https://example.ir/x)", `<p><a href="https://example.ir/x">متن پیوند</a></p>`},
	{"link with & and a query", "[جست‌وجو](https://example.ir/s?q=تهران&page=2#top)", `<p><a href="https://example.ir/s?q=تهران&amp;page=2#top">جست‌وجو</a></p>`},
	{"http link", "[پیوند](http://example.ir)", `<p><a href="http://example.ir">پیوند</a></p>`},
	{"upper-case scheme", "[پیوند](HTTPS://Example.ir/A)", `<p><a href="https://Example.ir/A">پیوند</a></p>`},
	{"brackets in link text", "[گزارش [ویژه] امروز](https://example.ir/a)", `<p><a href="https://example.ir/a">گزارش [ویژه] امروز</a></p>`},
	{"escaped brackets in link text", `[گزارش \[ویژه امروز](https://example.ir/a)`, `<p><a href="https://example.ir/a">گزارش [ویژه امروز</a></p>`},
	{"link in bold", "**[پیوند](https://example.ir)**", `<p><b><a href="https://example.ir">پیوند</a></b></p>`},
	{"bold in link", "[**پیوند**](https://example.ir)", `<p><a href="https://example.ir"><b>پیوند</b></a></p>`},
	{"link in a sentence", "به گزارش [ایرنا](https://example.ir)، امروز", `<p>به گزارش <a href="https://example.ir">ایرنا</a>، امروز</p>`},
	{"javascript stays text", "[پیوند](javascript:alert(1))", "<p>[پیوند](javascript:alert(1))</p>"},
	{"relative address stays text", "[پیوند](/news/1)", "<p>[پیوند](/news/1)</p>"},
	{"mailto stays text", "[نامه](mailto:a@example.ir)", "<p>[نامه](mailto:a@example.ir)</p>"},
	{"empty link text", "[](https://example.ir)", "<p>[](https://example.ir)</p>"},
	{"space in address", "[پیوند](https://example.ir/a b)", "<p>[پیوند](https://example.ir/a b)</p>"},
	{"unclosed link", "[پیوند بی‌پایان", "<p>[پیوند بی‌پایان</p>"},
	{"links do not nest", "[الف [ب](https://b.example) ج](https://a.example)", `<p>[الف <a href="https://b.example">ب</a> ج](https://a.example)</p>`},
	{"quote in address", `[پیوند](https://example.ir/"x)`, "<p>[پیوند](https://example.ir/&#34;x)</p>"},
	{"apostrophe in address", "[پیوند](https://example.ir/it's)", `<p><a href="https://example.ir/it&#39;s">پیوند</a></p>`},

	// Lists.
	{"bullet list", "- یک\n- دو", "<ul><li>یک</li><li>دو</li></ul>"},
	{"bullet sign", "• یک\n• دو", "<ul><li>یک</li><li>دو</li></ul>"},
	{"numbered, Latin digits", "1. یک\n2. دو", "<ol><li>یک</li><li>دو</li></ol>"},
	{"numbered, Persian digits", "۱. یک\n۲. دو\n۱۰. ده", "<ol><li>یک</li><li>دو</li><li>ده</li></ol>"},
	{"numbered with parenthesis", "1) یک\n۲) دو", "<ol><li>یک</li><li>دو</li></ol>"},
	{"numbers are not kept", "۵. پنج\n۹. نه", "<ol><li>پنج</li><li>نه</li></ol>"},
	{"emphasis in an item", "- **مهم**: متن", "<ul><li><b>مهم</b>: متن</li></ul>"},
	{"list after a paragraph", "متن\n- یک", "<p>متن</p><ul><li>یک</li></ul>"},
	{"paragraph after a list", "- یک\nمتن", "<ul><li>یک</li></ul><p>متن</p>"},
	{"blank line ends a list", "- یک\n\n- دو", "<ul><li>یک</li></ul><ul><li>دو</li></ul>"},
	{"bullets then numbers", "- یک\n۱. دو", "<ul><li>یک</li></ul><ol><li>دو</li></ol>"},
	{"indented item", "  - یک", "<ul><li>یک</li></ul>"},
	{"item markers inside an item are text", "- - یک", "<ul><li>- یک</li></ul>"},
	{"dash without space", "-۵ درجه", "<p>-۵ درجه</p>"},
	{"lone dash", "-", "<p>-</p>"},
	{"number without a dot", "۱۴۰۲ سال خوبی بود", "<p>۱۴۰۲ سال خوبی بود</p>"},
	{"number and dot without space", "۳.۵ درصد", "<p>۳.۵ درصد</p>"},

	// Headings.
	{"heading", "## تیتر", "<h2>تیتر</h2>"},
	{"single hash", "# تیتر", "<h2>تیتر</h2>"},
	{"small heading", "### تیتر کوچک", "<h3>تیتر کوچک</h3>"},
	{"four hashes are text", "#### نه", "<p>#### نه</p>"},
	{"hash without space", "##تیتر", "<p>##تیتر</p>"},
	{"heading without text", "## ", "<p>##</p>"},
	{"heading then paragraph", "## تیتر\nمتن خبر", "<h2>تیتر</h2><p>متن خبر</p>"},
	{"paragraph then heading", "متن خبر\n## تیتر", "<p>متن خبر</p><h2>تیتر</h2>"},
	{"link in heading", "## [تیتر](https://example.ir)", `<h2><a href="https://example.ir">تیتر</a></h2>`},
	{"hashtag in text", "خبر #فوری", "<p>خبر #فوری</p>"},

	// Quotes.
	{"quote", "> نقل قول", "<blockquote><p>نقل قول</p></blockquote>"},
	{"quote of two paragraphs", "> بند اول\n>\n> بند دوم", "<blockquote><p>بند اول</p><p>بند دوم</p></blockquote>"},
	{"line break in a quote", "> خط اول\n> خط دوم", "<blockquote><p>خط اول<br>خط دوم</p></blockquote>"},
	{"plain line ends a quote", "> نقل\nمتن", "<blockquote><p>نقل</p></blockquote><p>متن</p>"},
	{"quote holds paragraphs only", "> - یک\n> ## دو", "<blockquote><p>- یک<br>## دو</p></blockquote>"},
	{"nested quote marker is text", "> > درون", "<blockquote><p>&gt; درون</p></blockquote>"},
	{"greater-than without space", ">۵ نفر", "<p>&gt;۵ نفر</p>"},
	{"empty quote", ">\n>", ""},
	{"two quotes", "> الف\n\n> ب", "<blockquote><p>الف</p></blockquote><blockquote><p>ب</p></blockquote>"},
	{"bold in a quote", "> **مهم**", "<blockquote><p><b>مهم</b></p></blockquote>"},

	// Escapes.
	{"escaped asterisks", `\*\*نه\*\*`, "<p>**نه**</p>"},
	{"escaped bracket", `\[نه](https://example.ir)`, "<p>[نه](https://example.ir)</p>"},
	{"escaped closing bracket", `[نه\](https://example.ir)`, "<p>[نه](https://example.ir)</p>"},
	{"escaped hash", `\## نه`, "<p>## نه</p>"},
	{"escaped dash", `\- نه`, "<p>- نه</p>"},
	{"escaped bullet", `\• نه`, "<p>• نه</p>"},
	{"escaped number", `۱۴۰۲\. سال`, "<p>۱۴۰۲. سال</p>"},
	{"escaped greater-than", `\> نه`, "<p>&gt; نه</p>"},
	{"escaped backslash", `\\*کج*`, `<p>\<i>کج</i></p>`},
	{"backslash before other text", `¯\_(ツ)_/¯ C:\خبر`, `<p>¯\_(ツ)_/¯ C:\خبر</p>`},
	{"backslash at the end", `پایان\`, `<p>پایان\</p>`},

	// Photos.
	{"photo", "![بازار تهران](photo:" + testPhoto + ")", testFigure("بازار تهران")},
	{"photo without caption", "![](photo:" + testPhoto + ")", testFigure("")},
	{"photo caption spaced", "![  بازار \t تهران ](photo:" + testPhoto + ")", testFigure("بازار تهران")},
	{"photo caption needs no escapes", "![«بازار» *و* [تهران] & <b>](photo:" + testPhoto + ")", testFigure("«بازار» *و* [تهران] & <b>")},
	{"photo ends a paragraph", "متن\n![عکس](photo:" + testPhoto + ")\nادامه",
		"<p>متن</p>" + testFigure("عکس") + "<p>ادامه</p>"},
	{"photo in a quote is text", "> ![عکس](photo:" + testPhoto + ")", "<blockquote><p>![عکس](photo:" + testPhoto + ")</p></blockquote>"},
	{"photo with a short id is text", "![عکس](photo:abc)", "<p>![عکس](photo:abc)</p>"},
	{"photo with upper-case id is text", "![عکس](photo:" + strings.ToUpper(testPhoto) + ")", "<p>![عکس](photo:" + strings.ToUpper(testPhoto) + ")</p>"},
	{"photo with text after it is text", "![عکس](photo:" + testPhoto + ") و", "<p>![عکس](photo:" + testPhoto + ") و</p>"},

	// HTML typed by the reporter.
	{"script", "<script>alert('x')</script>", "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>"},
	{"tags", "<b>نه</b> <a href=\"https://example.ir\">نه</a>", "<p>&lt;b&gt;نه&lt;/b&gt; &lt;a href=&#34;https://example.ir&#34;&gt;نه&lt;/a&gt;</p>"},
	{"quotes and ampersand", `"نقل" & 'قول'`, "<p>&#34;نقل&#34; &amp; &#39;قول&#39;</p>"},
	{"entity typed", "&nbsp;&amp;", "<p>&amp;nbsp;&amp;amp;</p>"},
}

func TestToHTML(t *testing.T) {
	for _, c := range toHTMLCases {
		t.Run(c.name, func(t *testing.T) {
			got := ToHTML(c.in)
			if got != c.want {
				t.Errorf("ToHTML(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
			if err := checkBody(got); err != nil {
				t.Errorf("ToHTML(%q) = %q: %v", c.in, got, err)
			}
			if again := ToHTML(FromHTML(got)); again != got {
				t.Errorf("round trip: FromHTML(%q) = %q, ToHTML of it %q", got, FromHTML(got), again)
			}
		})
	}
}

// TestToHTMLStory reads a short story that uses every rule at once.
func TestToHTMLStory(t *testing.T) {
	text := "## نمایشگاه کتاب\n" +
		"به گزارش [خبرگزاری](https://example.ir/news/1)، **نمایشگاه کتاب تهران** امروز گشایش یافت.\n" +
		"بازدید *رایگان* است.\n\n" +
		"- ۲۰۰ ناشر ایرانی\n- ۵۰ ناشر خارجی\n\n" +
		"> کتاب‌ها باید ارزان‌تر شوند.\n>\n> این خواست همه است.\n\n" +
		"### برنامه‌ها\n" +
		"۱. نشست نویسندگان\n۲. رونمایی کتاب‌ها\n"
	want := "<h2>نمایشگاه کتاب</h2>" +
		`<p>به گزارش <a href="https://example.ir/news/1">خبرگزاری</a>، <b>نمایشگاه کتاب تهران</b> امروز گشایش یافت.<br>بازدید <i>رایگان</i> است.</p>` +
		"<ul><li>۲۰۰ ناشر ایرانی</li><li>۵۰ ناشر خارجی</li></ul>" +
		"<blockquote><p>کتاب‌ها باید ارزان‌تر شوند.</p><p>این خواست همه است.</p></blockquote>" +
		"<h3>برنامه‌ها</h3>" +
		"<ol><li>نشست نویسندگان</li><li>رونمایی کتاب‌ها</li></ol>"
	if got := ToHTML(text); got != want {
		t.Errorf("ToHTML\n got %q\nwant %q", got, want)
	}
}

package richtext

import (
	"strings"
	"testing"
)

// mutationXSS is markup that has defeated sanitizers: mutation XSS
// (markup a browser re-parses into something else), raw text and
// namespace breakouts, disguised addresses and smuggled attributes. The
// expected strings say what is kept.
var mutationXSS = []struct{ name, in, want string }{
	// Raw text elements: what looks like an attribute inside them is text, and they go whole.
	{"noscript breakout", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"xmp breakout", "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"textarea breakout", "<textarea><p title=\"</textarea><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"title breakout", "<title><p title=\"</title><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"style breakout", "<style><p title=\"</style><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"iframe breakout", "<iframe><p title=\"</iframe><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"noembed breakout", "<noembed><p title=\"</noembed><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"noframes breakout", "<noframes><p title=\"</noframes><img src=x onerror=alert(1)>\">", "&#34;&gt;"},
	{"template breakout", "<template><p title=\"</template><img src=x onerror=alert(1)>\">", ""},
	{"plaintext", "<plaintext><script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
	{"script in attribute text", "<p title=\"<script>alert(1)</script>\">متن</p>", "<p>متن</p>"},
	// Namespace confusion: SVG and MathML content parses by other rules.
	{"svg p style", "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">", "&#34;&gt;"},
	{"math mglyph style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""},
	{"form math mglyph", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>", ""},
	{"math mtext table", "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title=\"</style><img src onerror=alert(1)>\"></style></h1>", ""},
	{"svg foreignobject", "<svg><foreignObject><p>متن</p><img src=x onerror=alert(1)></foreignObject></svg>", ""},
	{"svg cdata", "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>", ""},
	{"math annotation-xml", "<math><annotation-xml encoding=\"text/html\"><img src=x onerror=alert(1)></annotation-xml></math>", ""},
	{"svg animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>", ""},
	{"svg use data", "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)' /></svg>#x\"></use></svg>", ""},
	// Comments and their look-alikes.
	{"comment abrupt close", "<!--><img src=x onerror=alert(1)>-->", "--&gt;"},
	{"comment dash abrupt close", "<!---><img src=x onerror=alert(1)>-->", "--&gt;"},
	{"conditional comment", "<!--[if]><script>alert(1)</script -->", ""},
	{"downlevel-revealed comment", "<![if !IE]><img src=x onerror=alert(1)><![endif]>", ""},
	{"bang comment", "<!--!><img src=x onerror=alert(1)>-->", ""},
	{"processing instruction", "<?xml version=\"1.0\"?><img src=x onerror=alert(1)>", ""},
	{"bogus comment end", "<!-- --!><img src=x onerror=alert(1)> -->", " --&gt;"},
	// Addresses that are not http or https, however they are written.
	{"javascript with entity tab", "<a href=\"java&#x09;script:alert(1)\">پیوند</a>", "پیوند"},
	{"javascript with entity newline", "<a href=\"jav&#x0A;ascript:alert(1)\">پیوند</a>", "پیوند"},
	{"javascript with colon entity", "<a href=\"javascript&colon;alert(1)\">پیوند</a>", "پیوند"},
	{"javascript all hex entities", "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">پیوند</a>", "پیوند"},
	{"javascript decimal no semicolons", "<a href=\"&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)\">پیوند</a>", "پیوند"},
	{"javascript with nul", "<a href=\"java\x00script:alert(1)\">پیوند</a>", "پیوند"},
	{"javascript with nul reference", "<a href=\"java&#0;script:alert(1)\">پیوند</a>", "پیوند"},
	{"javascript with leading control", "<a href=\"\x01javascript:alert(1)\">پیوند</a>", "پیوند"},
	{"javascript mixed case and spaces", "<a href=\"  JaVaScRiPt:alert(1)\">پیوند</a>", "پیوند"},
	{"vbscript", "<a href=\"vbscript:msgbox(1)\">پیوند</a>", "پیوند"},
	{"data url", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">پیوند</a>", "پیوند"},
	{"data url with entities", "<a href=\"&#100;ata:text/html,<script>alert(1)</script>\">پیوند</a>", "پیوند"},
	{"protocol-relative", "<a href=\"//evil.example/\">پیوند</a>", "پیوند"},
	{"backslash relative", "<a href=\"\\\\evil.example/\">پیوند</a>", "پیوند"},
	{"http without host", "<a href=\"http:evil.example\">پیوند</a>", "پیوند"},
	{"https with javascript in userinfo", "<a href=\"https://javascript:alert(1)@example.org/\">پیوند</a>", "<a href=\"https://javascript:alert%281%29@example.org/\">پیوند</a>"},
	{"unicode escape is no escape", "<a href=\"\\u006Aavascript:alert(1)\">پیوند</a>", "پیوند"},
	// Attributes smuggled in through quoting.
	{"handler after href", "<a href=http://x.example onmouseover=alert(1)>پیوند</a>", "<a href=\"http://x.example\">پیوند</a>"},
	{"backtick attribute", "<a href=\"http://x.example\" `onmouseover=alert(1)`>پیوند</a>", "<a href=\"http://x.example\">پیوند</a>"},
	{"backtick quoted value", "<a href=`http://x.example`onmouseover=alert(1)>پیوند</a>", "پیوند"},
	{"quote breaking href", "<a href=\"http://x.example/\"onmouseover=\"alert(1)\">پیوند</a>", "<a href=\"http://x.example/\">پیوند</a>"},
	{"slash separated attribute", "<a/href=\"http://x.example/\"/onmouseover=alert(1)>پیوند</a>", "<a href=\"http://x.example/\">پیوند</a>"},
	{"duplicate href", "<a href=\"javascript:alert(1)\" href=\"http://x.example/\">پیوند</a>", "پیوند"},
	{"event handlers", "<p onclick=alert(1) onload=alert(1) onfocus=alert(1) autofocus tabindex=0>متن</p>", "<p>متن</p>"},
	{"style attribute", "<b style=\"background:url(javascript:alert(1))\">متن</b>", "<b>متن</b>"},
	{"img onerror", "<img src=x onerror=alert(1)>", ""},
	{"body onload", "<body onload=alert(1)>متن", "متن"},
	{"details ontoggle", "<details open ontoggle=alert(1)>متن</details>", "متن"},
	// Elements that act on the page.
	{"base", "<base href=\"javascript:alert(1)//\"><a href=\"/x\">پیوند</a>", "پیوند"},
	{"meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", ""},
	{"img srcset", "<img srcset=\"x 1x, javascript:alert(1) 2x\">", ""},
	{"object data", "<object data=\"javascript:alert(1)\">متن</object>", ""},
	{"embed src", "<embed src=\"javascript:alert(1)\">", ""},
	{"form action", "<form action=\"javascript:alert(1)\"><button>متن</button></form>", "متن"},
	{"link import", "<link rel=import href=\"http://x.example/x.html\">", ""},
	{"iframe srcdoc", "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>", ""},
	{"isindex", "<isindex action=\"javascript:alert(1)\" type=image>", ""},
	// Tags written to slip past a scanner.
	{"nested script", "<scr<script>ipt>alert(1)</scr</script>ipt>", "ipt&gt;alert(1)ipt&gt;"},
	{"script with slash", "<script/src=\"http://x.example/x.js\"></script>", ""},
	{"tag name with nul", "<scr\x00ipt>alert(1)</script>", ""},
	{"unclosed script tag", "<script src=http://x.example/x.js", ""},
	{"tab in tag name", "<img\tsrc=x\tonerror=alert(1)>", ""},
	{"end tag with attributes", "</p onclick=alert(1)>متن", "متن"},
	// Deep and unclosed markup.
	{"unclosed everything", "<p><b><i><a href=\"http://x.example/\">متن", "<p><b><i><a href=\"http://x.example/\">متن</a></i></b></p>"},
}

// The checks re-parse the output as a browser would.
func TestSanitizeMutationXSS(t *testing.T) {
	for _, tt := range mutationXSS {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if err := checkSanitized(got); err != nil {
				t.Errorf("Sanitize(%q) = %q: %v", tt.in, got, err)
			}
		})
	}
}

// Deep, unclosed and repetitive markup comes out safe, bounded and with
// its text.
func TestSanitizeHostileMarkup(t *testing.T) {
	var storm strings.Builder
	storm.WriteString("<p>")
	for i := range 300 {
		storm.WriteString("<b id=" + strings.Repeat("x", i%40) + strings.Repeat("y", i/40) + ">")
	}
	storm.WriteString("</p>" + strings.Repeat("<p>متن</p>", 300))
	tests := []struct {
		name, in string
		texts    int // how many times «متن» must come out
	}{
		{"deep divs", strings.Repeat("<div>", 1000) + "<img src=x onerror=alert(1)>متن", 1},
		{"deep bold", strings.Repeat("<b>", 200) + "متن", 1},
		{"deep lists", strings.Repeat("<ul><li>", 100) + "متن", 1},
		{"deep quotes", strings.Repeat("<blockquote>", 300) + "متن", 1},
		{"unclosed links", strings.Repeat(`<a href="http://x.example/">متن`, 300), 300},
		{"formatting storm", storm.String(), 300},
		{"alike formatting", "<p>" + strings.Repeat("<b>", 300) + "</p>" + strings.Repeat("<p>متن</p>", 300), 300},
		{"misnested formatting", strings.Repeat("<b><i>متن</b></i>", 300), 300},
		{"table soup", strings.Repeat("<table><tr><td>متن<caption><b>", 50), 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if err := checkSanitized(got); err != nil {
				t.Fatalf("%.300q: %v", got, err)
			}
			if n := strings.Count(got, "متن"); n != tt.texts {
				t.Errorf("text kept %d times, want %d: %.300q", n, tt.texts, got)
			}
			if len(got) > 40*len(tt.in) {
				t.Errorf("%d bytes in, %d out", len(tt.in), len(got))
			}
		})
	}
}

package richtext

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// kind says where an element may stand in a body and what it may hold.
type kind uint8

const (
	inline    kind = iota + 1 // b, a: text and inline elements
	leafBlock                 // p, h2: inline content only
	block                     // blockquote: blocks and inline content
	list                      // ul, ol: a block that holds list items
	listItem                  // li: blocks and inline content, only in a list
	void                      // br: no content at all
	figure                    // figure: one of our photos and its caption (photo.go)
)

// attribute is one attribute an element may keep.
type attribute struct {
	name string
	// clean returns the value as it is written out, or false when the
	// value may not be kept. Its result must be a fixed point (clean of
	// it returns it), or sanitizing twice would differ.
	clean func(string) (string, bool)
	// pattern is the same rule said to bluemonday, which checks the
	// rebuilt fragment once more.
	pattern *regexp.Regexp
	// required drops the element, keeping its content, when the
	// attribute is missing or refused (a link without an address).
	required bool
}

// rule is what a body may carry of one element.
type rule struct {
	kind  kind
	attrs []attribute // written in this order
	// noNesting closes an open element of the same name first (links
	// never nest); without it, an inline element inside one of its own
	// name is left out.
	noNesting bool
}

// bodyRules is the markup a story body may carry; the bluemonday policy
// follows from the table. A figure is written whole by its own rule
// (photo.go), with the <img> and <figcaption> it holds.
var bodyRules = map[string]rule{
	"figure":     {kind: figure},
	"p":          {kind: leafBlock},
	"h2":         {kind: leafBlock},
	"h3":         {kind: leafBlock},
	"blockquote": {kind: block},
	"ul":         {kind: list},
	"ol":         {kind: list},
	"li":         {kind: listItem},
	"b":          {kind: inline},
	"strong":     {kind: inline},
	"i":          {kind: inline},
	"em":         {kind: inline},
	"br":         {kind: void},
	"a": {kind: inline, noNesting: true, attrs: []attribute{
		{name: "href", clean: webURL, pattern: webURLPattern, required: true},
	}},
}

// droppedElements vanish with everything inside them: their content is
// code, styling, embedded documents or form state, never story text.
var droppedElements = []string{
	"script", "style", "template", "iframe", "object", "embed", "applet",
	"svg", "math", "noscript", "textarea", "title", "select", "head",
	"noembed", "noframes", "xmp", "frameset", "frame", "audio", "video",
	"canvas",
}

// maxDepth is how many elements a body may nest. Deeper elements are
// unwrapped and their text kept, so hostile nesting stays cheap to
// sanitize, store and show.
const maxDepth = 64

// policy is a compiled allow-list: the rules the tree walk applies and
// the bluemonday policy that has the last word. It is safe for
// concurrent use.
type policy struct {
	rules map[string]rule
	drop  map[string]bool
	bm    *bluemonday.Policy
}

// body is the policy of story bodies, compiled once.
var body = newPolicy(bodyRules, droppedElements)

func newPolicy(rules map[string]rule, dropped []string) *policy {
	p := &policy{rules: rules, drop: make(map[string]bool, len(dropped))}
	for _, name := range dropped {
		p.drop[name] = true
	}
	bm := bluemonday.NewPolicy()
	// Every address must parse; an absolute one must carry a host and
	// be http or https. The only relative ones are our photos': every
	// attribute also has its own pattern, and href's wants http:// or
	// https://.
	bm.RequireParseableURLs(true)
	bm.AllowRelativeURLs(true)
	bm.AllowURLSchemeWithCustomPolicy("http", hasHost)
	bm.AllowURLSchemeWithCustomPolicy("https", hasHost)
	bm.SkipElementsContent(dropped...)
	bm.AllowElements("img", "figcaption")
	bm.AllowAttrs("src").Matching(photoRefPattern).OnElements("img")
	bm.AllowAttrs("alt").OnElements("img")
	bm.AllowNoAttrs().OnElements("figcaption")
	for name, r := range rules {
		bm.AllowElements(name)
		required := false
		for _, a := range r.attrs {
			bm.AllowAttrs(a.name).Matching(a.pattern).OnElements(name)
			required = required || a.required
		}
		if !required {
			bm.AllowNoAttrs().OnElements(name)
		}
	}
	p.bm = bm
	return p
}

func hasHost(u *url.URL) bool { return u.Host != "" }

// webURLPattern is webURL's rule for bluemonday, which also checks the
// scheme and the host.
var webURLPattern = regexp.MustCompile(`^https?://\S+$`)

// WebURL returns the absolute http or https address v in the one form
// a story body stores it (see webURL), or false for any other address.
func WebURL(v string) (string, bool) { return webURL(v) }

// webURL returns the absolute http or https address v in the one form
// url.URL writes it, or false for any other address (relative,
// protocol-relative, javascript:, data:, …). White space around the
// address is trimmed; white space or control characters inside it
// refuse it, as they hide schemes from readers of the markup.
func webURL(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "", false
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	out := u.String()
	if out != v { // make sure the written form reads back to itself
		again, err := url.Parse(out)
		if err != nil || again.String() != out {
			return "", false
		}
	}
	return out, true
}

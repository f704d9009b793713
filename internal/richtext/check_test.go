package richtext

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowedInBody is the allow-list written out again, so the tests do not
// check the rules against themselves.
var allowedInBody = map[string]bool{
	"p": true, "br": true, "b": true, "strong": true, "i": true, "em": true,
	"a": true, "blockquote": true, "ul": true, "ol": true, "li": true,
	"h2": true, "h3": true, "figure": true, "img": true, "figcaption": true,
}

// photoAddress is the one address an <img> of a body may have.
var photoAddress = regexp.MustCompile(`^/media/[0-9a-f]{64}\.jpg$`)

// checkBody returns what is wrong with out as a sanitized body, seen both
// as a browser builds it (the HTML5 tree) and as a tokenizer reads it:
// an element outside the allow-list, an attribute other than href on a,
// an href that is not an absolute http or https address, a comment, a
// doctype, invalid UTF-8. It returns nil for a good body.
func checkBody(out string) error {
	if !utf8.ValidString(out) {
		return fmt.Errorf("not valid UTF-8")
	}
	nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	var check func(n *html.Node) error
	check = func(n *html.Node) error {
		switch n.Type {
		case html.TextNode:
		case html.ElementNode:
			if n.Namespace != "" || !allowedInBody[n.Data] {
				return fmt.Errorf("element %s:%s", n.Namespace, n.Data)
			}
			if err := checkAttrs(n.Data, n.Attr); err != nil {
				return err
			}
			if err := checkFigure(n); err != nil {
				return err
			}
		default:
			return fmt.Errorf("node of type %d: %q", n.Type, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := check(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range nodes {
		if err := check(n); err != nil {
			return fmt.Errorf("tree: %w", err)
		}
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return nil
		case html.TextToken:
		case html.StartTagToken, html.EndTagToken:
			tok := z.Token()
			if !allowedInBody[tok.Data] {
				return fmt.Errorf("tokens: tag %s", tok.Data)
			}
			if tt == html.EndTagToken {
				if len(tok.Attr) > 0 {
					return fmt.Errorf("tokens: attributes on </%s>", tok.Data)
				}
			} else if err := checkAttrs(tok.Data, tok.Attr); err != nil {
				return fmt.Errorf("tokens: %w", err)
			}
		default:
			return fmt.Errorf("tokens: %v %q", tt, z.Raw())
		}
	}
}

// checkFigure reports a figure that is not at the top level holding an
// <img> and at most a <figcaption> of text, or an <img> or <figcaption>
// outside one.
func checkFigure(n *html.Node) error {
	inFigure := n.Parent != nil && n.Parent.Data == "figure"
	switch n.Data {
	case "figure":
		img := n.FirstChild
		if n.Parent != nil || img == nil || img.Data != "img" {
			return fmt.Errorf("figure out of place or without its image")
		}
		if c := img.NextSibling; c != nil && (c.Data != "figcaption" || c.NextSibling != nil ||
			c.FirstChild == nil || c.FirstChild.Type != html.TextNode || c.FirstChild.NextSibling != nil) {
			return fmt.Errorf("figure holds more than its image and caption")
		}
	case "img", "figcaption":
		if !inFigure {
			return fmt.Errorf("%s outside a figure", n.Data)
		}
	}
	return nil
}

func checkAttrs(name string, attrs []html.Attribute) error {
	if name == "a" && len(attrs) == 0 {
		return fmt.Errorf("a without href")
	}
	if name == "img" {
		if len(attrs) != 2 || attrs[0].Key != "src" || !photoAddress.MatchString(attrs[0].Val) || attrs[1].Key != "alt" {
			return fmt.Errorf("img %v", attrs)
		}
		return nil
	}
	for _, a := range attrs {
		if name != "a" || a.Key != "href" || a.Namespace != "" || len(attrs) != 1 {
			return fmt.Errorf("attribute %s on %s", a.Key, name)
		}
		u, err := url.Parse(a.Val)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") ||
			!strings.HasPrefix(a.Val, u.Scheme+"://") || strings.ContainsFunc(a.Val, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return fmt.Errorf("href %q", a.Val)
		}
	}
	return nil
}

// checkSanitized returns what is wrong with Sanitize's output out: a bad
// body, or one that sanitizing again changes or finds heavy.
func checkSanitized(out string) error {
	if err := checkBody(out); err != nil {
		return err
	}
	if again := Sanitize(out); again != out {
		return fmt.Errorf("not idempotent: %q → %q", out, again)
	}
	if heavy(out) {
		return fmt.Errorf("sanitized body is heavy")
	}
	return nil
}

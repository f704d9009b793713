package markup

import (
	"fmt"
	"regexp"
	"strings"
)

// checkBody reports how body breaks the form ToHTML promises, or nil:
// only the allowed tags, no attribute but an http(s) href, well nested
// with each element where it belongs (blocks at the top, <li> in lists,
// <p> in quotes, inline content in <p>, headings and items), no element
// empty or inside another of its kind, and text escaped.
func checkBody(body string) error {
	type elem struct{ name string }
	var stack []string
	var empty []bool // whether each open element is still empty
	allowedIn := map[string]map[string]bool{
		"":           {"p": true, "h2": true, "h3": true, "ul": true, "ol": true, "blockquote": true},
		"blockquote": {"p": true},
		"ul":         {"li": true},
		"ol":         {"li": true},
	}
	inlineTags := map[string]bool{"b": true, "i": true, "a": true}
	parent := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1]
	}
	holdsInline := func(p string) bool {
		return p == "p" || p == "h2" || p == "h3" || p == "li" || inlineTags[p]
	}
	markFull := func() {
		for i := range empty {
			empty[i] = false
		}
	}
	figure := regexp.MustCompile(`^<figure><img src="/media/[0-9a-f]{64}\.jpg" alt="([^"<>]*)">(?:<figcaption>([^"<>]+)</figcaption>)?</figure>`)
	for s := body; s != ""; {
		if m := figure.FindStringSubmatch(s); m != nil && len(stack) == 0 {
			if m[2] != "" && m[1] != m[2] || strings.TrimSpace(m[1]) != m[1] {
				return fmt.Errorf("figure %q: its alt and its caption differ, or are not trimmed", m[0])
			}
			s = s[len(m[0]):]
			continue
		}
		if s[0] != '<' {
			i := strings.IndexByte(s, '<')
			if i < 0 {
				i = len(s)
			}
			text := s[:i]
			s = s[i:]
			if !holdsInline(parent()) {
				return fmt.Errorf("text %q in <%s>", text, parent())
			}
			if strings.ContainsAny(text, `>"'`) {
				return fmt.Errorf("unescaped character in %q", text)
			}
			for j := strings.IndexByte(text, '&'); j >= 0; j = strings.IndexByte(text, '&') {
				text = text[j:]
				ok := false
				for _, e := range []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;"} {
					if strings.HasPrefix(text, e) {
						ok = true
						text = text[len(e):]
					}
				}
				if !ok {
					return fmt.Errorf("stray & in %q", text)
				}
			}
			markFull()
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return fmt.Errorf("unterminated tag %q", s)
		}
		tag := s[1:end]
		s = s[end+1:]
		if name, ok := strings.CutPrefix(tag, "/"); ok {
			if parent() != name {
				return fmt.Errorf("</%s> closes <%s>", name, parent())
			}
			if empty[len(empty)-1] {
				return fmt.Errorf("empty <%s>", name)
			}
			stack, empty = stack[:len(stack)-1], empty[:len(empty)-1]
			markFull()
			continue
		}
		name := tag
		if href, ok := strings.CutPrefix(tag, `a href="`); ok {
			name = "a"
			href, ok = strings.CutSuffix(href, `"`)
			if !ok || strings.ContainsAny(href, `<>"' `) {
				return fmt.Errorf("bad link tag <%s>", tag)
			}
			lower := strings.ToLower(href)
			if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
				return fmt.Errorf("link to %q", href)
			}
		}
		p := parent()
		switch {
		case name == "br":
			if p != "p" && !inlineTags[p] {
				return fmt.Errorf("<br> in <%s>", p)
			}
			for _, open := range stack {
				if inlineTags[open] {
					return fmt.Errorf("<br> inside <%s>", open)
				}
			}
			markFull()
			continue
		case inlineTags[name]:
			if !holdsInline(p) {
				return fmt.Errorf("<%s> in <%s>", name, p)
			}
			for _, open := range stack {
				if open == name {
					return fmt.Errorf("<%s> inside <%s>", name, name)
				}
			}
		case allowedIn[p] != nil && allowedIn[p][name]:
		default:
			return fmt.Errorf("<%s> in <%s>", tag, p)
		}
		markFull()
		stack, empty = append(stack, name), append(empty, true)
	}
	if len(stack) > 0 {
		return fmt.Errorf("unclosed <%s>", strings.Join(stack, "> <"))
	}
	return nil
}

package ninjs

import (
	"strings"
)

// token is one piece of an HTML fragment as scan sees it.
type token struct {
	kind  tokenKind
	text  string // raw text (entities not decoded) for textToken
	name  string // lower-case tag name for start and end tags
	attrs []attr // start tags only
}

type tokenKind int

const (
	textToken tokenKind = iota
	startToken
	endToken
)

type attr struct{ name, value string } // value with entities still encoded

// dropped holds the elements whose content is never shown: scan skips
// everything from their start tag to their end tag.
var dropped = map[string]bool{
	"script": true, "style": true, "template": true, "iframe": true,
	"object": true, "svg": true, "math": true, "noscript": true,
	"textarea": true, "title": true, "select": true, "head": true,
	"noembed": true, "noframes": true, "xmp": true, "frameset": true,
}

// scan splits an HTML fragment into text and tags and calls emit for each.
// It is forgiving the way browsers are: a '<' that does not open a tag is
// text; comments, doctypes and processing instructions vanish; an element
// named in dropped vanishes with its content.
func scan(s string, emit func(token)) {
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			emit(token{kind: textToken, text: s})
			return
		}
		if i > 0 {
			emit(token{kind: textToken, text: s[:i]})
			s = s[i:]
		}
		// s starts with '<'.
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s[4:], "-->")
			if end < 0 {
				return
			}
			s = s[4+end+3:]
		case len(s) > 1 && (s[1] == '!' || s[1] == '?'):
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return
			}
			s = s[end+1:]
		case len(s) > 1 && isASCIILetter(s[1]):
			tok, rest, ok := startTag(s)
			s = rest
			if !ok {
				return // a tag cut off by the end of input is no tag
			}
			if dropped[tok.name] {
				s = skipElement(s, tok.name)
				continue
			}
			emit(tok)
		case len(s) > 2 && s[1] == '/' && isASCIILetter(s[2]):
			name, rest := tagName(s[2:])
			end := quotedEnd(rest)
			s = rest[end:]
			emit(token{kind: endToken, name: name})
		default:
			emit(token{kind: textToken, text: "<"})
			s = s[1:]
		}
	}
}

// skipElement returns s after the end tag of the element name, or "" when
// the end tag never comes.
func skipElement(s, name string) string {
	lower := strings.ToLower(s)
	closing := "</" + name
	for off := 0; ; {
		i := strings.Index(lower[off:], closing)
		if i < 0 {
			return ""
		}
		j := off + i + len(closing)
		if j == len(s) || s[j] == '>' || s[j] == '/' || isSpace(s[j]) {
			end := strings.IndexByte(s[j:], '>')
			if end < 0 {
				return ""
			}
			return s[j+end+1:]
		}
		off = j
	}
}

// startTag parses a start tag at the beginning of s ("<name attrs>") and
// returns it with the text after it. It reports false when the input ends
// before the tag does.
func startTag(s string) (token, string, bool) {
	name, s := tagName(s[1:])
	tok := token{kind: startToken, name: name}
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) || r == '/' })
		if s == "" {
			return tok, "", false
		}
		if s[0] == '>' {
			return tok, s[1:], true
		}
		// Attribute name: up to space, '=', '>' or '/'.
		i := 0
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		if i == 0 { // a stray '=': skip it
			s = s[1:]
			continue
		}
		a := attr{name: strings.ToLower(s[:i])}
		s = strings.TrimLeftFunc(s[i:], func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
		if strings.HasPrefix(s, "=") {
			s = strings.TrimLeftFunc(s[1:], func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
			if s != "" && (s[0] == '"' || s[0] == '\'') {
				end := strings.IndexByte(s[1:], s[0])
				if end < 0 {
					return tok, "", false
				}
				a.value, s = s[1:1+end], s[1+end+1:]
			} else {
				j := 0
				for j < len(s) && !isSpace(s[j]) && s[j] != '>' {
					j++
				}
				a.value, s = s[:j], s[j:]
			}
		}
		tok.attrs = append(tok.attrs, a)
	}
}

// tagName splits a tag name off the front of s, lower-cased.
func tagName(s string) (string, string) {
	i := 0
	for i < len(s) && !isSpace(s[i]) && s[i] != '/' && s[i] != '>' {
		i++
	}
	return strings.ToLower(s[:i]), s[i:]
}

// quotedEnd returns the index just past the '>' that ends the tag whose
// rest is s, honouring quotes, or len(s) when there is none.
func quotedEnd(s string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return len(s)
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

package markup

import (
	"strings"

	xhtml "golang.org/x/net/html"
)

// tokKind is a kind of HTML token.
type tokKind uint8

const (
	textTok tokKind = iota
	startTok
	endTok
)

// skipped holds the elements whose content is never text: their start
// tag skips everything up to their end tag, as the body sanitizer does.
var skipped = map[string]bool{
	"script": true, "style": true, "template": true, "iframe": true,
	"object": true, "svg": true, "math": true, "noscript": true,
	"textarea": true, "title": true, "select": true, "head": true,
	"noembed": true, "noframes": true, "xmp": true, "frameset": true,
}

// tagAttrs are the attributes of a start tag FromHTML reads, decoded.
type tagAttrs struct {
	href, src, alt string
}

// unescape decodes the character references in s as a browser does:
// x/net/html's reading, where the standard library's leaves a numeric
// reference of one digit without its semicolon ("…&#3") undecoded.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return xhtml.UnescapeString(s)
}

// scanHTML splits an HTML fragment into text (entities decoded), start
// tags (with the attributes FromHTML reads, decoded) and end tags,
// lower-cased, and calls emit for each. It forgives what browsers forgive:
// a "<" that opens no tag is text, comments and doctypes vanish (and so
// does "</" followed by no letter, as a comment), and a tag cut off by the
// end of the input is dropped.
func scanHTML(s string, emit func(kind tokKind, name, text string, a tagAttrs)) {
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			emit(textTok, "", unescape(s), tagAttrs{})
			return
		}
		if i > 0 {
			emit(textTok, "", unescape(s[:i]), tagAttrs{})
			s = s[i:]
		}
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
		case len(s) > 1 && isLetter(s[1]):
			name, a, rest, ok := startTag(s[1:])
			if !ok {
				return
			}
			s = rest
			if skipped[name] {
				s = skipElement(s, name)
				continue
			}
			emit(startTok, name, "", a)
		case len(s) > 2 && s[1] == '/' && isLetter(s[2]):
			name, rest := tagName(s[2:])
			_, s, _ = attributes(rest)
			emit(endTok, name, "", tagAttrs{})
		case len(s) > 2 && s[1] == '/':
			// "</>" vanishes, and so does "</" before anything but a
			// letter, up to the next ">": browsers read it as a comment.
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return
			}
			s = s[end+1:]
		default:
			emit(textTok, "", "<", tagAttrs{})
			s = s[1:]
		}
	}
}

// startTag reads a start tag after its "<": its name, the attributes
// FromHTML reads (decoded), and the input after it. It reports false
// when the input ends inside the tag.
func startTag(s string) (name string, a tagAttrs, rest string, ok bool) {
	name, s = tagName(s)
	a, rest, ok = attributes(s)
	return name, a, rest, ok
}

// attributes reads the attributes of a tag up to its ">", returning the
// ones FromHTML reads, decoded (the first of each name counts, as in
// browsers), and the input after the tag.
func attributes(s string) (a tagAttrs, rest string, ok bool) {
	var seen [3]bool
	for {
		s = strings.TrimLeft(s, " \t\n\r\f/")
		if s == "" {
			return a, "", false
		}
		if s[0] == '>' {
			return a, s[1:], true
		}
		i := 0
		for i < len(s) && !strings.ContainsRune(" \t\n\r\f=>/", rune(s[i])) {
			i++
		}
		if i == 0 { // a stray "="
			s = s[1:]
			continue
		}
		attr := strings.ToLower(s[:i])
		s = strings.TrimLeft(s[i:], " \t\n\r\f")
		var value string
		if strings.HasPrefix(s, "=") {
			s = strings.TrimLeft(s[1:], " \t\n\r\f")
			if s != "" && (s[0] == '"' || s[0] == '\'') {
				end := strings.IndexByte(s[1:], s[0])
				if end < 0 {
					return a, "", false
				}
				value, s = s[1:1+end], s[2+end:]
			} else {
				j := 0
				for j < len(s) && !strings.ContainsRune(" \t\n\r\f>", rune(s[j])) {
					j++
				}
				value, s = s[:j], s[j:]
			}
		}
		for i, name := range [...]string{"href", "src", "alt"} {
			if attr == name && !seen[i] {
				seen[i] = true
				v := unescape(value)
				switch i {
				case 0:
					a.href = v
				case 1:
					a.src = v
				default:
					a.alt = v
				}
			}
		}
	}
}

// skipElement returns s after the end tag of the element name, or "" when
// it never comes.
func skipElement(s, name string) string {
	for off := 0; ; {
		i := strings.Index(s[off:], "</")
		if i < 0 {
			return ""
		}
		j := off + i + 2
		if k := j + len(name); k <= len(s) && strings.EqualFold(s[j:k], name) &&
			(k == len(s) || strings.ContainsRune(" \t\n\r\f/>", rune(s[k]))) {
			if end := strings.IndexByte(s[k:], '>'); end >= 0 {
				return s[k+end+1:]
			}
			return ""
		}
		off = j
	}
}

// tagName splits a lower-cased tag name off the front of s.
func tagName(s string) (string, string) {
	i := 0
	for i < len(s) && !strings.ContainsRune(" \t\n\r\f/>", rune(s[i])) {
		i++
	}
	return strings.ToLower(s[:i]), s[i:]
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

package markup

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanSource readies the editor's text: each byte of invalid UTF-8
// becomes U+FFFD, CRLF and CR become LF, control characters that are
// white space (form feed, vertical tab, NEL) become spaces, and the
// others but tab are dropped, since they have no place in a story and
// break the XML feeds that carry it.
func cleanSource(s string) string {
	s = validUTF8(s)
	if !strings.ContainsFunc(s, func(r rune) bool { return isControl(r) && r != '\t' && r != '\n' }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				n++
			}
		case r == '\t' || r == '\n' || !isControl(r):
			b.WriteString(s[i : i+n])
		case isSpace(r):
			b.WriteByte(' ')
		}
		i += n
	}
	return b.String()
}

// cleanHTMLText readies decoded HTML text for the model: each byte of
// invalid UTF-8 becomes U+FFFD, line breaks and the other control
// characters that are white space become spaces, and the other control
// characters but tab are dropped.
func cleanHTMLText(s string) string {
	s = validUTF8(s)
	if !strings.ContainsFunc(s, func(r rune) bool { return isControl(r) && r != '\t' }) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || !isControl(r):
			b.WriteRune(r)
		case isSpace(r):
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// validUTF8 returns s with each byte of invalid UTF-8 replaced by
// U+FFFD, so that where a text is cut does not change what it becomes.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune { return r }, s)
}

// isControl reports the C0 and C1 control characters and DEL.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 }

// isSpace is what the markup counts as white space, everywhere: what
// ends a line's trim, what may not follow an opening asterisk, what
// follows a list marker.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// trimSpace trims white space from both ends of s.
func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }

// escapable reports the characters a backslash escapes: the ones that
// can mean markup. A backslash before anything else is just a backslash,
// so ¯\_(ツ)_/¯ and C:\news survive as typed.
func escapable(r rune) bool {
	switch r {
	case '\\', '*', '[', ']', '(', ')', '#', '-', '•', '>', '.':
		return true
	}
	return false
}

// digitValue returns the value of a Latin, Persian or Arabic-Indic digit,
// or -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '۰' && r <= '۹':
		return int(r - '۰')
	case r >= '٠' && r <= '٩':
		return int(r - '٠')
	}
	return -1
}

// spaceAt reports whether s has a white-space rune at byte i.
func spaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isSpace(r)
}

// spaceBefore reports whether the rune ending at byte i of s is white
// space.
func spaceBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isSpace(r)
}

// isURLRune reports the runes a link address may hold as typed: anything
// but white space, controls and the characters that delimit markup or
// HTML. Other characters must be percent-encoded.
func isURLRune(r rune) bool {
	switch r {
	case '(', ')', '[', ']', '<', '>', '"', '\\':
		return false
	}
	return !isSpace(r) && !isControl(r) && r != utf8.RuneError
}

// validURL reports whether u is an absolute http or https address made
// of URL runes only: the only addresses a story's links may carry.
func validURL(u string) bool {
	if len(u) < len("http://x") {
		return false
	}
	lower := strings.ToLower(u[:8])
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return false
	}
	for _, r := range u {
		if !isURLRune(r) {
			return false
		}
	}
	p, err := url.Parse(u)
	return err == nil && p.Host != ""
}

package persian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// protectedSpans returns the byte ranges [start, end) of line that hold a
// URL or an e-mail address, in order and not overlapping. Tidy changes
// nothing inside them: a digit, a ي or a ZWNJ in an address is part of it.
func protectedSpans(line string) [][2]int {
	var spans [][2]int
	for i := 0; i < len(line); {
		if end := urlEnd(line, i); end > i {
			spans = append(spans, [2]int{i, end})
			i = end
			continue
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	return addEmails(line, spans)
}

// urlEnd returns the end of a URL starting at line[i], or i when none
// does. A URL starts with http://, https:// or www. at the start of a word
// and runs to white space or to a character no pasted address holds
// (quotes, guillemets, Persian punctuation); trailing punctuation and an
// unmatched closing parenthesis belong to the sentence.
func urlEnd(line string, i int) int {
	if c := line[i] | 0x20; c != 'h' && c != 'w' {
		return i
	}
	var prefix int
	for _, p := range [...]string{"https://", "http://", "www."} {
		if len(line)-i >= len(p) && strings.EqualFold(line[i:i+len(p)], p) {
			prefix = len(p)
			break
		}
	}
	if prefix == 0 || !urlMayStartAfter(line[:i]) {
		return i
	}
	j := i + prefix
	for j < len(line) {
		r, size := utf8.DecodeRuneInString(line[j:])
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("\"<>«»،؛؟", r) {
			break
		}
		j += size
	}
	u := line[i:j]
	parens := strings.Count(u, "(") - strings.Count(u, ")")
	brackets := strings.Count(u, "[") - strings.Count(u, "]")
	for j > i+prefix {
		r, size := utf8.DecodeLastRuneInString(line[i:j])
		switch {
		case r == ')' && parens < 0:
			parens++
		case r == ']' && brackets < 0:
			brackets++
		case strings.ContainsRune(".,;:!?'*", r):
		default:
			return j
		}
		j -= size
	}
	return i
}

// urlMayStartAfter reports whether a URL may start right after before: at
// the start of a line, after white space or after punctuation that is no
// part of an address.
func urlMayStartAfter(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	if before == "" {
		return true
	}
	switch {
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r), r == zwnj, isIgnorable(r):
		return false
	case strings.ContainsRune("@./-_:%+=#~&", r):
		return false
	}
	return true
}

// addEmails adds the e-mail addresses of line outside the URL spans to
// spans: a local part of ASCII letters, digits and ._%+-, an @, and a
// domain with at least one dot and a top-level part of two letters or more.
func addEmails(line string, urls [][2]int) [][2]int {
	if strings.IndexByte(line, '@') < 0 {
		return urls
	}
	var out [][2]int
	next := 0 // index in urls of the next URL span
	from := 0 // bytes before from are in spans already
	for at := strings.IndexByte(line, '@'); at >= 0; {
		for next < len(urls) && urls[next][1] <= at {
			out = append(out, urls[next])
			from = urls[next][1]
			next++
		}
		inURL := next < len(urls) && urls[next][0] <= at
		if s, e, ok := emailAround(line, at, from); ok && !inURL && (next == len(urls) || e <= urls[next][0]) {
			out = append(out, [2]int{s, e})
			from = e
		}
		k := strings.IndexByte(line[at+1:], '@')
		if k < 0 {
			break
		}
		at += 1 + k
	}
	return append(out, urls[next:]...)
}

// emailAround returns the e-mail address around the @ at line[at], not
// reaching before from.
func emailAround(line string, at, from int) (start, end int, ok bool) {
	start = at
	for start > from && isEmailLocal(line[start-1]) {
		start--
	}
	for start < at && line[start] == '.' {
		start++
	}
	end = at + 1
	for end < len(line) && isEmailDomain(line[end]) {
		end++
	}
	for end > at+1 && (line[end-1] == '.' || line[end-1] == '-') {
		end--
	}
	domain := line[at+1 : end]
	dot := strings.LastIndexByte(domain, '.')
	if start == at || dot <= 0 || len(domain)-dot-1 < 2 {
		return 0, 0, false
	}
	for _, c := range domain[dot+1:] {
		if !('a' <= c|0x20 && c|0x20 <= 'z') {
			return 0, 0, false
		}
	}
	return start, end, true
}

func isEmailLocal(c byte) bool {
	return isASCIIAlnum(c) || strings.IndexByte("._%+-", c) >= 0
}

func isEmailDomain(c byte) bool {
	return isASCIIAlnum(c) || c == '.' || c == '-'
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

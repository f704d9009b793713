package news

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Link is a web address found in a comment's text.
type Link struct {
	// Start and End are the byte offsets of the address as written.
	Start, End int
	// URL is where it leads: the address, with http:// before one that
	// starts with www.
	URL string
}

// linkStart finds what may be a web address: http://, https:// or www.
// and what follows up to a space or a character no address holds
// unescaped (quotes, angle brackets, «», and the like).
var linkStart = regexp.MustCompile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"'`«»{}|\\\\^\\[\\]]+")

// FindLinks returns the web addresses in text, in order: only http and
// https addresses with a host, so anything else a reader writes (a
// javascript: or data: address among them) stays text. Punctuation
// ending a sentence is not part of the address.
func FindLinks(text string) []Link {
	if !strings.Contains(text, "://") && !hasWWW(text) {
		return nil // most comments: no need for the expression
	}
	var out []Link
	for _, m := range linkStart.FindAllStringIndex(text, -1) {
		start, end := m[0], m[1]
		end = start + len(trimLinkEnd(text[start:end]))
		raw := text[start:end]
		href := raw
		if strings.HasPrefix(strings.ToLower(raw), "www.") {
			href = "http://" + raw
		}
		u, err := url.Parse(href)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" ||
			strings.ContainsAny(u.Hostname(), "()%") || u.User != nil {
			continue
		}
		out = append(out, Link{Start: start, End: end, URL: href})
	}
	return out
}

// hasWWW reports whether text holds "www." in any case.
func hasWWW(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		if text[i]|0x20 == 'w' && text[i+1]|0x20 == 'w' && text[i+2]|0x20 == 'w' && text[i+3] == '.' {
			return true
		}
	}
	return false
}

// trimLinkEnd drops what ends a sentence rather than an address: dots,
// commas, question marks (Latin and Persian), and a closing bracket the
// address did not open.
func trimLinkEnd(s string) string {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		switch {
		case strings.ContainsRune(".,;:!?،؛؟…", r):
		case r == ')' && strings.Count(s, "(") < strings.Count(s, ")"):
		default:
			return s
		}
		s = s[:len(s)-size]
	}
	return s
}

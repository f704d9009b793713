// Package importer reads stories from the files khabar imports: ninjs JSON
// Lines (what `khabar export` writes), single ninjs JSON documents and page
// text dumps. It tells the format from the content, not the file name.
package importer

import (
	"bytes"
	"encoding/json"

	"khabar/internal/pagedump"
)

// Format is a kind of import file.
type Format int

// The formats Detect tells apart.
const (
	FormatUnknown    Format = iota
	FormatNinjsJSON         // one ninjs object (possibly pretty-printed), or an array of them
	FormatNinjsLines        // ninjs JSON Lines: one object per line
	FormatPageDump          // the text of a published story page
	FormatWXR               // a WordPress export (WXR)
	FormatHTML              // an HTML story page
)

func (f Format) String() string {
	switch f {
	case FormatNinjsJSON:
		return "ninjs JSON"
	case FormatNinjsLines:
		return "ninjs JSON Lines"
	case FormatPageDump:
		return "page dump"
	case FormatWXR:
		return "WordPress export"
	case FormatHTML:
		return "HTML page"
	}
	return "unknown"
}

var bom = []byte("\ufeff")

// Detect tells the format of a file from its first bytes (a few KiB are
// plenty). A first line that is a whole JSON object, or that runs past
// head, or that is followed by a line starting with '{', means JSON Lines;
// other '{' starts mean a pretty-printed object; '[' means an array of
// objects; an RSS document naming the WordPress export namespace is a
// WordPress export; a document opening with <!doctype html>, <html> or
// <head> an HTML page; the "- کد خبر:" line means a page dump.
func Detect(head []byte) Format {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n")
	if len(head) == 0 {
		return FormatUnknown
	}
	switch head[0] {
	case '[':
		return FormatNinjsJSON
	case '{':
		line, rest, found := bytes.Cut(head, []byte("\n"))
		if !found || json.Valid(bytes.TrimSpace(line)) {
			return FormatNinjsLines
		}
		// A broken first line of a JSON Lines file: the next object
		// starts a line of its own, where a pretty-printed object
		// continues with an indented member.
		rest = bytes.TrimLeft(rest, "\r\n")
		if len(rest) > 0 && rest[0] == '{' {
			return FormatNinjsLines
		}
		return FormatNinjsJSON
	}
	if head[0] == '<' {
		lower := bytes.ToLower(head)
		switch {
		case bytes.Contains(lower, []byte("<rss")) && bytes.Contains(lower, []byte("wordpress.org/export")):
			return FormatWXR
		case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<head")):
			return FormatHTML
		}
	}
	if pagedump.Looks(head) {
		return FormatPageDump
	}
	return FormatUnknown
}

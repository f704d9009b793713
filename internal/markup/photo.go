package markup

import (
	"strings"

	"khabar/internal/richtext"
)

// A photo stands alone on its line as
//
//	![caption](photo:ID)
//
// ID being the photo's id (64 hex digits); the caption is plain text,
// read as it is up to the fixed end "](photo:ID)", so it needs no
// escapes. Text that reads like one is a photo; FromHTML never writes a
// paragraph line that does, as it escapes every "[" of text.

const (
	photoOpen  = "!["
	photoMid   = "](photo:"
	photoIDLen = 64
	photoTail  = len(photoMid) + photoIDLen + len(")")
)

// PhotoLine returns the line that places photo id with caption in the
// editor's text.
func PhotoLine(id, caption string) string {
	return photoOpen + richtext.CleanCaption(caption) + photoMid + id + ")"
}

// photoLine reads a trimmed line that places a photo.
func photoLine(s string) (id, caption string, ok bool) {
	if len(s) < len(photoOpen)+photoTail || !strings.HasPrefix(s, photoOpen) || s[len(s)-1] != ')' {
		return "", "", false
	}
	tail := s[len(s)-photoTail:]
	if !strings.HasPrefix(tail, photoMid) {
		return "", "", false
	}
	id = tail[len(photoMid) : len(photoMid)+photoIDLen]
	for i := 0; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return "", "", false
		}
	}
	return id, richtext.CleanCaption(s[len(photoOpen) : len(s)-photoTail]), true
}

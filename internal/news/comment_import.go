package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ImportedComment is an approved comment brought in from an archive with
// its story: a WordPress export's, for one. Key names it in its source
// (unique under the story), ReplyTo is the key of the comment it answers
// ("" for none).
type ImportedComment struct {
	Key     string
	ReplyTo string
	Name    string
	Email   string
	IP      string
	Text    string // plain text
	Created time.Time
}

// MaxImportedComment bounds the text of an imported comment: archives
// hold comments longer than readers may post now, which are kept, but
// not without end.
const MaxImportedComment = 20000

// Tidy trims the comment's fields to what a stored comment may hold:
// control characters other than line breaks go, the name is cut to
// MaxCommentName characters and the text to MaxImportedComment. It
// reports false when nothing is left of the text.
func (c *ImportedComment) Tidy() bool {
	clean := func(s string, lines bool) string {
		s = strings.ToValidUTF8(s, "")
		return strings.TrimSpace(strings.Map(func(r rune) rune {
			if r == '\n' && lines {
				return r
			}
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s))
	}
	cut := func(s string, n int) string {
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		return string([]rune(s)[:n])
	}
	c.Name = cut(clean(c.Name, false), MaxCommentName)
	c.Email = cut(clean(c.Email, false), MaxCommentEmail)
	c.IP = cut(clean(c.IP, false), 64)
	c.Text = cut(clean(strings.ReplaceAll(c.Text, "\r\n", "\n"), true), MaxImportedComment)
	if c.Name == "" {
		c.Name = "ناشناس"
	}
	return c.Text != ""
}

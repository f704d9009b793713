package news

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCommentDraft: whatever a reader types into the comment form,
// Clean keeps it or refuses it with a field error; what it keeps is
// valid UTF-8 without NUL or other controls besides the line break, and
// cleaning it again changes nothing. Seeds: below and
// testdata/fuzz/FuzzCommentDraft.
func FuzzCommentDraft(f *testing.F) {
	f.Add("مریم", "نظر من دربارهٔ این خبر مثبت است.", "")
	f.Add("علی", "خط یک\r\n\r\n\r\nخط دو\tبا زبانه", "ali@example.ir")
	f.Add("نام\u202eوارونه", "<script>alert(1)</script> https://example.ir", "not-an-email")
	f.Add("", "\x00", "")
	f.Add("https://spam.example", "متن", "a@b")
	f.Fuzz(func(t *testing.T, name, text, email string) {
		d, err := CommentDraft{Name: name, Text: text, Email: email}.Clean()
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Clean(%q, %q, %q): %v, want an EINVALID error", name, text, email, err)
			}
			return
		}
		for _, v := range []string{d.Name, d.Text, d.Email} {
			if !utf8.ValidString(v) {
				t.Fatalf("Clean kept %q, not UTF-8", v)
			}
			if i := strings.IndexFunc(v, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }); i >= 0 {
				t.Fatalf("Clean kept %q, with a control character at %d", v, i)
			}
		}
		again, err := d.Clean()
		if err != nil || again != d {
			t.Fatalf("Clean of what Clean kept (%+v): %+v, %v", d, again, err)
		}
	})
}

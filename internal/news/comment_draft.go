package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"khabar/internal/jalali"
)

// Limits on what a reader may send.
const (
	MaxCommentName  = 80
	MaxCommentText  = 3000
	MaxCommentEmail = 254
	MaxCommentLinks = 3
)

// CommentDraft is what a reader sends: the form's fields, or the API's.
type CommentDraft struct {
	Name    string
	Text    string
	Email   string
	ReplyTo int64
}

// Clean returns the draft as it is stored: text trimmed, line breaks
// made \n (three or more in a row become two), tabs spaces, and the
// invisible controls that reorder text (bidi embeddings, overrides and
// isolates) dropped. It returns EINVALID, naming the field, for a draft
// that cannot be kept: invalid UTF-8, a NUL or other control character,
// a missing name or text, a name with a line break or a link, one too
// long, an email that is not one, or more than MaxCommentLinks links.
func (d CommentDraft) Clean() (CommentDraft, error) {
	fields := []struct {
		field, name string
		value       *string
		lines       bool
	}{{"name", "نام", &d.Name, false}, {"text", "متن نظر", &d.Text, true}, {"email", "نشانی ایمیل", &d.Email, false}}
	for _, f := range fields {
		v, err := cleanCommentField(f.field, f.name, *f.value, f.lines)
		if err != nil {
			return d, err
		}
		*f.value = v
	}
	switch n := utf8.RuneCountInString(d.Name); {
	case n == 0:
		return d, FieldErrorf("name", EINVALID, "نام خود را بنویسید")
	case n > MaxCommentName:
		return d, FieldErrorf("name", EINVALID, "نام بیش از %s نویسه است", jalali.PersianNumber(MaxCommentName))
	case len(FindLinks(d.Name)) > 0:
		return d, FieldErrorf("name", EINVALID, "نام نمی‌تواند پیوند (نشانی وب) داشته باشد")
	}
	switch n := utf8.RuneCountInString(d.Text); {
	case n == 0:
		return d, FieldErrorf("text", EINVALID, "متن نظر خالی است")
	case n > MaxCommentText:
		return d, FieldErrorf("text", EINVALID, "متن نظر %s نویسه است؛ بیش از %s نویسه پذیرفته نیست", jalali.PersianNumber(n), jalali.PersianNumber(MaxCommentText))
	}
	if n := len(FindLinks(d.Text)); n > MaxCommentLinks {
		return d, FieldErrorf("text", EINVALID, "نظر %s پیوند دارد؛ بیش از %s پیوند پذیرفته نیست", jalali.PersianNumber(n), jalali.PersianNumber(MaxCommentLinks))
	}
	if d.Email != "" && !plausibleEmail(d.Email) {
		return d, FieldErrorf("email", EINVALID, "نشانی ایمیل درست نیست؛ می‌توانید آن را خالی بگذارید")
	}
	if d.ReplyTo < 0 {
		return d, FieldErrorf("reply_to", EINVALID, "«reply_to» شمارهٔ نظری است که به آن پاسخ می‌دهید")
	}
	return d, nil
}

// cleanCommentField checks and normalizes one field of a draft.
func cleanCommentField(field, name, v string, lines bool) (string, error) {
	if !utf8.ValidString(v) {
		return "", FieldErrorf(field, EINVALID, "%s UTF-8 معتبر نیست", name)
	}
	v = strings.ReplaceAll(v, "\r\n", "\n")
	v = strings.ReplaceAll(v, "\r", "\n")
	var b strings.Builder
	b.Grow(len(v))
	for _, r := range v {
		switch {
		case r == '\n' && !lines:
			return "", FieldErrorf(field, EINVALID, "%s یک خط باشد", name)
		case r == '\t':
			r = ' '
		case reorders(r):
			continue
		case r != '\n' && unicode.IsControl(r):
			return "", FieldErrorf(field, EINVALID, "%s نویسهٔ کنترلی (مانند NUL) دارد", name)
		}
		b.WriteRune(r)
	}
	out := strings.TrimSpace(b.String())
	if !lines {
		return out, nil
	}
	// Each line's end trimmed; at most one blank line in a row.
	ls := strings.Split(out, "\n")
	kept := ls[:0]
	blank := 0
	for _, l := range ls {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			if blank++; blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		kept = append(kept, l)
	}
	return strings.Join(kept, "\n"), nil
}

// reorders reports the invisible bidi controls that make text display
// in another order than it is written (U+202A–U+202E, U+2066–U+2069):
// in a name or a comment they only ever disguise it.
func reorders(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// plausibleEmail checks the shape of an address, not that it exists.
func plausibleEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && len(s) <= MaxCommentEmail && local != "" && strings.Contains(domain, ".") &&
		!strings.ContainsAny(s, " <>\"',;()[]\\") && !strings.Contains(domain, "@") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// CommentPost is a reader's comment on its way to the store, with what
// the store needs to decide on it.
type CommentPost struct {
	StoryID int64
	// Draft is what the reader wrote, cleaned (CommentDraft.Clean).
	Draft CommentDraft
	// IP is the reader's address, kept for moderators; RateKey is what
	// the rate limit counts (the address, or an IPv6 address's /64).
	IP, RateKey string
	Rate        RateLimit
	// Dedup names a form post (its token and content): a post whose
	// Dedup was stored before is that post, sent twice. "" for none.
	Dedup string
}

// RateLimit allows Posts comments per address in each Window; a zero
// Posts allows any number.
type RateLimit struct {
	Posts  int
	Window time.Duration
}

// RateLimited is the error for a reader who has posted their share:
// Retry says how long until they may again. Its code is ETHROTTLED.
type RateLimited struct {
	Retry time.Duration
}

func (e *RateLimited) Error() string { return e.Unwrap().Error() }

// Unwrap is the domain error: ETHROTTLED, with a Persian message saying
// how long to wait.
func (e *RateLimited) Unwrap() error {
	wait := "چند ثانیهٔ"
	if m := int((e.Retry + time.Minute - 1) / time.Minute); e.Retry > 90*time.Second {
		wait = jalali.PersianNumber(m) + " دقیقهٔ"
	}
	return Errorf(ETHROTTLED, "از نشانی شما در زمان کوتاهی نظرهای زیادی فرستاده شده است؛ %s دیگر دوباره بفرستید.", wait)
}

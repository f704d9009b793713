package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Comment is a reader's comment under a story. Readers see it once a
// moderator approved it (or at once under post-moderation, when its
// spam score is low).
type Comment struct {
	ID      int64
	StoryID int64
	// ReplyTo is the comment this one answers; 0 for none. Replies go
	// one level deep: a reply to a reply answers its parent.
	ReplyTo int64
	Name    string
	Text    string
	// Email is never shown to readers.
	Email  string
	IP     string
	Status CommentStatus
	// Score is the spam score; Reasons say where its points came from.
	Score   int
	Reasons []SpamReason
	Created time.Time
	// Decided and DecidedBy say who last moderated it, and when.
	Decided   time.Time
	DecidedBy string

	// Story is the story it is under, as the moderation queue shows it
	// (ID, code, headline); nil elsewhere.
	Story *Story
	// Parent is the name of the comment it answers, for the queue.
	Parent string
}

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

// The moderation states. Only approved comments are shown to readers.
const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentRejected CommentStatus = "rejected"
	CommentSpam     CommentStatus = "spam"
	CommentDeleted  CommentStatus = "deleted"
)

// CommentStatuses lists the states the moderation queue offers, in order.
var CommentStatuses = []CommentStatus{CommentPending, CommentApproved, CommentRejected, CommentSpam, CommentDeleted}

var commentStatusNames = map[CommentStatus]string{
	CommentPending:  "در انتظار بررسی",
	CommentApproved: "تأییدشده",
	CommentRejected: "ردشده",
	CommentSpam:     "هرزنامه",
	CommentDeleted:  "حذف‌شده",
}

// Valid reports whether s is a known state.
func (s CommentStatus) Valid() bool { _, ok := commentStatusNames[s]; return ok }

// Name is the state as the newsroom shows it.
func (s CommentStatus) Name() string {
	if n, ok := commentStatusNames[s]; ok {
		return n
	}
	return string(s)
}

// Decision is what a moderator does to a comment.
type Decision string

// The decisions, each leading to one state.
const (
	DecideApprove Decision = "approve"
	DecideReject  Decision = "reject"
	DecideSpam    Decision = "spam"
	DecideDelete  Decision = "delete"
)

// Decisions lists the decisions in the order the queue offers them.
var Decisions = []Decision{DecideApprove, DecideReject, DecideSpam, DecideDelete}

// ParseDecision reads a decision's name; EINVALID for anything else.
func ParseDecision(s string) (Decision, error) {
	d := Decision(s)
	if d.Status() == "" {
		return "", FieldErrorf("decision", EINVALID, "«decision» یکی از approve، reject، spam یا delete باشد")
	}
	return d, nil
}

// Status is the state a decision leaves a comment in; "" for no decision.
func (d Decision) Status() CommentStatus {
	switch d {
	case DecideApprove:
		return CommentApproved
	case DecideReject:
		return CommentRejected
	case DecideSpam:
		return CommentSpam
	case DecideDelete:
		return CommentDeleted
	}
	return ""
}

// Name is the decision as the queue's buttons say it.
func (d Decision) Name() string {
	switch d {
	case DecideApprove:
		return "تأیید"
	case DecideReject:
		return "رد"
	case DecideSpam:
		return "هرزنامه"
	case DecideDelete:
		return "حذف"
	}
	return string(d)
}

// MayModerate reports whether a may decide on comments and close them.
func MayModerate(a Actor) bool { return a.Roles.Any(RoleModerator, RoleAdmin) }

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
		return d, FieldErrorf("name", EINVALID, "نام بیش از %s نویسه است", persianNumber(MaxCommentName))
	case len(FindLinks(d.Name)) > 0:
		return d, FieldErrorf("name", EINVALID, "نام نمی‌تواند پیوند (نشانی وب) داشته باشد")
	}
	switch n := utf8.RuneCountInString(d.Text); {
	case n == 0:
		return d, FieldErrorf("text", EINVALID, "متن نظر خالی است")
	case n > MaxCommentText:
		return d, FieldErrorf("text", EINVALID, "متن نظر %s نویسه است؛ بیش از %s نویسه پذیرفته نیست", persianNumber(n), persianNumber(MaxCommentText))
	}
	if n := len(FindLinks(d.Text)); n > MaxCommentLinks {
		return d, FieldErrorf("text", EINVALID, "نظر %s پیوند دارد؛ بیش از %s پیوند پذیرفته نیست", persianNumber(n), persianNumber(MaxCommentLinks))
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

// CommentSettings are the site's comment settings, which admins edit in
// the newsroom.
type CommentSettings struct {
	// PostModeration publishes a comment at once unless its spam score
	// holds it; off (the default), every comment waits for a moderator.
	PostModeration bool
	// CloseAfterDays closes a story's comments this many days after it
	// was published; 0 keeps them open.
	CloseAfterDays int
	// Blocked are the words and phrases that count against a comment,
	// matched however they are spelled (see BlockList).
	Blocked []string
}

// MaxCloseAfterDays bounds CloseAfterDays: ten years.
const MaxCloseAfterDays = 3650

// Validate returns EINVALID, naming the field, for settings that cannot
// be kept.
func (s CommentSettings) Validate() error {
	if s.CloseAfterDays < 0 || s.CloseAfterDays > MaxCloseAfterDays {
		return FieldErrorf("close_days", EINVALID, "روزهای باز بودن نظرها عددی از ۰ تا %s باشد", persianNumber(MaxCloseAfterDays))
	}
	if len(s.Blocked) > MaxBlockedWords {
		return FieldErrorf("blocked", EINVALID, "فهرست واژه‌های ممنوع بیش از %s واژه است", persianNumber(MaxBlockedWords))
	}
	for _, w := range s.Blocked {
		if err := plainText("blocked", "واژهٔ ممنوع", w, MaxBlockedWord, false); err != nil {
			return err
		}
		if len(blockedTerms(w)) == 0 {
			return FieldErrorf("blocked", EINVALID, "«%s» واژه‌ای نیست که در متن پیدا شود (واژه‌های پرکاربردی مانند «از» و «که» یافتنی نیستند)", w)
		}
	}
	return nil
}

// StatusFor is the state a new comment with this score starts in.
func (s CommentSettings) StatusFor(score int) CommentStatus {
	switch {
	case score >= SpamScore:
		return CommentSpam
	case s.PostModeration && score < HoldScore:
		return CommentApproved
	}
	return CommentPending
}

// CommentsClosed says why readers may not comment on st at now, given
// the settings and whether a moderator closed its comments; "" when
// they may.
func (s CommentSettings) CommentsClosed(st *Story, closedByModerator bool, now time.Time) string {
	switch {
	case closedByModerator:
		return "ثبت نظر برای این خبر بسته شده است."
	case s.CloseAfterDays > 0 && !st.Published.IsZero() && now.Sub(st.Published) > time.Duration(s.CloseAfterDays)*24*time.Hour:
		return "ثبت نظر برای این خبر بسته شده است: نظرها تا " + persianNumber(s.CloseAfterDays) + " روز پس از انتشار خبر پذیرفته می‌شوند."
	}
	return ""
}

// persianNumber writes n in Persian digits.
func persianNumber(n int) string {
	if n == 0 {
		return "۰"
	}
	var b []rune
	for ; n > 0; n /= 10 {
		b = append([]rune{'۰' + rune(n%10)}, b...)
	}
	return string(b)
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
		wait = persianNumber(m) + " دقیقهٔ"
	}
	return Errorf(ETHROTTLED, "از نشانی شما در زمان کوتاهی نظرهای زیادی فرستاده شده است؛ %s دیگر دوباره بفرستید.", wait)
}

// CommentThread is an approved comment and its approved replies, oldest
// first.
type CommentThread struct {
	*Comment
	Replies []*Comment
}

// CommentSection is what a story's page shows of its comments.
type CommentSection struct {
	Settings CommentSettings
	// ClosedByModerator is set when a moderator closed the story's
	// comments.
	ClosedByModerator bool
	// Threads is one page of the approved comments, oldest first.
	Threads []CommentThread
	// Total counts every approved comment readers see, replies too;
	// Top the comments that are not replies, which pages count.
	Total, Top int
}

// CommentFilter selects comments for the moderation queue, newest
// first.
type CommentFilter struct {
	// Status is the state to list; pending when empty.
	Status CommentStatus
	// StoryID keeps the comments of one story; 0 for all.
	StoryID int64
	// Before continues a list: comments with ids below it.
	Before int64
	Limit  int
}

// CommentQueue is a page of the moderation queue.
type CommentQueue struct {
	Comments []*Comment
	// Total counts every comment the filter matches, on any page.
	Total int
	// Next is the Before of the next page; 0 on the last.
	Next int64
}

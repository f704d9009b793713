package news

import (
	"time"

	"khabar/internal/jalali"
)

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
		return FieldErrorf("close_days", EINVALID, "روزهای باز بودن نظرها عددی از ۰ تا %s باشد", jalali.PersianNumber(MaxCloseAfterDays))
	}
	if len(s.Blocked) > MaxBlockedWords {
		return FieldErrorf("blocked", EINVALID, "فهرست واژه‌های ممنوع بیش از %s واژه است", jalali.PersianNumber(MaxBlockedWords))
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
		return "ثبت نظر برای این خبر بسته شده است: نظرها تا " + jalali.PersianNumber(s.CloseAfterDays) + " روز پس از انتشار خبر پذیرفته می‌شوند."
	}
	return ""
}

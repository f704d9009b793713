package news

import "time"

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

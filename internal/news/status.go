package news

// Status is where a story stands in the newsroom workflow.
type Status string

// The workflow states. Only Published stories are visible to readers;
// a Killed story is gone for them (410), an Unpublished one merely
// withdrawn (404).
const (
	StatusDraft       Status = "draft"
	StatusSubmitted   Status = "submitted"
	StatusPublished   Status = "published"
	StatusScheduled   Status = "scheduled"
	StatusUnpublished Status = "unpublished"
	StatusKilled      Status = "killed"
)

// Statuses lists every state, in the order a newsroom filter shows them.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusScheduled, StatusPublished, StatusUnpublished, StatusKilled}

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	_, ok := statusNames[s]
	return ok
}

// Name is the state as the newsroom shows it.
func (s Status) Name() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return string(s)
}

var statusNames = map[Status]string{
	StatusDraft:       "پیش‌نویس",
	StatusSubmitted:   "ارسال‌شده برای دبیر",
	StatusPublished:   "منتشرشده",
	StatusScheduled:   "زمان‌بندی‌شده",
	StatusUnpublished: "برداشته از انتشار",
	StatusKilled:      "باطل‌شده",
}

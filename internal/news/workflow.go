package news

import "slices"

// Action is something done to a story. Every action is recorded as a
// revision and an audit entry.
type Action string

// The actions of the workflow.
const (
	ActionCreate    Action = "create"    // a new draft
	ActionSave      Action = "save"      // the content edited; the state kept
	ActionSubmit    Action = "submit"    // a draft sent to the editors
	ActionReturn    Action = "return"    // back to draft
	ActionPublish   Action = "publish"   // public now
	ActionSchedule  Action = "schedule"  // public at a set time
	ActionCorrect   Action = "correct"   // a published story corrected, with a notice
	ActionUnpublish Action = "unpublish" // withdrawn from readers
	ActionKill      Action = "kill"      // gone for good, unless an admin restores it
	ActionRestore   Action = "restore"   // a killed story back in the newsroom
	ActionImport    Action = "import"    // written by an import
)

// Name is the action as the newsroom shows it.
func (a Action) Name() string {
	if r, ok := actionNames[a]; ok {
		return r
	}
	return string(a)
}

var actionNames = map[Action]string{
	ActionCreate:    "ایجاد",
	ActionSave:      "ذخیره",
	ActionSubmit:    "ارسال برای دبیر",
	ActionReturn:    "بازگشت به پیش‌نویس",
	ActionPublish:   "انتشار",
	ActionSchedule:  "زمان‌بندی انتشار",
	ActionCorrect:   "اصلاحیه",
	ActionUnpublish: "برداشتن از انتشار",
	ActionKill:      "ابطال",
	ActionRestore:   "بازگردانی",
	ActionImport:    "ورود از بیرون",
}

// rule is one line of the workflow: an action, the states it may start
// from, the state it leads to ("" keeps the state), and who may take it.
type rule struct {
	action Action
	from   []Status
	to     Status
	// roles may take the action on any story; own may take it only on
	// their own.
	roles, own Roles
}

var (
	editors   = Roles{RoleEditor, RoleAdmin}
	writers   = Roles{RoleReporter}
	notKilled = []Status{StatusDraft, StatusSubmitted, StatusScheduled, StatusPublished, StatusUnpublished}
)

// workflow is the whole of who may move a story from which state to
// which. Reporters write and submit their own stories; editors do
// everything but restore a killed story, which only an admin does.
var workflow = []rule{
	{ActionSave, []Status{StatusDraft, StatusSubmitted}, "", editors, writers},
	{ActionSave, []Status{StatusScheduled, StatusPublished, StatusUnpublished}, "", editors, nil},
	{ActionSubmit, []Status{StatusDraft}, StatusSubmitted, editors, writers},
	{ActionReturn, []Status{StatusSubmitted}, StatusDraft, editors, writers},
	{ActionReturn, []Status{StatusScheduled, StatusUnpublished}, StatusDraft, editors, nil},
	{ActionPublish, []Status{StatusDraft, StatusSubmitted, StatusScheduled, StatusUnpublished}, StatusPublished, editors, nil},
	{ActionSchedule, []Status{StatusDraft, StatusSubmitted, StatusScheduled, StatusUnpublished}, StatusScheduled, editors, nil},
	{ActionCorrect, []Status{StatusPublished}, StatusPublished, editors, nil},
	{ActionUnpublish, []Status{StatusPublished, StatusScheduled}, StatusUnpublished, editors, nil},
	{ActionKill, notKilled, StatusKilled, editors, nil},
	{ActionRestore, []Status{StatusKilled}, StatusUnpublished, Roles{RoleAdmin}, nil},
}

// Decide says whether actor may take action on a story in state from,
// written by author (a user id, 0 for none), and the state it leads
// to. It returns an EFORBIDDEN error when the state allows the action
// but not for this actor, and an ECONFLICT error when the state does not
// allow it for anyone.
func Decide(actor Actor, action Action, from Status, author int64) (Status, error) {
	possible := false
	for _, r := range workflow {
		if r.action != action || !slices.Contains(r.from, from) {
			continue
		}
		possible = true
		if actor.Roles.Any(r.roles...) || actor.Roles.Any(r.own...) && actor.ID != 0 && actor.ID == author {
			to := r.to
			if to == "" {
				to = from
			}
			return to, nil
		}
	}
	if !possible {
		return "", Errorf(ECONFLICT, "«%s» برای خبری در وضعیت «%s» ممکن نیست", action.Name(), from.Name())
	}
	return "", Errorf(EFORBIDDEN, "شما اجازهٔ «%s» این خبر را ندارید", action.Name())
}

// MayCreate reports whether actor may write new stories.
func MayCreate(actor Actor) bool { return actor.Roles.Any(RoleReporter, RoleEditor, RoleAdmin) }

// MayAny reports whether actor might take action on some story in some
// state: whether a button for it is worth showing at all.
func MayAny(actor Actor, action Action) bool {
	for _, r := range workflow {
		if r.action == action && (actor.Roles.Any(r.roles...) || actor.Roles.Any(r.own...)) {
			return true
		}
	}
	return false
}

// Moves lists the actions actor may take on a story in state from,
// written by author, in workflow order: the buttons of the editor.
func Moves(actor Actor, from Status, author int64) []Action {
	var out []Action
	for _, r := range workflow {
		if slices.Contains(out, r.action) {
			continue
		}
		if _, err := Decide(actor, r.action, from, author); err == nil {
			out = append(out, r.action)
		}
	}
	return out
}

// TransitionTarget maps the "to" of a transition request (the API's
// word for the state wanted) to the action that leads there.
func TransitionTarget(to string) (Action, bool) {
	switch to {
	case "submitted":
		return ActionSubmit, true
	case "published":
		return ActionPublish, true
	case "scheduled":
		return ActionSchedule, true
	case "unpublished":
		return ActionUnpublish, true
	case "killed":
		return ActionKill, true
	case "corrected":
		return ActionCorrect, true
	case "draft":
		return ActionReturn, true
	case "restored":
		return ActionRestore, true
	}
	return "", false
}

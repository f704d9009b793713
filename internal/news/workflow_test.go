package news

import (
	"slices"
	"strings"
	"testing"
)

// expectedWorkflow is the whole decision table, written out: for each
// action and starting state, what each kind of actor gets — the state
// the story moves to, 403 (not this actor) or 409 (not from this
// state, for anyone). "mine" is a reporter on their own story,
// "theirs" a reporter on someone else's.
const expectedWorkflow = `
action    from         mine        theirs editor      moderator admin
save      draft        draft       403    draft       403       draft
save      submitted    submitted   403    submitted   403       submitted
save      scheduled    403         403    scheduled   403       scheduled
save      published    403         403    published   403       published
save      unpublished  403         403    unpublished 403       unpublished
save      killed       409         409    409         409       409
submit    draft        submitted   403    submitted   403       submitted
submit    submitted    409         409    409         409       409
submit    scheduled    409         409    409         409       409
submit    published    409         409    409         409       409
submit    unpublished  409         409    409         409       409
submit    killed       409         409    409         409       409
return    draft        409         409    409         409       409
return    submitted    draft       403    draft       403       draft
return    scheduled    403         403    draft       403       draft
return    published    409         409    409         409       409
return    unpublished  403         403    draft       403       draft
return    killed       409         409    409         409       409
publish   draft        403         403    published   403       published
publish   submitted    403         403    published   403       published
publish   scheduled    403         403    published   403       published
publish   published    409         409    409         409       409
publish   unpublished  403         403    published   403       published
publish   killed       409         409    409         409       409
schedule  draft        403         403    scheduled   403       scheduled
schedule  submitted    403         403    scheduled   403       scheduled
schedule  scheduled    403         403    scheduled   403       scheduled
schedule  published    409         409    409         409       409
schedule  unpublished  403         403    scheduled   403       scheduled
schedule  killed       409         409    409         409       409
correct   draft        409         409    409         409       409
correct   submitted    409         409    409         409       409
correct   scheduled    409         409    409         409       409
correct   published    403         403    published   403       published
correct   unpublished  409         409    409         409       409
correct   killed       409         409    409         409       409
unpublish draft        409         409    409         409       409
unpublish submitted    409         409    409         409       409
unpublish scheduled    403         403    unpublished 403       unpublished
unpublish published    403         403    unpublished 403       unpublished
unpublish unpublished  409         409    409         409       409
unpublish killed       409         409    409         409       409
kill      draft        403         403    killed      403       killed
kill      submitted    403         403    killed      403       killed
kill      scheduled    403         403    killed      403       killed
kill      published    403         403    killed      403       killed
kill      unpublished  403         403    killed      403       killed
kill      killed       409         409    409         409       409
restore   draft        409         409    409         409       409
restore   submitted    409         409    409         409       409
restore   scheduled    409         409    409         409       409
restore   published    409         409    409         409       409
restore   unpublished  409         409    409         409       409
restore   killed       403         403    403         403       unpublished
`

func TestWorkflowTable(t *testing.T) {
	const me, other = 7, 8
	actors := map[string]struct {
		actor  Actor
		author int64
	}{
		"mine":      {Actor{ID: me, Roles: Roles{RoleReporter}}, me},
		"theirs":    {Actor{ID: me, Roles: Roles{RoleReporter}}, other},
		"editor":    {Actor{ID: me, Roles: Roles{RoleEditor}}, other},
		"moderator": {Actor{ID: me, Roles: Roles{RoleModerator}}, me},
		"admin":     {Actor{ID: me, Roles: Roles{RoleAdmin}}, other},
	}
	lines := strings.Split(strings.TrimSpace(expectedWorkflow), "\n")
	head := strings.Fields(lines[0])
	seen := map[string]bool{}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		action, from := Action(f[0]), Status(f[1])
		seen[f[0]+" "+f[1]] = true
		for i, who := range head[2:] {
			a := actors[who]
			to, err := Decide(a.actor, action, from, a.author)
			got := string(to)
			switch ErrorCode(err) {
			case EFORBIDDEN:
				got = "403"
			case ECONFLICT:
				got = "409"
			}
			if want := f[2+i]; got != want {
				t.Errorf("%s a %s story as %s: got %s, want %s (%v)", action, from, who, got, want, err)
			}
		}
	}
	// Every action of the workflow from every state is in the table.
	for _, r := range workflow {
		for _, s := range Statuses {
			if !seen[string(r.action)+" "+string(s)] {
				t.Errorf("the table says nothing of %s from %s", r.action, s)
			}
		}
	}
}

func TestDecideSystemActorHasNoOwnStories(t *testing.T) {
	// An actor with id 0 (khabar itself) is nobody's author.
	_, err := Decide(Actor{Roles: Roles{RoleReporter}}, ActionSave, StatusDraft, 0)
	if ErrorCode(err) != EFORBIDDEN {
		t.Errorf("reporter with id 0 saving an authorless draft: %v", err)
	}
}

func TestDecideMessagesArePersian(t *testing.T) {
	_, err := Decide(Actor{ID: 1, Roles: Roles{RoleReporter}}, ActionPublish, StatusDraft, 1)
	if msg := ErrorMessage(err); msg != "شما اجازهٔ «انتشار» این خبر را ندارید" {
		t.Errorf("forbidden message %q", msg)
	}
	_, err = Decide(Actor{ID: 1, Roles: Roles{RoleEditor}}, ActionCorrect, StatusDraft, 1)
	if msg := ErrorMessage(err); msg != "«اصلاحیه» برای خبری در وضعیت «پیش‌نویس» ممکن نیست" {
		t.Errorf("conflict message %q", msg)
	}
}

func TestMoves(t *testing.T) {
	reporter := Actor{ID: 3, Roles: Roles{RoleReporter}}
	editor := Actor{ID: 4, Roles: Roles{RoleEditor}}
	tests := []struct {
		actor  Actor
		from   Status
		author int64
		want   []Action
	}{
		{reporter, StatusDraft, 3, []Action{ActionSave, ActionSubmit}},
		{reporter, StatusSubmitted, 3, []Action{ActionSave, ActionReturn}},
		{reporter, StatusDraft, 9, nil},
		{reporter, StatusPublished, 3, nil},
		{editor, StatusPublished, 3, []Action{ActionSave, ActionCorrect, ActionUnpublish, ActionKill}},
		{editor, StatusKilled, 3, nil},
		{Actor{ID: 5, Roles: Roles{RoleAdmin}}, StatusKilled, 3, []Action{ActionRestore}},
	}
	for _, tt := range tests {
		if got := Moves(tt.actor, tt.from, tt.author); !slices.Equal(got, tt.want) {
			t.Errorf("Moves(%v, %s, %d) = %v, want %v", tt.actor.Roles, tt.from, tt.author, got, tt.want)
		}
	}
}

func TestTransitionTarget(t *testing.T) {
	for to, want := range map[string]Action{"submitted": ActionSubmit, "published": ActionPublish,
		"scheduled": ActionSchedule, "unpublished": ActionUnpublish, "killed": ActionKill,
		"corrected": ActionCorrect, "draft": ActionReturn, "restored": ActionRestore} {
		if got, ok := TransitionTarget(to); !ok || got != want {
			t.Errorf("TransitionTarget(%q) = %v, %v", to, got, ok)
		}
	}
	if _, ok := TransitionTarget("archived"); ok {
		t.Error("unknown target accepted")
	}
}

func TestParseRoles(t *testing.T) {
	rs, err := ParseRoles("admin, Editor,editor")
	if err != nil || !slices.Equal(rs, Roles{RoleEditor, RoleAdmin}) {
		t.Errorf("ParseRoles = %v, %v", rs, err)
	}
	if rs.String() != "editor,admin" || rs.Names() != "دبیر، مدیر" {
		t.Errorf("String %q Names %q", rs.String(), rs.Names())
	}
	for _, bad := range []string{"", " , ", "chief", "editor,root"} {
		if _, err := ParseRoles(bad); ErrorCode(err) != EINVALID || ErrorField(err) != "roles" {
			t.Errorf("ParseRoles(%q) = %v", bad, err)
		}
	}
}

func TestUserNamesAndPasswords(t *testing.T) {
	for _, ok := range []string{"admin", "m.ahmadi", "reporter_2", "a-b"} {
		if err := ValidUserName(ok); err != nil {
			t.Errorf("ValidUserName(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Admin", "مریم", "a b", "a\x00", strings.Repeat("a", MaxUserName+1)} {
		if err := ValidUserName(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ValidUserName(%q) = %v", bad, err)
		}
	}
	if NormalizeUserName("  Admin ") != "admin" {
		t.Error("NormalizeUserName")
	}
	for _, ok := range []string{"گذرواژه‌ی بلند", "correct horse battery", strings.Repeat("x", 64), strings.Repeat("y", MaxPassword)} {
		if err := ValidPassword(ok); err != nil {
			t.Errorf("ValidPassword(%d bytes) = %v", len(ok), err)
		}
	}
	for _, bad := range []string{"", "short", "۱۲۳۴۵۶۷۸۹", "with\x00nul-password", "\xff\xfe-not-utf8-x", strings.Repeat("z", MaxPassword+1)} {
		if err := ValidPassword(bad); ErrorCode(err) != EINVALID || ErrorField(err) != "password" {
			t.Errorf("ValidPassword(%q) = %v", bad, err)
		}
	}
}

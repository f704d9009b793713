package news

import (
	"slices"
	"strings"
)

// Role is what a newsroom user may do. A user holds one or more.
type Role string

// The roles. Reporters write and submit their own stories; editors do
// everything to stories but restore a killed one; moderators handle
// reader comments; admins manage people and sections and may do all of
// the above.
const (
	RoleReporter  Role = "reporter"
	RoleEditor    Role = "editor"
	RoleModerator Role = "moderator"
	RoleAdmin     Role = "admin"
)

// AllRoles lists the roles in the order the newsroom shows them.
var AllRoles = []Role{RoleReporter, RoleEditor, RoleModerator, RoleAdmin}

// Name is the role as the newsroom shows it.
func (r Role) Name() string {
	switch r {
	case RoleReporter:
		return "خبرنگار"
	case RoleEditor:
		return "دبیر"
	case RoleModerator:
		return "ناظر نظرها"
	case RoleAdmin:
		return "مدیر"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// Roles is a set of roles, kept sorted in AllRoles order.
type Roles []Role

// ParseRoles reads roles separated by commas or spaces ("editor,admin").
// It returns an EINVALID error naming an unknown role, and for none.
func ParseRoles(s string) (Roles, error) {
	var out Roles
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '،' }) {
		r := Role(strings.ToLower(strings.TrimSpace(f)))
		if !r.Valid() {
			return nil, FieldErrorf("roles", EINVALID, "نقش «%s» شناخته نیست؛ نقش‌ها: reporter، editor، moderator، admin", f)
		}
		out = out.With(r)
	}
	if len(out) == 0 {
		return nil, FieldErrorf("roles", EINVALID, "دست‌کم یک نقش لازم است")
	}
	return out, nil
}

// Has reports whether the set holds r.
func (rs Roles) Has(r Role) bool { return slices.Contains(rs, r) }

// Any reports whether the set holds any of want.
func (rs Roles) Any(want ...Role) bool {
	for _, r := range want {
		if rs.Has(r) {
			return true
		}
	}
	return false
}

// With returns the set with r added.
func (rs Roles) With(r Role) Roles {
	if rs.Has(r) {
		return rs
	}
	out := append(Roles{}, rs...)
	out = append(out, r)
	slices.SortFunc(out, func(a, b Role) int { return slices.Index(AllRoles, a) - slices.Index(AllRoles, b) })
	return out
}

// String joins the roles with commas, as they are stored.
func (rs Roles) String() string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// Names joins the roles' Persian names.
func (rs Roles) Names() string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.Name()
	}
	return strings.Join(s, "، ")
}

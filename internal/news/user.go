package news

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is a member of the newsroom.
type User struct {
	ID int64
	// Name is the login name: lower-case ASCII letters, digits, '.', '_'
	// and '-', as typed at the login form and on the command line.
	Name string
	// DisplayName is how the newsroom shows the user (and the default
	// byline); the login name when empty.
	DisplayName string
	Roles       Roles
	Disabled    bool
	// MustChangePassword is set for a password someone else chose (the
	// first admin's, a reset): the next login goes to the password page.
	MustChangePassword bool
	Created            time.Time
	PasswordChanged    time.Time
}

// Shown is the name the newsroom shows for u.
func (u *User) Shown() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}

// Actor is who does something: a user, or khabar itself (the scheduler,
// an import) with ID 0.
type Actor struct {
	ID    int64
	Name  string
	Roles Roles
}

// System actors: khabar acting on its own.
var (
	ActorScheduler = Actor{Name: "زمان‌بند", Roles: Roles{RoleEditor}}
	ActorImport    = Actor{Name: "ورود خودکار", Roles: Roles{RoleEditor}}
)

// ActorOf returns the actor a user acts as.
func ActorOf(u *User) Actor { return Actor{ID: u.ID, Name: u.Shown(), Roles: u.Roles} }

// Password limits. Any longer passphrase is accepted up to MaxPassword
// bytes, which only bounds the hashing work.
const (
	MinPassword = 10
	MaxPassword = 1024
	MaxUserName = 64
	MaxName     = 200
)

// ValidUserName returns an EINVALID error unless name is a login name.
func ValidUserName(name string) error {
	if name == "" {
		return FieldErrorf("name", EINVALID, "نام کاربری لازم است")
	}
	if len(name) > MaxUserName {
		return FieldErrorf("name", EINVALID, "نام کاربری بیش از %d نویسه است", MaxUserName)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return FieldErrorf("name", EINVALID, "نام کاربری فقط حروف کوچک لاتین، رقم و . _ - می‌پذیرد")
		}
	}
	return nil
}

// NormalizeUserName is the form a login name is stored and looked up in.
func NormalizeUserName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// ValidPassword returns an EINVALID error for a password that is too
// short, too long or not text.
func ValidPassword(p string) error {
	switch {
	case !utf8.ValidString(p) || strings.ContainsFunc(p, unicode.IsControl):
		return FieldErrorf("password", EINVALID, "گذرواژه نویسهٔ نامعتبر دارد")
	case utf8.RuneCountInString(p) < MinPassword:
		return FieldErrorf("password", EINVALID, "گذرواژه دست‌کم %d نویسه باشد", MinPassword)
	case len(p) > MaxPassword:
		return FieldErrorf("password", EINVALID, "گذرواژه بیش از %d بایت است", MaxPassword)
	}
	return nil
}

// ValidDisplayName returns an EINVALID error for a name that is not
// plain text of reasonable length.
func ValidDisplayName(name string) error {
	if err := plainText("display_name", "نام نمایشی", name, MaxName, false); err != nil {
		return err
	}
	return nil
}

// Session is a newsroom login. The cookie carries a secret whose hash
// names the session; CSRF is the token every state-changing form of the
// session must carry.
type Session struct {
	Hash    string
	UserID  int64
	CSRF    string
	Created time.Time
	Seen    time.Time
	Expires time.Time
	IP      string
	Agent   string
}

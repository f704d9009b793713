package newsroom

import (
	"net/http"
	"strconv"

	"khabar/internal/auth"
	"khabar/internal/httpx"
	"khabar/internal/news"
)

type auditData struct {
	pageData
	Entries                       []news.AuditEntry
	Users                         []*news.User
	Actor, Kind, Action, From, To string
	NextURL                       string
	Error                         string
}

const auditPage = 50

// showAudit is the audit log: who did what to which story or user,
// when, newest first, filtered by person, kind of object, action and
// Jalali dates.
func (n *Newsroom) showAudit(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	q := r.URL.Query()
	d := auditData{pageData: n.pageData(v, "گزارش رویدادها"), Actor: q.Get("actor"), Kind: q.Get("kind"),
		Action: q.Get("action"), From: q.Get("from"), To: q.Get("to")}
	f := news.AuditFilter{Kind: d.Kind, Action: d.Action, Limit: auditPage}
	f.ActorID, _ = strconv.ParseInt(d.Actor, 10, 64)
	f.ObjectID, _ = strconv.ParseInt(q.Get("object"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	var err error
	if f.From, err = jalaliDay(d.From, false); err != nil {
		d.Error = "تاریخ «از» را به شکل ۱۴۰۲/۰۸/۰۱ بنویسید."
	}
	if f.To, err = jalaliDay(d.To, true); err != nil {
		d.Error = "تاریخ «تا» را به شکل ۱۴۰۲/۰۸/۰۱ بنویسید."
	}
	if d.Entries, err = n.store.Audit(ctx, f); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if d.Users, err = n.store.Users(ctx); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if len(d.Entries) == auditPage {
		u := *r.URL
		vals := u.Query()
		vals.Set("before", strconv.FormatInt(d.Entries[len(d.Entries)-1].ID, 10))
		u.RawQuery = vals.Encode()
		d.NextURL = u.RequestURI()
	}
	n.render(w, r, http.StatusOK, "audit", d)
}

type usersData struct {
	pageData
	Users []*news.User
	Error string
	// Secret is a password or token shown once, for User.
	Secret, SecretKind, SecretUser string
	// New is the create form as filled in, after an error.
	NewName, NewDisplay string
}

// showUsers lists the newsroom's people, with the form to add one.
func (n *Newsroom) showUsers(w http.ResponseWriter, r *http.Request, v *view) {
	n.renderUsers(w, r, v, http.StatusOK, usersData{})
}

func (n *Newsroom) renderUsers(w http.ResponseWriter, r *http.Request, v *view, status int, d usersData) {
	users, err := n.store.Users(r.Context())
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	msg := d.Flash
	d.pageData = n.pageData(v, "کاربران")
	d.Flash = msg
	if d.Flash == "" {
		d.Flash = flash(r)
	}
	d.Users = users
	n.render(w, r, status, "users", d)
}

// formRoles reads the roles ticked in a form.
func formRoles(r *http.Request) (news.Roles, error) {
	var rs news.Roles
	for _, s := range r.PostForm["role"] {
		role := news.Role(s)
		if !role.Valid() {
			return nil, news.FieldErrorf("roles", news.EINVALID, "نقش «%s» شناخته نیست", s)
		}
		rs = rs.With(role)
	}
	if len(rs) == 0 {
		return nil, news.FieldErrorf("roles", news.EINVALID, "دست‌کم یک نقش را برگزینید")
	}
	return rs, nil
}

// createUser adds a user with a password given in the form, or a new
// random one shown once; either must be changed at first login.
func (n *Newsroom) createUser(w http.ResponseWriter, r *http.Request, v *view) {
	d := usersData{NewName: r.PostForm.Get("name"), NewDisplay: r.PostForm.Get("display_name")}
	roles, err := formRoles(r)
	password := r.PostForm.Get("password")
	shown := password == ""
	if shown {
		password = auth.NewPassword()
	}
	if err == nil {
		err = news.ValidPassword(password)
	}
	if err == nil {
		u := &news.User{Name: d.NewName, DisplayName: d.NewDisplay, Roles: roles, MustChangePassword: true}
		if err = n.store.CreateUser(r.Context(), v.Actor, u, auth.HashPassword(password, n.cfg.Password)); err == nil {
			d = usersData{}
			d.Flash = "کاربر «" + u.Name + "» ساخته شد؛ باید در نخستین ورود گذرواژه‌اش را عوض کند."
			if shown {
				d.Secret, d.SecretKind, d.SecretUser = password, "گذرواژهٔ یک‌بار مصرف", u.Name
			}
			n.renderUsers(w, r, v, http.StatusOK, d)
			return
		}
	}
	if status := httpx.Status(err); status != http.StatusInternalServerError {
		d.Error = news.ErrorMessage(err)
		n.renderUsers(w, r, v, status, d)
		return
	}
	n.renderError(w, r, v, err)
}

func (n *Newsroom) userByPath(w http.ResponseWriter, r *http.Request, v *view) (*news.User, bool) {
	id, ok := n.pathID(w, r, v, "کاربر")
	if !ok {
		return nil, false
	}
	u, err := n.store.UserByID(r.Context(), id)
	if err != nil {
		n.renderError(w, r, v, err)
		return nil, false
	}
	return u, true
}

// updateUser writes a user's display name, roles and whether they may
// log in. An admin cannot take their own admin role or account away.
func (n *Newsroom) updateUser(w http.ResponseWriter, r *http.Request, v *view) {
	u, ok := n.userByPath(w, r, v)
	if !ok {
		return
	}
	roles, err := formRoles(r)
	if err == nil {
		u.DisplayName, u.Roles, u.Disabled = r.PostForm.Get("display_name"), roles, r.PostForm.Get("disabled") == "1"
		if u.ID == v.User.ID && (u.Disabled || !u.Roles.Has(news.RoleAdmin)) {
			err = news.Errorf(news.ECONFLICT, "نمی‌توانید حساب یا نقش مدیریت خودتان را بردارید")
		}
	}
	if err == nil {
		err = n.store.UpdateUser(r.Context(), v.Actor, u)
	}
	if err != nil {
		if status := httpx.Status(err); status != http.StatusInternalServerError {
			n.renderUsers(w, r, v, status, usersData{Error: news.ErrorMessage(err)})
			return
		}
		n.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/newsroom/users?done=user", http.StatusSeeOther)
}

// resetPassword gives a user a new random password, shown once, to be
// changed at next login; their sessions end.
func (n *Newsroom) resetPassword(w http.ResponseWriter, r *http.Request, v *view) {
	u, ok := n.userByPath(w, r, v)
	if !ok {
		return
	}
	password := auth.NewPassword()
	if err := n.store.SetPassword(r.Context(), v.Actor, u.ID, auth.HashPassword(password, n.cfg.Password), true, ""); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.renderUsers(w, r, v, http.StatusOK, usersData{Secret: password, SecretKind: "گذرواژهٔ تازهٔ یک‌بار مصرف", SecretUser: u.Name})
}

// createToken makes an API token for a user, shown once.
func (n *Newsroom) createToken(w http.ResponseWriter, r *http.Request, v *view) {
	u, ok := n.userByPath(w, r, v)
	if !ok {
		return
	}
	token := auth.NewToken()
	if err := n.store.CreateToken(r.Context(), v.Actor, u.ID, auth.Digest(token)); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.renderUsers(w, r, v, http.StatusOK, usersData{Secret: token, SecretKind: "کلید API", SecretUser: u.Name})
}

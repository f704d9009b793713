package newsroom

import (
	"net/http"
	"strconv"
	"strings"

	"khabar/internal/httpx"
	"khabar/internal/news"
)

type sectionsData struct {
	pageData
	Rows    []sectionRow
	All     []news.Section // for the parent and merge choices
	InNav   int
	MaxNav  int
	Error   string
	ErrorID int64 // the section the error is about; 0 for the new one
	// New is the add form as filled in, after an error.
	New news.Section
}

// sectionRow is one section in the admins' table, in tree order.
type sectionRow struct {
	news.Section
	Depth   int
	Aliases string
	First   bool // first or last among its siblings: no up or down
	Last    bool
}

// showSections is the admins' table of sections: the tree with its
// order, the navigation, the other names imports know each by, and
// merging one into another.
func (n *Newsroom) showSections(w http.ResponseWriter, r *http.Request, v *view) {
	d := sectionsData{}
	d.Flash = flash(r)
	n.renderSections(w, r, v, http.StatusOK, d)
}

func (n *Newsroom) renderSections(w http.ResponseWriter, r *http.Request, v *view, status int, d sectionsData) {
	ctx := r.Context()
	tree, err := n.store.SectionTree(ctx)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	aliases, err := n.store.SectionAliases(ctx)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	msg := d.Flash
	d.pageData = n.pageData(v, "سرویس‌ها")
	d.Flash = msg
	d.All, d.MaxNav, d.InNav = tree.All, news.MaxNav, len(tree.Nav())
	for i, sec := range tree.All {
		parent := sec.ParentID
		if tree.Depth[i] == 0 {
			parent = 0
		}
		siblings := tree.Children(parent)
		d.Rows = append(d.Rows, sectionRow{Section: sec, Depth: tree.Depth[i], Aliases: strings.Join(aliases[sec.ID], "، "),
			First: siblings[0].ID == sec.ID, Last: siblings[len(siblings)-1].ID == sec.ID})
	}
	n.render(w, r, status, "sections", d)
}

// sectionForm reads a section's fields from the form.
func sectionForm(r *http.Request) (news.Section, []string) {
	f := r.PostForm
	sec := news.Section{Name: f.Get("name"), Slug: f.Get("slug"), InNav: f.Get("nav") == "1"}
	sec.ParentID, _ = strconv.ParseInt(f.Get("parent"), 10, 64)
	aliases := strings.FieldsFunc(f.Get("aliases"), func(r rune) bool { return r == '،' || r == ',' || r == '\n' })
	return sec, aliases
}

// createSection adds a section.
func (n *Newsroom) createSection(w http.ResponseWriter, r *http.Request, v *view) {
	sec, _ := sectionForm(r)
	err := n.store.AddSection(r.Context(), v.Actor, &sec)
	if err == nil {
		http.Redirect(w, r, "/newsroom/sections?done=section", http.StatusSeeOther)
		return
	}
	n.sectionFailed(w, r, v, err, sectionsData{New: sec})
}

// updateSection saves a section's row, or moves it up or down among its
// siblings (op=up, op=down).
func (n *Newsroom) updateSection(w http.ResponseWriter, r *http.Request, v *view) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		n.renderError(w, r, v, news.Errorf(news.ENOTFOUND, "سرویس پیدا نشد"))
		return
	}
	switch r.PostForm.Get("op") {
	case "up":
		err = n.store.MoveSection(r.Context(), v.Actor, id, -1)
	case "down":
		err = n.store.MoveSection(r.Context(), v.Actor, id, 1)
	default:
		if _, err = n.store.SectionByID(r.Context(), id); err == nil {
			sec, aliases := sectionForm(r)
			sec.ID = id
			err = n.store.UpdateSection(r.Context(), v.Actor, sec, aliases)
		}
	}
	if err == nil {
		http.Redirect(w, r, "/newsroom/sections?done=section#section-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	n.sectionFailed(w, r, v, err, sectionsData{ErrorID: id})
}

// mergeSection merges the section into the one the form names.
func (n *Newsroom) mergeSection(w http.ResponseWriter, r *http.Request, v *view) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		n.renderError(w, r, v, news.Errorf(news.ENOTFOUND, "سرویس پیدا نشد"))
		return
	}
	into, _ := strconv.ParseInt(r.PostForm.Get("into"), 10, 64)
	if into == 0 {
		n.sectionFailed(w, r, v, news.FieldErrorf("into", news.EINVALID, "سرویسی را که این سرویس در آن ادغام شود برگزینید"), sectionsData{ErrorID: id})
		return
	}
	if _, err = n.store.MergeSection(r.Context(), v.Actor, id, into); err == nil {
		http.Redirect(w, r, "/newsroom/sections?done=merged", http.StatusSeeOther)
		return
	}
	n.sectionFailed(w, r, v, err, sectionsData{ErrorID: id})
}

// sectionFailed shows the table again with what went wrong, or the
// error page for what is not the form's fault.
func (n *Newsroom) sectionFailed(w http.ResponseWriter, r *http.Request, v *view, err error, d sectionsData) {
	status := httpx.Status(err)
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		n.renderError(w, r, v, err)
		return
	}
	d.Error = news.ErrorMessage(err)
	n.renderSections(w, r, v, status, d)
}

package newsroom

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
	"khabar/internal/markup"
	"khabar/internal/news"
	"khabar/internal/photo"
	"khabar/internal/store"
)

// editorData is the story editor: a new story's (Story nil) or an
// existing one's.
type editorData struct {
	pageData
	Story    *news.Story
	Form     storyForm
	Sections []news.Section
	// Moves are the actions the user may take on the story now.
	Moves []news.Action
	Error string
	Field string // the field the error is about
	// Conflict is set when someone else saved first.
	Conflict *conflict
	// Tidied lists what the tidy action changed, field by field.
	Tidied []fieldDiff
	// Autosave is the user's unsaved text, when it differs from the form.
	Autosave *store.Autosave
	// At is the schedule field's value.
	At   string
	Help string
	// Breaking is the «فوری» form of a published story, for editors.
	Breaking *breakingForm
	// Photo is the lead photo the form names, as the library has it.
	Photo *news.Photo
	// UploadCredit is the credit an upload starts with: the user's name;
	// UploadCaption and UploadPlace what the writer gave with an upload
	// that was refused.
	UploadCredit, UploadCaption, UploadPlace string
	// MaxUpload is the largest photo accepted, in bytes.
	MaxUpload int
}

// conflict is what the editor shows of a save someone else's save beat.
type conflict struct {
	Current *news.Story
	By      string
	At      time.Time
	Changes []fieldDiff
}

func (e *editorData) may(a news.Action) bool {
	for _, m := range e.Moves {
		if m == a {
			return true
		}
	}
	return false
}

// Can reports whether the editor shows the button for action a.
func (e *editorData) Can(a string) bool { return e.may(news.Action(a)) }

func (n *Newsroom) newEditor(r *http.Request, v *view, st *news.Story, title string) (*editorData, error) {
	sections, err := n.store.Sections(r.Context())
	if err != nil {
		return nil, err
	}
	d := &editorData{pageData: n.pageData(v, title), Story: st, Sections: sections, Help: markup.Help,
		At:           jalali.FormatNumeric(n.now().Add(time.Hour).Truncate(time.Minute)),
		UploadCredit: v.User.Shown(), MaxUpload: photo.MaxBytes}
	d.Flash = flash(r)
	if st == nil {
		d.Moves = []news.Action{news.ActionSave}
		if news.MayAny(v.Actor, news.ActionSubmit) {
			d.Moves = append(d.Moves, news.ActionSubmit)
		}
		for _, a := range []news.Action{news.ActionPublish, news.ActionSchedule} {
			if _, err := news.Decide(v.Actor, a, news.StatusDraft, 0); err == nil {
				d.Moves = append(d.Moves, a)
			}
		}
	} else {
		d.Moves = news.Moves(v.Actor, st.Status, st.AuthorID)
		if d.Breaking, err = n.breakingForm(r, v, st); err != nil {
			return nil, err
		}
		if !st.Published.IsZero() && st.Status == news.StatusScheduled {
			d.At = jalali.FormatNumeric(st.Published)
		}
	}
	return d, nil
}

func (n *Newsroom) showNewStory(w http.ResponseWriter, r *http.Request, v *view) {
	d, err := n.newEditor(r, v, nil, "خبر تازه")
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d.Form = storyForm{Byline: v.User.Shown()}
	if len(d.Sections) > 0 {
		d.Form.Section = d.Sections[0].Slug
	}
	if err := n.offerAutosave(r, v, d, 0); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.renderEditor(w, r, http.StatusOK, d)
}

// offerAutosave restores the user's autosaved text when asked to
// (?restore=1), and otherwise offers it when it differs from the form.
func (n *Newsroom) offerAutosave(r *http.Request, v *view, d *editorData, storyID int64) error {
	a, err := n.store.AutosaveOf(r.Context(), v.User.ID, storyID)
	if err != nil || a == nil {
		return err
	}
	saved := storyForm{Section: a.Content.Section, Kicker: a.Content.Kicker, Headline: a.Content.Headline,
		Lead: a.Content.Lead, Credit: a.Content.Source, Byline: a.Content.Byline, Body: a.Content.Body,
		Tags: joinTags(a.Content.Tags), Photo: a.Content.Photo, PhotoCaption: a.Content.PhotoCaption, Base: d.Form.Base}
	if saved == d.Form {
		return nil
	}
	if r.URL.Query().Get("restore") == "1" {
		d.Form = saved
		d.Flash = "متن ذخیره‌شدهٔ خودکار بازگردانده شد؛ برای نگه داشتنش ذخیره کنید."
		return nil
	}
	d.Autosave = a
	return nil
}

func (n *Newsroom) createStory(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	form := readForm(r.PostForm)
	action := news.Action(r.PostForm.Get("action"))
	d, err := n.newEditor(r, v, nil, "خبر تازه")
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if err := n.takeUpload(r, v, &form); err != nil {
		d.Form = form
		n.editorError(w, r, d, err)
		return
	}
	d.Form = form
	if action == "tidy" {
		d.Form, d.Tidied = form.tidy()
		n.renderEditor(w, r, http.StatusOK, d)
		return
	}
	st, err := n.store.CreateDraft(ctx, v.Actor, form.content())
	if err != nil {
		n.editorError(w, r, d, err)
		return
	}
	done := "created"
	if action != news.ActionSave && action != "" {
		cmd := store.Command{Action: action, Base: st.Revision}
		if err := n.commandFor(r, &cmd); err == nil {
			_, err = n.store.Write(ctx, v.Actor, st.ID, cmd)
		}
		if err != nil {
			// The draft is saved; say why the rest was not done.
			http.Redirect(w, r, storyPath(st.ID)+"?done=created&failed="+string(action), http.StatusSeeOther)
			return
		}
		done = string(action)
	}
	http.Redirect(w, r, storyPath(st.ID)+"?done="+done, http.StatusSeeOther)
}

func storyPath(id int64) string { return "/newsroom/stories/" + strconv.FormatInt(id, 10) }

// commandFor reads what an action needs besides the story: a schedule's
// time, a note.
func (n *Newsroom) commandFor(r *http.Request, cmd *store.Command) error {
	switch cmd.Action {
	case news.ActionSave, news.ActionSubmit, news.ActionReturn, news.ActionPublish, news.ActionUnpublish,
		news.ActionCorrect, news.ActionKill, news.ActionRestore:
	case news.ActionSchedule:
		at, err := parseWhen(r.PostForm.Get("at"))
		if err != nil {
			return err
		}
		cmd.At = at
	default:
		return news.Errorf(news.EINVALID, "کار خواسته‌شده شناخته نیست")
	}
	cmd.Note = r.PostForm.Get("note")
	return nil
}

// renderEditor shows the editor, with the lead photo its form names.
func (n *Newsroom) renderEditor(w http.ResponseWriter, r *http.Request, status int, d *editorData) {
	if r.Method == http.MethodPost && d.Field != "" && r.PostForm.Has(photo.CreditField) {
		d.UploadCaption, d.UploadCredit = r.PostForm.Get(photo.CaptionField), r.PostForm.Get(photo.CreditField)
		d.UploadPlace = r.PostForm.Get("upload_place")
	}
	if d.Form.Photo != "" && (d.Photo == nil || d.Photo.ID != d.Form.Photo) {
		d.Photo = nil
		if p, err := n.store.Photo(r.Context(), d.Form.Photo); err == nil {
			d.Photo = p
		}
	}
	n.render(w, r, status, "editor", d)
}

// pathID reads {id}, or writes the page saying what (خبر, سرویس, …)
// was not found and returns false.
func (n *Newsroom) pathID(w http.ResponseWriter, r *http.Request, v *view, what string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		n.renderError(w, r, v, news.Errorf(news.ENOTFOUND, "%s پیدا نشد", what))
		return 0, false
	}
	return id, true
}

func (n *Newsroom) showStory(w http.ResponseWriter, r *http.Request, v *view) {
	st, ok := n.story(w, r, v)
	if !ok {
		return
	}
	d, err := n.newEditor(r, v, st, st.Headline)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d.Form = formOf(news.ContentOf(st), st.Revision)
	if failed := news.Action(r.URL.Query().Get("failed")); failed != "" {
		d.Error = "خبر ذخیره شد، اما «" + failed.Name() + "» انجام نشد؛ دوباره تلاش کنید."
	}
	if err := n.offerAutosave(r, v, d, st.ID); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.renderEditor(w, r, http.StatusOK, d)
}

// saveStory saves the editor's form, taking the action of the button
// pressed: save, save and submit, publish, schedule; or tidies the text
// without saving.
func (n *Newsroom) saveStory(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	st, ok := n.story(w, r, v)
	if !ok {
		return
	}
	id := st.ID
	d, err := n.newEditor(r, v, st, st.Headline)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	form := readForm(r.PostForm)
	d.Form = form
	if err := n.takeUpload(r, v, &form); err != nil {
		n.editorError(w, r, d, err)
		return
	}
	d.Form = form
	action := news.Action(r.PostForm.Get("action"))
	if action == "tidy" {
		d.Form, d.Tidied = form.tidy()
		n.renderEditor(w, r, http.StatusOK, d)
		return
	}
	c := form.content()
	cmd := store.Command{Action: action, Base: form.Base, Content: &c}
	if action == "" {
		cmd.Action = news.ActionSave
	}
	if err := n.commandFor(r, &cmd); err != nil {
		n.editorError(w, r, d, err)
		return
	}
	saved, err := n.store.Write(ctx, v.Actor, id, cmd)
	if err != nil {
		n.editorError(w, r, d, err)
		return
	}
	done := string(cmd.Action)
	if saved.Revision == st.Revision {
		done = "nochange"
	}
	http.Redirect(w, r, storyPath(id)+"?done="+done, http.StatusSeeOther)
}

// editorError shows the editor again with what the writer typed and
// why it was not saved; for a save someone else's beat, with their
// change, and ready to save over it.
func (n *Newsroom) editorError(w http.ResponseWriter, r *http.Request, d *editorData, err error) {
	var stale *news.Stale
	switch code := news.ErrorCode(err); {
	case errors.As(err, &stale):
		cur := stale.Current
		c := &conflict{Current: cur}
		if stale.Base != nil {
			c.Changes = diffContents(stale.Base.Content, news.ContentOf(cur))
		}
		if revs, err := n.store.Revisions(r.Context(), cur.ID); err == nil && len(revs) > 0 {
			c.By, c.At = revs[0].Actor.Name, revs[0].At
		}
		d.Conflict = c
		d.Story = cur
		d.Moves = news.Moves(d.Actor, cur.Status, cur.AuthorID)
		d.Form.Base = cur.Revision
		d.Error = news.ErrorMessage(err)
		n.renderEditor(w, r, http.StatusConflict, d)
	case code == news.EINVALID || code == news.EFORBIDDEN || code == news.ECONFLICT ||
		code == news.ETOOLARGE || code == news.ETHROTTLED:
		d.Error, d.Field = news.ErrorMessage(err), news.ErrorField(err)
		n.renderEditor(w, r, httpx.Status(err), d)
	default:
		n.renderError(w, r, d.view, err)
	}
}

// story loads the story named by {id}, writing the error page and
// returning false when there is none.
func (n *Newsroom) story(w http.ResponseWriter, r *http.Request, v *view) (*news.Story, bool) {
	id, ok := n.pathID(w, r, v, "خبر")
	if !ok {
		return nil, false
	}
	st, err := n.store.StoryByID(r.Context(), id)
	if err != nil {
		n.renderError(w, r, v, err)
		return nil, false
	}
	return st, true
}

// reopenEditor shows the editor again on the story as stored, with the
// error that stopped an action taken from it.
func (n *Newsroom) reopenEditor(w http.ResponseWriter, r *http.Request, v *view, id int64, err error) {
	st, lerr := n.store.StoryByID(r.Context(), id)
	if lerr != nil {
		n.renderError(w, r, v, lerr)
		return
	}
	d, lerr := n.newEditor(r, v, st, st.Headline)
	if lerr != nil {
		n.renderError(w, r, v, lerr)
		return
	}
	d.Form = formOf(news.ContentOf(st), st.Revision)
	n.editorError(w, r, d, err)
}

// transition takes a workflow action on a story without changing its
// text: correct (with its notice), unpublish, kill, restore, return to
// draft, publish, schedule.
func (n *Newsroom) transition(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	id, ok := n.pathID(w, r, v, "خبر")
	if !ok {
		return
	}
	base, _ := strconv.ParseInt(r.PostForm.Get("base"), 10, 64)
	cmd := store.Command{Action: news.Action(r.PostForm.Get("to")), Base: base}
	err := n.commandFor(r, &cmd)
	if err == nil {
		_, err = n.store.Write(ctx, v.Actor, id, cmd)
	}
	if err == nil {
		http.Redirect(w, r, storyPath(id)+"?done="+string(cmd.Action), http.StatusSeeOther)
		return
	}
	n.reopenEditor(w, r, v, id, err)
}

// previewStory shows the editor's form as the public page will show it.
func (n *Newsroom) previewStory(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	form := readForm(r.PostForm)
	c := form.content()
	st := &news.Story{Status: news.StatusDraft, Published: n.now()}
	if id, err := strconv.ParseInt(r.PostForm.Get("id"), 10, 64); err == nil && id > 0 {
		if cur, err := n.store.StoryByID(ctx, id); err == nil {
			st = cur
		}
	}
	c.Body = markup.ToHTML(form.Body)
	preview, err := n.store.PreviewStory(ctx, st, c)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	if preview.Published.IsZero() {
		preview.Published = n.now()
	}
	n.preview.Preview(w, r, preview)
}

package newsroom

import (
	"net/http"
	"strconv"
	"strings"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

type commentSettingsData struct {
	pageData
	Settings news.CommentSettings
	// Days and Words are the form's fields as sent, after an error.
	Days, Words string
	Error       string
	// Hold, Spam and PerWord are the scores the page explains.
	Hold, Spam, PerWord int
}

func (n *Newsroom) settingsData(v *view) commentSettingsData {
	return commentSettingsData{pageData: n.pageData(v, "تنظیمات نظرها"), Hold: news.HoldScore, Spam: news.SpamScore,
		PerWord: news.PointsPerBlocked}
}

// showCommentSettings is the admins' page of comment settings: pre- or
// post-moderation, when comments close, and the blocked words.
func (n *Newsroom) showCommentSettings(w http.ResponseWriter, r *http.Request, v *view) {
	set, err := n.store.CommentSettings(r.Context())
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d := n.settingsData(v)
	d.Settings, d.Days, d.Words = set, strconv.Itoa(set.CloseAfterDays), strings.Join(set.Blocked, "\n")
	if r.URL.Query().Get("done") == "saved" {
		d.Flash = "تنظیمات نظرها ذخیره شد."
	}
	n.render(w, r, http.StatusOK, "comment_settings", d)
}

// saveCommentSettings saves the settings form; a refused form comes
// back as it was sent, with the reason.
func (n *Newsroom) saveCommentSettings(w http.ResponseWriter, r *http.Request, v *view) {
	f := r.PostForm
	d := n.settingsData(v)
	d.Days, d.Words = f.Get("close_days"), f.Get("blocked")
	set := news.CommentSettings{Blocked: strings.Split(d.Words, "\n")}
	var err error
	switch f.Get("moderation") {
	case "pre":
	case "post":
		set.PostModeration = true
	default:
		err = news.FieldErrorf("moderation", news.EINVALID, "شیوهٔ بازبینی را برگزینید: پیش یا پس از انتشار")
	}
	if err == nil {
		days := strings.TrimSpace(jalali.LatinDigits(d.Days))
		if days == "" {
			days = "0"
		}
		if set.CloseAfterDays, err = strconv.Atoi(days); err != nil {
			err = news.FieldErrorf("close_days", news.EINVALID, "روزهای باز بودن نظرها را با رقم بنویسید (۰: همیشه باز)")
		}
	}
	if err == nil {
		err = n.store.SetCommentSettings(r.Context(), v.Actor, set)
	}
	if err != nil {
		if news.ErrorCode(err) != news.EINVALID {
			n.renderError(w, r, v, err)
			return
		}
		d.Settings, d.Error = set, news.ErrorMessage(err)
		n.render(w, r, http.StatusBadRequest, "comment_settings", d)
		return
	}
	http.Redirect(w, r, "/newsroom/comments/settings?done=saved", http.StatusSeeOther)
}

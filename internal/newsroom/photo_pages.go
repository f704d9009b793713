package newsroom

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khabar/internal/httpx"
	"khabar/internal/markup"
	"khabar/internal/news"
	"khabar/internal/photo"
	"khabar/internal/richtext"
	"khabar/internal/store"
)

// Photos come in with the editor's form (the lead photo, or one placed
// in the body) or on the library's page, and go into the library,
// where any story can take them.

// takeUpload takes in the photo the form carries, if any: as the lead
// photo, or as a line of the body (upload_place=body). The credit is
// the uploader's name unless the form gives another. It returns the
// library's error, in Persian, naming the field.
func (n *Newsroom) takeUpload(r *http.Request, v *view, f *storyForm) error {
	p, caption, err := n.readUpload(r, v)
	if err != nil || p == nil {
		return err
	}
	if r.PostForm.Get("upload_place") == "body" {
		f.Body = strings.TrimRight(f.Body, " \t\r\n") + "\n\n" + markup.PhotoLine(p.ID, caption)
		f.Body = strings.TrimLeft(f.Body, "\n")
		return nil
	}
	f.Photo, f.PhotoCaption = p.ID, caption
	return nil
}

// readUpload reads the photo a form's "upload" field carries into the
// library and returns it with the caption it came with (the library's
// caption when the same file was uploaded before without one); a nil
// photo when the form carries none.
func (n *Newsroom) readUpload(r *http.Request, v *view) (*news.Photo, string, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["upload"]) == 0 {
		return nil, "", nil
	}
	if n.cfg.Photos == nil {
		return nil, "", news.FieldErrorf(photo.Field, news.EINVALID, "این سرور جایی برای نگه داشتن عکس‌ها ندارد")
	}
	file, err := r.MultipartForm.File["upload"][0].Open()
	if err != nil {
		return nil, "", err
	}
	defer file.Close()
	caption := r.PostForm.Get(photo.CaptionField)
	credit := strings.TrimSpace(r.PostForm.Get(photo.CreditField))
	if credit == "" {
		credit = v.User.Shown()
	}
	p, _, err := n.cfg.Photos.Add(r.Context(), v.Actor, file, caption, credit)
	if err != nil {
		return nil, "", err
	}
	if strings.TrimSpace(caption) == "" {
		caption = p.Caption
	}
	return p, richtext.CleanCaption(caption), nil
}

// photosData is the photo library.
type photosData struct {
	pageData
	Photos []*news.Photo
	Query  string
	// Story is the story the library was opened for: its photos can be
	// given to it.
	Story        *news.Story
	Error, Field string
	UploadCredit string
	MaxUpload    int
}

// showPhotos serves the library: the latest uploads, or those whose
// caption matches ?q=; with ?story=ID, each can become that story's
// lead photo or join its body.
func (n *Newsroom) showPhotos(w http.ResponseWriter, r *http.Request, v *view) {
	d, err := n.photosPage(r, v)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.render(w, r, http.StatusOK, "photos", d)
}

func (n *Newsroom) photosPage(r *http.Request, v *view) (*photosData, error) {
	ctx := r.Context()
	q := r.URL.Query()
	d := &photosData{pageData: n.pageData(v, "کتابخانهٔ عکس‌ها"), Query: strings.TrimSpace(q.Get("q")),
		UploadCredit: v.User.Shown(), MaxUpload: photo.MaxBytes}
	d.Flash = flash(r)
	if id, err := strconv.ParseInt(q.Get("story"), 10, 64); err == nil && id > 0 {
		st, err := n.store.StoryByID(ctx, id)
		if err != nil {
			return nil, err
		}
		d.Story = st
	}
	photos, err := n.store.Photos(ctx, news.PhotoFilter{Query: d.Query, Limit: 48})
	if err != nil {
		return nil, err
	}
	d.Photos = photos
	return d, nil
}

// uploadPhoto takes a photo into the library from its page.
func (n *Newsroom) uploadPhoto(w http.ResponseWriter, r *http.Request, v *view) {
	p, _, err := n.readUpload(r, v)
	if err == nil && p == nil {
		err = news.FieldErrorf(photo.Field, news.EINVALID, "فایل عکس را انتخاب کنید")
	}
	back := "/newsroom/photos"
	if story := r.URL.Query().Get("story"); story != "" {
		back += "?story=" + url.QueryEscape(story) + "&done=photo"
	} else {
		back += "?done=photo"
	}
	if err == nil {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if code := news.ErrorCode(err); code != news.EINVALID && code != news.ETOOLARGE && code != news.ETHROTTLED {
		n.renderError(w, r, v, err)
		return
	}
	d, lerr := n.photosPage(r, v)
	if lerr != nil {
		n.renderError(w, r, v, lerr)
		return
	}
	d.Error, d.Field = news.ErrorMessage(err), news.ErrorField(err)
	n.render(w, r, httpx.Status(err), "photos", d)
}

// usePhoto gives a story a photo of the library, as a save of the
// story as it stands: as its lead photo (place=lead) with the library's
// caption, or at the end of its body (place=body). Only that changes,
// so it is made on the newest revision, whoever saved it.
func (n *Newsroom) usePhoto(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	id, ok := n.pathID(w, r, v, "خبر")
	if !ok {
		return
	}
	err := func() error {
		p, err := n.store.Photo(ctx, r.PostForm.Get("photo"))
		if err != nil {
			if news.ErrorCode(err) == news.ENOTFOUND {
				return news.FieldErrorf("photo", news.EINVALID, "%s", news.ErrorMessage(err))
			}
			return err
		}
		st, err := n.store.StoryByID(ctx, id)
		if err != nil {
			return err
		}
		c := news.ContentOf(st)
		if r.PostForm.Get("place") == "body" {
			c.Body += richtext.Figure(p.ID, p.Caption)
		} else {
			c.Photo, c.PhotoCaption = p.ID, p.Caption
		}
		_, err = n.store.Write(ctx, v.Actor, id, store.Command{Action: news.ActionSave, Base: st.Revision, Content: &c})
		return err
	}()
	if err == nil {
		http.Redirect(w, r, storyPath(id)+"?done=photo", http.StatusSeeOther)
		return
	}
	if code := news.ErrorCode(err); code != news.EINVALID && code != news.EFORBIDDEN && code != news.ECONFLICT {
		n.renderError(w, r, v, err)
		return
	}
	n.reopenEditor(w, r, v, id, err)
}

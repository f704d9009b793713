package web

import (
	"net/http"
	"strconv"
	"strings"

	"khabar/internal/media"
	"khabar/internal/news"
)

// Photos' files are served under addresses that carry their content
// hash, so they are cached for a year and never asked for again.
const mediaCacheControl = "public, max-age=31536000, immutable"

// showRendition serves /media/{id}/{width}.jpg and .webp.
func (s *server) showRendition(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	width, err := strconv.Atoi(name)
	format := map[string]string{"jpg": "jpeg", "webp": "webp"}[ext]
	if !news.ValidPhotoID(id) || err != nil || width <= 0 || strconv.Itoa(width) != name || format == "" {
		s.notFound(w, r)
		return
	}
	s.serveRendition(w, r, id, news.Rendition{Width: width, Format: format})
}

// showPhotoRef serves /media/{id}.jpg, the address a story body gives a
// photo: its JPEG of news.PhotoRefWidth pixels, or the widest below.
func (s *server) showPhotoRef(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".jpg")
	if !ok || !news.ValidPhotoID(id) {
		s.notFound(w, r)
		return
	}
	p, err := s.store.Photo(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveRendition(w, r, id, p.Largest("jpeg", news.PhotoRefWidth))
}

func (s *server) serveRendition(w http.ResponseWriter, r *http.Request, id string, rd news.Rendition) {
	f, err := s.cfg.Media.Open(r.Context(), media.Name(id, rd))
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", news.ContentType(rd.Format))
	h.Set("Cache-Control", mediaCacheControl)
	h.Set("ETag", `"`+id[:16]+"-"+strconv.Itoa(rd.Width)+"-"+rd.Format+`"`)
	http.ServeContent(w, r, "", f.ModTime(), f)
}

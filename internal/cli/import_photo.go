package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"khabar/internal/media"
	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/photo"
	"khabar/internal/store"
)

// An imported ninjs item's picture association becomes the story's lead
// photo: the photo it names when the library has it (an export of this
// database read back), else its widest rendition read into the library —
// from a path relative to the imported file, or, only when the import
// is told it may (--fetch-photos), from the web, within fetchTimeout
// and photo.MaxBytes. A story whose picture cannot be read is not
// stored.

// fetchTimeout bounds fetching one picture from the web.
const fetchTimeout = 30 * time.Second

// pictures reads the pictures of one import.
type pictures struct {
	st    *store.Store
	dir   string // the media directory
	fetch bool
	lib   *photo.Library // made at the first picture read
	web   *http.Client
}

// attach makes pic the lead photo of s; base is the directory of the
// imported file. Its errors say what was wrong with the picture.
func (p *pictures) attach(ctx context.Context, s *news.Story, pic *ninjs.Picture, base string) error {
	if id := pic.PhotoID(); id != "" {
		if _, err := p.st.Photo(ctx, id); err == nil {
			s.Photo, s.PhotoCaption = &news.Photo{ID: id}, pic.Caption
			return nil
		} else if news.ErrorCode(err) != news.ENOTFOUND {
			return err
		}
	}
	src, ok := pic.Source()
	if !ok {
		return errors.New("photo: the picture association has no rendition with an href")
	}
	r, err := p.open(ctx, src.Href, base)
	if err != nil {
		return fmt.Errorf("photo %s: %w", src.Href, err)
	}
	defer r.Close()
	if p.lib == nil {
		p.lib = photo.NewLibrary(media.Dir{Root: p.dir}, p.st, photo.Options{})
	}
	ph, _, err := p.lib.Add(ctx, news.ActorImport, r, pic.Caption, pic.Credit)
	if err != nil {
		return fmt.Errorf("photo %s: %s", src.Href, news.ErrorMessage(err))
	}
	caption := pic.Caption
	if strings.TrimSpace(caption) == "" {
		caption = ph.Caption
	}
	s.Photo, s.PhotoCaption = &news.Photo{ID: ph.ID}, caption
	return nil
}

// open opens a rendition's href: a path inside base, or an http(s)
// address when fetching is allowed.
func (p *pictures) open(ctx context.Context, href, base string) (io.ReadCloser, error) {
	u, err := url.Parse(href)
	if err != nil {
		return nil, errors.New("not an address")
	}
	switch {
	case u.Scheme == "http" || u.Scheme == "https":
		if !p.fetch {
			return nil, errors.New("is on the web; import with --fetch-photos to fetch it")
		}
		return p.get(ctx, u.String())
	case u.Scheme != "" || u.Host != "":
		return nil, fmt.Errorf("%s addresses are not read", u.Scheme)
	}
	rel, err := url.PathUnescape(u.Path)
	if err != nil || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return nil, errors.New("a path must lie inside the imported file's folder")
	}
	f, err := os.Open(filepath.Join(base, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, errors.New("is not a file")
	}
	return f, nil
}

// get fetches a picture from the web, following at most three redirects
// and only to http(s) addresses; the library refuses one past its size.
func (p *pictures) get(ctx context.Context, addr string) (io.ReadCloser, error) {
	if p.web == nil {
		p.web = &http.Client{Timeout: fetchTimeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 || req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errors.New("too many redirects, or one to another kind of address")
			}
			return nil
		}}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, addr, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "khabar-import")
	res, err := p.web.Do(req)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return nil, fmt.Errorf("the server answered %s", res.Status)
	}
	if res.ContentLength > photo.MaxBytes {
		res.Body.Close()
		return nil, fmt.Errorf("is %d bytes, more than %d", res.ContentLength, photo.MaxBytes)
	}
	return res.Body, nil
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
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

// A WordPress post's featured image is its attachment's file, found
// beside the export: at the path it had under the site's wp-content
// (wp-content/uploads/2024/04/x.jpg), or by its name alone; fetched
// from the site only with --fetch-photos. An image that cannot be read
// is a warning: the post is stored without it.

// laterPhoto is a featured image whose attachment came after its post.
type laterPhoto struct {
	where, uri, href string
	missing          string // why there is no href
}

// featured makes the image at addr the lead photo of s.
func (p *pictures) featured(ctx context.Context, s *news.Story, addr, base string) error {
	href, err := p.featuredHref(addr, base)
	if err != nil {
		return fmt.Errorf("featured image %s: %w", addr, err)
	}
	return p.attach(ctx, s, &ninjs.Picture{Renditions: []ninjs.Rendition{{Href: href}}}, base)
}

// featuredHref is where the featured image at addr is read from: a path
// relative to base, or addr itself when fetching is allowed.
func (p *pictures) featuredHref(addr, base string) (string, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return "", errors.New("not an address")
	}
	var tries []string
	if i := strings.Index(u.Path, "wp-content/"); i >= 0 {
		tries = append(tries, u.Path[i:])
	}
	tries = append(tries, strings.TrimPrefix(u.Path, "/"), path.Base(u.Path))
	for _, rel := range tries {
		if rel == "" || rel == "." || rel == "/" || !filepath.IsLocal(filepath.FromSlash(rel)) {
			continue
		}
		if info, err := os.Stat(filepath.Join(base, filepath.FromSlash(rel))); err == nil && info.Mode().IsRegular() {
			return (&url.URL{Path: rel}).String(), nil
		}
	}
	if p.fetch && (u.Scheme == "http" || u.Scheme == "https") {
		return addr, nil
	}
	name := path.Base(u.Path)
	if p.fetch {
		return "", fmt.Errorf("%s is not beside the export", name)
	}
	return "", fmt.Errorf("%s is not beside the export (import with --fetch-photos to fetch it)", name)
}

// attachFeatured sets the featured image of each story of the batch
// that has one; warn hears of each, with nil for one imported. One that
// cannot be read leaves its story without it.
func (b *batch) attachFeatured(ctx context.Context, pics *pictures, base string, warn func(where string, err error)) {
	for i, s := range b.stories {
		if addr := b.featured[i]; addr != "" {
			warn(b.lines[i], pics.featured(ctx, s, addr, base))
		}
	}
}

// laterPhoto makes a featured image that came after its post the lead
// photo of the story stored from it.
func (r *importRun) laterPhoto(ctx context.Context, l laterPhoto, base string, warn func(where string, err error)) {
	if l.href == "" {
		warn(l.where, errors.New(l.missing))
		return
	}
	var s news.Story
	if err := r.pics.featured(ctx, &s, l.href, base); err != nil {
		warn(l.where, err)
		return
	}
	res := r.st.ImportStoryPhoto(ctx, l.uri, s.Photo, s.PhotoCaption)
	switch {
	case res.Err != nil:
		warn(l.where, fmt.Errorf("featured image %s: %s", l.href, news.ErrorMessage(res.Err)))
	case res.Skipped != "":
		warn(l.where, fmt.Errorf("featured image %s: skipped: %s", l.href, res.Skipped))
	default:
		warn(l.where, nil)
	}
}

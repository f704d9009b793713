package photo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gen2brain/webp"

	"khabar/internal/media"
	"khabar/internal/news"
)

// Catalog records photos: *store.Store is one.
type Catalog interface {
	// Photo returns the photo with that id, or ENOTFOUND.
	Photo(ctx context.Context, id string) (*news.Photo, error)
	// AddPhoto records p and returns it, or the photo with its id
	// recorded before (created false).
	AddPhoto(ctx context.Context, actor news.Actor, p *news.Photo) (*news.Photo, bool, error)
}

// Library takes uploads in: checks them, has the pool process them,
// stores their renditions and records them. It is safe for concurrent
// use.
type Library struct {
	files media.Storage
	cat   Catalog
	pool  *Pool
	opts  Options
}

// Options tune a Library; the zero value is production's.
type Options struct {
	// Workers process photos at once (1 when 0), and Queue more wait
	// (8 when 0).
	Workers, Queue int
	// NoWebP makes JPEG renditions only.
	NoWebP bool
	// TempDir holds uploads while they are read; the system's when "".
	TempDir string
	// Timeout bounds the processing of one photo (two minutes when 0).
	Timeout time.Duration
}

// Form fields the caption and credit of an upload come in, as errors
// name them.
const (
	CaptionField = "upload_caption"
	CreditField  = "upload_credit"
)

// NewLibrary returns a library storing renditions in files and
// recording photos in cat. When it makes WebP it readies the encoder in
// the background, so the first upload does not wait for it.
func NewLibrary(files media.Storage, cat Catalog, opts Options) *Library {
	if opts.Workers <= 0 {
		opts.Workers = 1
	}
	if opts.Queue <= 0 {
		opts.Queue = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Minute
	}
	if !opts.NoWebP {
		go warmWebP.Do(func() { webp.Encode(io.Discard, image.NewRGBA(image.Rect(0, 0, 8, 8)), webp.Options{}) })
	}
	return &Library{files: files, cat: cat, pool: NewPool(opts.Workers, opts.Queue), opts: opts}
}

// warmWebP compiles the WebAssembly encoder, once per process.
var warmWebP sync.Once

// Add takes in the image read from r, uploaded by actor with a caption
// and a credit, and returns its photo; created is false when the same
// file was uploaded before, and the photo is then that one, as it was
// recorded. Errors, in Persian, naming the form field: ETOOLARGE past
// MaxBytes; EINVALID for a caption or credit that is not plain text of
// the allowed length and for a file that is no acceptable image (see
// Inspect and Render); ETHROTTLED when the pool is full. Nothing is
// stored unless the whole photo is.
func (l *Library) Add(ctx context.Context, actor news.Actor, r io.Reader, caption, credit string) (p *news.Photo, created bool, err error) {
	line := func(v string) string { return strings.Join(strings.Fields(v), " ") }
	caption, credit = line(caption), line(credit)
	if err := news.ValidatePhotoText(CaptionField, caption, CreditField, credit); err != nil {
		return nil, false, err
	}
	tmp, size, id, err := l.spool(r)
	if err != nil {
		return nil, false, err
	}
	drop := func() { tmp.Close(); os.Remove(tmp.Name()) }
	switch old, err := l.cat.Photo(ctx, id); news.ErrorCode(err) {
	case "":
		drop()
		return old, false, nil
	case news.ENOTFOUND:
	default:
		drop()
		return nil, false, err
	}
	info, err := Inspect(tmp, size)
	if err != nil {
		drop()
		return nil, false, err
	}
	// From here the job owns the file, or drop runs.
	return l.pool.do(ctx, id, func() (*news.Photo, bool, error) {
		defer drop()
		jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.opts.Timeout)
		defer cancel()
		return l.process(jctx, actor, tmp, info, &news.Photo{ID: id, Caption: caption, Credit: credit, Bytes: size})
	}, drop)
}

// spool copies r to a temporary file, hashing it, and returns the file,
// its size and its id. It refuses a file larger than MaxBytes.
func (l *Library) spool(r io.Reader) (*os.File, int64, string, error) {
	tmp, err := os.CreateTemp(l.opts.TempDir, "khabar-upload-*")
	if err != nil {
		return nil, 0, "", fmt.Errorf("photo: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, MaxBytes+1))
	switch {
	case err != nil:
		err = fmt.Errorf("photo: read upload: %w", err)
	case n > MaxBytes:
		err = errTooLarge
	case n == 0:
		err = errEmpty
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, 0, "", err
	}
	return tmp, n, hex.EncodeToString(h.Sum(nil)), nil
}

// process renders the photo in f, stores its files and records it.
func (l *Library) process(ctx context.Context, actor news.Actor, f *os.File, info Info, p *news.Photo) (*news.Photo, bool, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, false, fmt.Errorf("photo: %w", err)
	}
	out, err := Render(f, info, !l.opts.NoWebP)
	if err != nil {
		return nil, false, err
	}
	out.Photo.ID, out.Photo.Caption, out.Photo.Credit, out.Photo.Bytes = p.ID, p.Caption, p.Credit, p.Bytes
	var written []string
	undo := func() {
		for _, name := range written {
			l.files.Delete(context.WithoutCancel(ctx), name)
		}
	}
	for _, r := range out.Photo.Renditions() {
		name := media.Name(p.ID, r)
		if err := l.files.Put(ctx, name, out.Files[r]); err != nil {
			undo()
			return nil, false, err
		}
		written = append(written, name)
	}
	rec, created, err := l.cat.AddPhoto(ctx, actor, &out.Photo)
	if err != nil {
		undo()
		return nil, false, err
	}
	return rec, created, nil
}

// Open returns a rendition's file from the library's storage.
func (l *Library) Open(ctx context.Context, id string, r news.Rendition) (media.File, error) {
	return l.files.Open(ctx, media.Name(id, r))
}

// Package media keeps the files of photos: the renditions khabar makes
// of every upload, named by the photo's content hash, written once and
// never changed. Storage is what any node serving photos needs of them;
// Dir keeps them in a directory. Every node of a deployment must reach
// the same files: a directory they share (NFS, a cluster file system)
// or another Storage over an object store (see docs/photos.md).
package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"khabar/internal/news"
)

// Storage keeps named files. Names are slash-separated paths made by
// Name; implementations may refuse any other.
type Storage interface {
	// Put stores data under name, whole or not at all: a reader never
	// sees part of a file. Putting a name again replaces it.
	Put(ctx context.Context, name string, data []byte) error
	// Open returns the file, or an error for which errors.Is(err,
	// fs.ErrNotExist) holds when there is none.
	Open(ctx context.Context, name string) (File, error)
	// Delete removes the file; a missing one is no error.
	Delete(ctx context.Context, name string) error
}

// File is a stored file, open for reading.
type File interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// Name returns the name of a photo's rendition:
// "ab/abcd…/640.jpg" for photo abcd…, its first two hex digits a
// folder of their own so that no folder holds too many.
func Name(id string, r news.Rendition) string {
	return id[:2] + "/" + id + "/" + path.Base(news.PhotoPath(id, r))
}

// Names returns the names of every rendition of p.
func Names(p *news.Photo) []string {
	var out []string
	for _, r := range p.Renditions() {
		out = append(out, Name(p.ID, r))
	}
	return out
}

// Dir is a Storage in a directory of the local file system, made when
// first written to.
type Dir struct{ Root string }

// path returns where name lives, refusing names that are not a
// rendition's.
func (d Dir) path(name string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("media: bad name %q", name)
	}
	return filepath.Join(d.Root, filepath.FromSlash(name)), nil
}

// validName reports a name of the form Name writes.
func validName(name string) bool {
	parts := strings.Split(name, "/")
	if len(parts) != 3 || !news.ValidPhotoID(parts[1]) || parts[0] != parts[1][:2] {
		return false
	}
	w, ext, ok := strings.Cut(parts[2], ".")
	n, err := strconv.Atoi(w)
	return ok && err == nil && n > 0 && strconv.Itoa(n) == w && (ext == "jpg" || ext == "webp")
}

// Put writes data to a temporary file beside the target, syncs it and
// renames it into place, so the file is whole or absent even if the
// process dies.
func (d Dir) Put(ctx context.Context, name string, data []byte) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("media: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		return fmt.Errorf("media: put %s: %w", name, err)
	}
	return nil
}

// Open opens the file.
func (d Dir) Open(ctx context.Context, name string) (File, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", fs.ErrNotExist, err)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &osFile{File: f, info: info}, nil
}

// Delete removes the file, and its photo's folder once empty.
func (d Dir) Delete(ctx context.Context, name string) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", name, err)
	}
	os.Remove(filepath.Dir(p)) // fails, harmlessly, while it holds files
	return nil
}

type osFile struct {
	*os.File
	info fs.FileInfo
}

func (f *osFile) Size() int64        { return f.info.Size() }
func (f *osFile) ModTime() time.Time { return f.info.ModTime() }

// None is the Storage of a site that keeps no photos: every Put fails,
// nothing is found.
type None struct{}

// ErrNoStorage is what None's Put returns.
var ErrNoStorage = errors.New("media: no storage for photos is configured")

func (None) Put(context.Context, string, []byte) error { return ErrNoStorage }
func (None) Open(context.Context, string) (File, error) {
	return nil, fs.ErrNotExist
}
func (None) Delete(context.Context, string) error { return nil }

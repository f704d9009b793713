package httpx

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// Shared holds the static files both sites use: the Vazirmatn font
// (fonts/), under the SIL Open Font License (fonts/OFL.txt).
//
//go:embed static
var shared embed.FS

// SharedStatic returns the shared static files, rooted at their folder.
func SharedStatic() fs.FS {
	sub, err := fs.Sub(shared, "static")
	if err != nil {
		panic(err) // the embedded folder is there: a build error otherwise
	}
	return sub
}

// asset is one static file, addressed by a hash of its content so it can
// be cached forever: a changed file gets a new URL.
type asset struct {
	name  string // path under the static root, such as "fonts/OFL.txt"
	hash  string
	ctype string
	data  []byte
}

// Assets is a set of static files served under content-hashed URLs.
type Assets struct {
	prefix string // such as "/static/"
	byName map[string]*asset
}

// cssURL finds url(...) references in stylesheets, so they can point at
// the hashed URL of the file they name.
var cssURL = regexp.MustCompile(`url\("([^"]+)"\)`)

// NewAssets reads every file of the given trees (a later tree's file
// wins over an earlier one's of the same name), to be served under
// prefix. Stylesheets are hashed after their url(...) references are
// rewritten, so a new font also changes the stylesheet's URL. It fails
// when a stylesheet names a file that is not there.
func NewAssets(prefix string, trees ...fs.FS) (*Assets, error) {
	set := &Assets{prefix: prefix, byName: map[string]*asset{}}
	var styles []*asset
	for _, tree := range trees {
		err := fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(tree, p)
			if err != nil {
				return err
			}
			a := &asset{name: p, data: data, ctype: contentType(p)}
			set.byName[a.name] = a
			if path.Ext(p) == ".css" {
				styles = append(styles, a)
			} else {
				a.hash = hashOf(data)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("httpx: load assets: %w", err)
		}
	}
	for _, css := range styles {
		var bad error
		css.data = cssURL.ReplaceAllFunc(css.data, func(m []byte) []byte {
			ref := string(cssURL.FindSubmatch(m)[1])
			name, err := url.PathUnescape(ref)
			if err != nil {
				bad = err
				return m
			}
			name = path.Join(path.Dir(css.name), name)
			u, err := set.URL(name)
			if err != nil {
				bad = err
				return m
			}
			return []byte(`url("` + u + `")`)
		})
		if bad != nil {
			return nil, fmt.Errorf("httpx: %s: %w", css.name, bad)
		}
		css.hash = hashOf(css.data)
	}
	return set, nil
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:6])
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".woff2":
		return "font/woff2"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// URL returns the hashed URL of the named asset; templates call it as
// {{asset "site.css"}}, and a wrong name fails the page loudly.
func (set *Assets) URL(name string) (string, error) {
	a, ok := set.byName[name]
	if !ok || a.hash == "" {
		return "", fmt.Errorf("httpx: no asset %q", name)
	}
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return set.prefix + a.hash + "/" + strings.Join(segs, "/"), nil
}

// Serve serves {prefix}{hash}/{name...}, the route's "hash" and "name"
// path values. A request carrying an old hash, from a page cached
// before a deploy, is sent to the current URL; notFound answers for a
// name the set does not hold.
func (set *Assets) Serve(w http.ResponseWriter, r *http.Request, notFound http.HandlerFunc) {
	a, ok := set.byName[r.PathValue("name")]
	if !ok {
		notFound(w, r)
		return
	}
	if r.PathValue("hash") != a.hash {
		u, _ := set.URL(a.name)
		w.Header().Set("Cache-Control", "no-cache")
		http.Redirect(w, r, u, http.StatusFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+a.hash+`"`)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.data))
}

package web

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

//go:embed static
var staticFS embed.FS

// asset is one embedded file, addressed by a hash of its content so it can
// be cached forever: a changed file gets a new URL.
type asset struct {
	name  string // path under static/, such as "fonts/OFL.txt"
	hash  string
	ctype string
	data  []byte
}

type assetSet struct{ byName map[string]*asset }

// cssURL finds url(...) references in stylesheets, so they can point at
// the hashed URL of the file they name.
var cssURL = regexp.MustCompile(`url\("([^"]+)"\)`)

// loadAssets reads every embedded static file. Stylesheets are hashed
// after their url(...) references are rewritten, so a new font also
// changes the stylesheet's URL.
func loadAssets() (*assetSet, error) {
	set := &assetSet{byName: map[string]*asset{}}
	var styles []*asset
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		a := &asset{name: strings.TrimPrefix(p, "static/"), data: data, ctype: contentType(p)}
		set.byName[a.name] = a
		if path.Ext(p) == ".css" {
			styles = append(styles, a)
		} else {
			a.hash = hashOf(data)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load assets: %w", err)
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
			u, err := set.url(name)
			if err != nil {
				bad = err
				return m
			}
			return []byte(`url("` + u + `")`)
		})
		if bad != nil {
			return nil, fmt.Errorf("web: %s: %w", css.name, bad)
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
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// url returns the hashed URL of the named asset; templates call it as
// {{asset "site.css"}}, and a wrong name fails the page loudly.
func (set *assetSet) url(name string) (string, error) {
	a, ok := set.byName[name]
	if !ok || a.hash == "" {
		return "", fmt.Errorf("web: no asset %q", name)
	}
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/static/" + a.hash + "/" + strings.Join(segs, "/"), nil
}

// serveAsset serves /static/{hash}/{name...}. A request carrying an old
// hash, from a page cached before a deploy, is sent to the current URL.
func (s *server) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.byName[r.PathValue("name")]
	if !ok {
		s.notFound(w, r)
		return
	}
	if r.PathValue("hash") != a.hash {
		u, _ := s.assets.url(a.name)
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

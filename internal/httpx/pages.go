package httpx

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
)

// Pages is a site's set of HTML pages: each page's template parsed with
// the site's shared layout and partials.
type Pages struct {
	byName map[string]*template.Template
	log    *slog.Logger
}

// ParsePages parses each page of files (page name → file) together
// with the shared files, from tree, with funcs.
func ParsePages(tree fs.FS, funcs template.FuncMap, sharedFiles []string, files map[string]string, log *slog.Logger) (*Pages, error) {
	p := &Pages{byName: make(map[string]*template.Template, len(files)), log: log}
	for name, file := range files {
		t, err := template.New(name).Funcs(funcs).ParseFS(tree, append(append([]string{}, sharedFiles...), file)...)
		if err != nil {
			return nil, fmt.Errorf("httpx: parse %s: %w", file, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// Render executes the page's root template into a buffer first, so a
// template error becomes a clean 500 instead of half a page, then writes
// it with status and cacheControl.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, page, root, cacheControl string, data any) {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	t, ok := p.byName[page]
	var err error
	if !ok {
		err = fmt.Errorf("no page %q", page)
	} else {
		err = t.ExecuteTemplate(buf, root, data)
	}
	if err != nil {
		p.log.ErrorContext(r.Context(), "render", "page", page, "err", err)
		WriteBareError(w, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBuffers hold pages while they are rendered: a page is tens of
// kilobytes, which a new buffer would grow to, copying, every time.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer bounds the buffers kept for reuse: a rare huge page
// does not pin its memory.
const maxPooledBuffer = 256 << 10

func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	renderBuffers.Put(b)
}

// Part executes the named template of a page's set alone, for a part
// of pages that is rendered once and reused.
func (p *Pages) Part(page, name string, data any) (template.HTML, error) {
	t, ok := p.byName[page]
	if !ok {
		return "", fmt.Errorf("no page %q", page)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// WriteBareError is the last resort when even a template fails.
func WriteBareError(w http.ResponseWriter, status int) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(`<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8">` +
		`<title>خطای سرور</title><h1>خطای سرور</h1><p>مشکلی پیش آمد. لطفاً دوباره تلاش کنید.</p>` +
		`<p><a href="/">صفحه نخست</a></p></html>`))
}

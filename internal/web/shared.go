package web

import (
	"html/template"
	"strconv"
	"strings"
	"sync"

	"khabar/internal/httpx"
	"khabar/internal/jalali"
)

// sharedParts renders the parts every page repeats — the header with
// the section navigation, the footer — once for what they show, and
// hands out the HTML after: most of a page's template work otherwise.
type sharedParts struct {
	pages func() *httpx.Pages
	mu    sync.RWMutex
	done  map[string]template.HTML
}

// maxShared bounds the parts kept; past it the memory starts again.
const maxShared = 1024

// base gives the shared parts the page under a page's data.
func (p page) base() page { return p }

// render returns the named part ("header", "footer") for data, a page
// or a page's data embedding one.
func (sp *sharedParts) render(name string, data any) (template.HTML, error) {
	b, ok := data.(interface{ base() page })
	if !ok {
		return sp.pages().Part("error", name, data)
	}
	p := b.base()
	return sp.keyed(sp.key(name, p), func() (template.HTML, error) { return sp.pages().Part("error", name, p) })
}

// keyed returns the part kept under key, rendering it when there is none.
func (sp *sharedParts) keyed(key string, render func() (template.HTML, error)) (template.HTML, error) {
	sp.mu.RLock()
	html, ok := sp.done[key]
	sp.mu.RUnlock()
	if ok {
		return html, nil
	}
	html, err := render()
	if err != nil {
		return "", err
	}
	sp.mu.Lock()
	if sp.done == nil || len(sp.done) >= maxShared {
		sp.done = make(map[string]template.HTML)
	}
	sp.done[key] = html
	sp.mu.Unlock()
	return html, nil
}

// key is everything the header and footer show: the navigation, the
// ticker, the demo notice, the day.
func (sp *sharedParts) key(name string, p page) string {
	var b strings.Builder
	b.Grow(64 + 32*len(p.Sections))
	b.WriteString(name)
	for _, v := range []string{p.Site, p.Current, p.Query, jalali.FormatDate(jalali.FromTime(p.Today))} {
		b.WriteByte(0)
		b.WriteString(v)
	}
	for _, sec := range p.Sections {
		writeSectionKey(&b, sec)
	}
	b.WriteString("\x00nav")
	for _, sec := range p.Nav {
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(sec.ID, 10))
	}
	b.WriteString("\x00ticker")
	for _, t := range p.Ticker {
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(t.Story.ID, 10))
		b.WriteByte(1)
		b.WriteString(t.Story.Headline)
		b.WriteByte(1)
		b.WriteString(strconv.FormatInt(t.Story.Published.Unix(), 10))
		b.WriteByte(1)
		b.WriteString(strconv.FormatInt(t.At.Unix(), 10))
	}
	if p.Demo {
		b.WriteString("\x00demo")
	}
	return b.String()
}

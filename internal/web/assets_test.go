package web

import (
	"regexp"
	"strings"
	"testing"
)

func TestAssetsAndHealth(t *testing.T) {
	s := newSite(t)
	if res := s.get("/healthz"); res.status != 200 || res.body != "ok" {
		t.Errorf("healthz: %d %q", res.status, res.body)
	}
	home := s.get("/")
	css := regexp.MustCompile(`href="(/static/[0-9a-f]+/site\.css)"`).FindStringSubmatch(home.body)
	if css == nil {
		t.Fatal("no hashed stylesheet link on the home page")
	}
	res := s.get(css[1])
	if res.status != 200 || res.header.Get("Content-Type") != "text/css; charset=utf-8" ||
		res.header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Fatalf("GET %s: %d %v", css[1], res.status, res.header)
	}
	if !strings.Contains(res.body, "font-display: swap") {
		t.Error("stylesheet lacks font-display: swap")
	}
	font := regexp.MustCompile(`url\("(/static/[0-9a-f]+/fonts/[^"]+\.woff2)"\)`).FindStringSubmatch(res.body)
	if font == nil {
		t.Fatal("stylesheet does not point at the hashed font")
	}
	if res := s.get(font[1]); res.status != 200 || res.header.Get("Content-Type") != "font/woff2" || len(res.body) < 10000 {
		t.Errorf("GET %s: %d %q, %d bytes", font[1], res.status, res.header.Get("Content-Type"), len(res.body))
	}
	if res := s.get("/static/0000/site.css"); res.status != 302 || res.header.Get("Location") != css[1] {
		t.Errorf("stale hash: %d %q", res.status, res.header.Get("Location"))
	}
	if res := s.get("/static/0000/nope.css"); res.status != 404 {
		t.Errorf("unknown asset: %d", res.status)
	}
}

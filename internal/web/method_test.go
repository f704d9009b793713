package web

import (
	"strings"
	"testing"
)

// A known address asked with a method it does not take is answered 405
// with the methods it does take, as a Persian page (JSON under /api/);
// an unknown address stays 404 whatever the method.
func TestWrongMethodIs405(t *testing.T) {
	s := newSite(t)
	s.add(modelStory())
	for _, tt := range []struct {
		method, path, allow string
	}{
		{"POST", "/", "GET, HEAD"},
		{"DELETE", "/news/101870", "GET, HEAD"},
		{"PUT", "/news/101870/print", "GET, HEAD"},
		{"POST", "/section/ict", "GET, HEAD"},
		{"POST", "/tag/عمان", "GET, HEAD"},
		{"POST", "/search?q=عمان", "GET, HEAD"},
		{"PATCH", "/archive", "GET, HEAD"},
		{"POST", "/healthz", "GET, HEAD"},
		{"POST", "/favicon.ico", "GET, HEAD"},
		{"DELETE", "/api/v1/news", "GET, HEAD"},
	} {
		res := s.do(tt.method, tt.path)
		if res.status != 405 || !strings.Contains(res.header.Get("Allow"), tt.allow) {
			t.Errorf("%s %s: %d, Allow %q; want 405 and %q", tt.method, tt.path, res.status, res.header.Get("Allow"), tt.allow)
			continue
		}
		if strings.HasPrefix(tt.path, "/api/") {
			if !strings.Contains(res.header.Get("Content-Type"), "json") {
				t.Errorf("%s %s: %s, want JSON", tt.method, tt.path, res.header.Get("Content-Type"))
			}
		} else if !strings.Contains(res.body, "روش درخواست پذیرفته نیست") {
			t.Errorf("%s %s: the page does not say the method is refused", tt.method, tt.path)
		}
	}
	for _, method := range []string{"GET", "POST", "DELETE"} {
		if res := s.do(method, "/no/such/page"); res.status != 404 || res.header.Get("Allow") != "" {
			t.Errorf("%s of an unknown address: %d, Allow %q; want 404 and none", method, res.status, res.header.Get("Allow"))
		}
	}
}

// A browser's first request, /favicon.ico, finds the logo.
func TestFavicon(t *testing.T) {
	s := newSite(t)
	res := s.get("/favicon.ico")
	if res.status != 302 {
		t.Fatalf("/favicon.ico: %d, want a redirect to the logo", res.status)
	}
	logo := s.get(res.header.Get("Location"))
	if logo.status != 200 || logo.header.Get("Content-Type") != "image/png" {
		t.Errorf("the favicon's target %s: %d %s, want a PNG", res.header.Get("Location"), logo.status, logo.header.Get("Content-Type"))
	}
}

// A route's own not found (an unknown story) stays 404 with no Allow:
// the method was right.
func TestNotFoundOfAKnownRouteIs404(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/news/999999", "/section/no-such-section", "/static/0/none.css"} {
		if res := s.get(path); res.status != 404 || res.header.Get("Allow") != "" {
			t.Errorf("GET %s: %d, Allow %q; want 404 and none", path, res.status, res.header.Get("Allow"))
		}
	}
}

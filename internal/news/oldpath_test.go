package news

import (
	"net/url"
	"testing"
)

// An old address's key is its decoded path without the trailing slash,
// or "/?p=ID" for WordPress's short address; the root is none.
func TestOldPath(t *testing.T) {
	for in, want := range map[string]string{
		"https://khabarname.example/1403/01/30/some-slug/":           "/1403/01/30/some-slug",
		"/1403/01/30/some-slug":                                      "/1403/01/30/some-slug",
		"https://khabarname.example/%D8%B3%DB%8C%D8%A7%D8%B3%DB%8C/": "/سیاسی",
		"https://khabarname.example/?p=123":                          "/?p=123",
		"/?p=123&utm_source=feed":                                    "/?p=123",
		"/index.php?p=7":                                             "/?p=7",
		"/?p=abc":                                                    "",
		"https://khabarname.example/":                                "",
		"https://khabarname.example":                                 "",
		"/news/12?p=3":                                               "/news/12",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := OldPath(u); got != want {
			t.Errorf("OldPath(%q) = %q, want %q", in, got, want)
		}
	}
}

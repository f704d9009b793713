package news

import (
	"net/url"
	"strings"
)

// OldPath is the key under which a story's address on the site an
// archive came from is kept, so that a request for it can be sent on to
// the story: the decoded path without its trailing slash
// ("/1403/01/30/some-slug"), or, for WordPress's own short address of a
// post, "/?p=123". It is "" for an address that names no story (the
// site's root, an empty path).
func OldPath(u *url.URL) string {
	path := u.Path
	if path == "" || path == "/" || path == "/index.php" {
		if p := u.Query().Get("p"); p != "" && isDigits(p) {
			return "/?p=" + p
		}
		return ""
	}
	path = strings.TrimRight(path, "/")
	if path == "" {
		return ""
	}
	return path
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

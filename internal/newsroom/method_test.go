package newsroom_test

import (
	"net/http"
	"strings"
	"testing"
)

// Every newsroom route asked with a method it does not take answers
// 405 with an Allow header naming the one it does, logged in or not.
func TestEveryRouteRefusesOtherMethods(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	for _, rt := range s.nr.Routes() {
		path := pathVar.ReplaceAllStringFunc(rt.Pattern, func(v string) string {
			if v == "{$}" {
				return ""
			}
			return "1"
		})
		for _, who := range []string{"", "admin"} {
			req, _ := http.NewRequest(http.MethodDelete, s.srv.URL+path, nil)
			res := s.as(who).do(req)
			allow := res.header.Get("Allow")
			if res.status != http.StatusMethodNotAllowed || !strings.Contains(allow, rt.Method) {
				t.Errorf("DELETE %s as %q: %d, Allow %q; want 405 naming %s", rt.Pattern, who, res.status, allow, rt.Method)
			}
		}
	}
	if res := s.as("admin").get("/newsroom/no-such-page"); res.status != http.StatusNotFound {
		t.Errorf("an unknown newsroom page: %d, want 404", res.status)
	}
}

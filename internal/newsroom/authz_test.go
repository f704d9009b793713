package newsroom_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"khabar/internal/news"
	"khabar/internal/newsroom"
)

// decisions says who may use every newsroom route. It is written by
// hand, on purpose: a route added to the router without a line here
// fails TestEveryRouteHasADecision, and a route whose registration
// admits other people than this says fails it too.
var decisions = map[string]string{
	"GET /newsroom/login":                            "anyone",
	"POST /newsroom/login":                           "anyone",
	"POST /newsroom/logout":                          "staff",
	"GET /newsroom/password":                         "staff",
	"POST /newsroom/password":                        "staff",
	"GET /newsroom/{$}":                              "staff",
	"GET /newsroom/stories":                          "writers",
	"GET /newsroom/stories/new":                      "writers",
	"POST /newsroom/stories":                         "writers",
	"GET /newsroom/stories/{id}":                     "writers",
	"POST /newsroom/stories/{id}":                    "writers",
	"POST /newsroom/stories/{id}/transition":         "writers",
	"GET /newsroom/stories/{id}/history":             "writers",
	"POST /newsroom/stories/{id}/autosave":           "writers",
	"POST /newsroom/preview":                         "writers",
	"GET /newsroom/front":                            "editors",
	"POST /newsroom/front":                           "editors",
	"POST /newsroom/stories/{id}/breaking":           "editors",
	"GET /newsroom/sections":                         "admins",
	"POST /newsroom/sections":                        "admins",
	"POST /newsroom/sections/{id}":                   "admins",
	"POST /newsroom/sections/{id}/merge":             "admins",
	"POST /newsroom/stories/{id}/photo":              "writers",
	"GET /newsroom/photos":                           "writers",
	"POST /newsroom/photos":                          "writers",
	"GET /newsroom/audit":                            "admins",
	"GET /newsroom/users":                            "admins",
	"POST /newsroom/users":                           "admins",
	"POST /newsroom/users/{id}":                      "admins",
	"POST /newsroom/users/{id}/password":             "admins",
	"POST /newsroom/users/{id}/token":                "admins",
	"POST /api/v1/newsroom/stories":                  "writers",
	"GET /api/v1/newsroom/stories":                   "writers",
	"GET /api/v1/newsroom/stories/{id}":              "writers",
	"PUT /api/v1/newsroom/stories/{id}":              "writers",
	"POST /api/v1/newsroom/stories/{id}/transitions": "writers",
	"GET /api/v1/newsroom/stories/{id}/revisions":    "writers",
	"GET /newsroom/comments":                         "moderators",
	"POST /newsroom/comments/decision":               "moderators",
	"POST /newsroom/stories/{id}/comments":           "moderators",
	"GET /newsroom/comments/settings":                "admins",
	"POST /newsroom/comments/settings":               "admins",
	"GET /api/v1/newsroom/comments":                  "moderators",
	"POST /api/v1/newsroom/comments/{id}/decision":   "moderators",
	"GET /newsroom/static/{hash}/{name...}":          "anyone",
	"GET /newsroom/wire":                             "editors",
	"GET /newsroom/wire/{id}":                        "editors",
	"POST /newsroom/wire/{id}/republish":             "editors",
	"GET /newsroom/wire/sources":                     "admins",
	"POST /newsroom/wire/sources":                    "admins",
	"POST /newsroom/wire/sources/{id}/state":         "admins",
	"GET /api/v1/newsroom/wire":                      "editors",
	"POST /api/v1/newsroom/wire/{id}/republish":      "editors",
}

// who may, by decision.
var admitted = map[string][]string{
	"anyone":  {"", "reporter", "editor", "moderator", "admin"},
	"staff":   {"reporter", "editor", "moderator", "admin"},
	"writers": {"reporter", "editor", "admin"},
	"editors": {"editor", "admin"},
	"admins":  {"admin"},
	// moderators handle readers' comments
	"moderators": {"moderator", "admin"},
}

var people = []string{"", "reporter", "editor", "moderator", "admin"}

func accessName(a newsroom.Access) string {
	switch {
	case a.Anyone:
		return "anyone"
	case len(a.Roles) == 0:
		return "staff"
	case a.Roles.Has(news.RoleReporter) && a.Roles.Has(news.RoleEditor) && a.Roles.Has(news.RoleAdmin) && len(a.Roles) == 3:
		return "writers"
	case a.Roles.Has(news.RoleEditor) && a.Roles.Has(news.RoleAdmin) && len(a.Roles) == 2:
		return "editors"
	case a.Roles.Has(news.RoleAdmin) && len(a.Roles) == 1:
		return "admins"
	case a.Roles.Has(news.RoleModerator) && a.Roles.Has(news.RoleAdmin) && len(a.Roles) == 2:
		return "moderators"
	case a.Roles.Has(news.RoleEditor) && a.Roles.Has(news.RoleAdmin) && len(a.Roles) == 2:
		return "editors"
	}
	return a.Roles.String()
}

func TestEveryRouteHasADecision(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	seen := map[string]bool{}
	for _, rt := range s.nr.Routes() {
		key := rt.Method + " " + rt.Pattern
		seen[key] = true
		want, ok := decisions[key]
		if !ok {
			t.Errorf("route %s has no decision in this test: say who may use it", key)
			continue
		}
		if got := accessName(rt.Access); got != want {
			t.Errorf("route %s is registered for %s, decided for %s", key, got, want)
		}
	}
	for key := range decisions {
		if !seen[key] {
			t.Errorf("decision for %s, which is no route", key)
		}
	}
}

var pathVar = regexp.MustCompile(`\{[^}]+\}`)

// Every route, asked by every kind of person, answers as its decision
// says: anyone not admitted is sent to log in (pages), told 401 (API)
// or refused 403 (logged in, wrong role).
func TestEveryRouteEnforcesItsDecision(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		story := s.draft("reporter", "خبری برای آزمون دسترسی")
		target := s.users["reporter2"]
		asset := regexp.MustCompile(`/newsroom/static/([0-9a-f]+)/newsroom\.css`).FindStringSubmatch(s.client().get("/newsroom/login").body)
		if asset == nil {
			t.Fatal("no stylesheet on the login page")
		}
		tokens := map[string]string{}
		for _, who := range people[1:] {
			tokens[who] = s.token(who)
		}
		for _, rt := range s.nr.Routes() {
			key := rt.Method + " " + rt.Pattern
			path := pathVar.ReplaceAllStringFunc(rt.Pattern, func(v string) string {
				switch v {
				case "{$}":
					return ""
				case "{hash}":
					return asset[1]
				case "{name...}":
					return "newsroom.css"
				case "{id}":
					if strings.Contains(rt.Pattern, "/users/") {
						return strconv.FormatInt(target.ID, 10)
					}
					return strconv.FormatInt(story.ID, 10)
				}
				return "x"
			})
			for _, who := range people {
				allowed := false
				for _, a := range admitted[decisions[key]] {
					allowed = allowed || a == who
				}
				var res response
				switch {
				case rt.API:
					var body any
					if rt.Method != "GET" {
						body = "{}"
					}
					res = s.api(tokens[who], rt.Method, path, body)
				case rt.Method == "GET":
					res = s.as(who).get(path)
				case rt.Access.Anyone && who == "":
					c := s.client()
					c.csrf = csrfField.FindStringSubmatch(c.get("/newsroom/login").body)[1]
					res = c.post(path, url.Values{})
				default:
					res = s.as(who).post(path, url.Values{})
				}
				var refused bool
				if rt.API {
					refused = res.status == http.StatusUnauthorized || res.status == http.StatusForbidden
				} else {
					toLogin := res.status == http.StatusSeeOther && strings.HasPrefix(res.header.Get("Location"), "/newsroom/login")
					if rt.Pattern == "/newsroom/logout" && who != "" {
						toLogin = false // where logging out leads, by design
					}
					refused = res.status == http.StatusForbidden || toLogin
				}
				switch {
				case allowed && refused:
					t.Errorf("%s as %q: refused (%d %s), but decided for %s", key, who, res.status, res.header.Get("Location"), decisions[key])
				case !allowed && !refused:
					t.Errorf("%s as %q: answered %d, but decided for %s only", key, who, res.status, decisions[key])
				case !allowed && who == "" && !rt.API && res.status != http.StatusSeeOther:
					t.Errorf("%s as nobody: %d, want 303 to the login page", key, res.status)
				case !allowed && who == "" && rt.API && res.status != http.StatusUnauthorized:
					t.Errorf("%s as nobody: %d, want 401", key, res.status)
				case !allowed && who != "" && res.status != http.StatusForbidden:
					t.Errorf("%s as %s: %d, want 403", key, who, res.status)
				}
			}
		}
		t.Logf("%d routes asked as each of %d kinds of person: %d decisions enforced", len(s.nr.Routes()), len(people), len(s.nr.Routes())*len(people))
	})
}

// Every state-changing form is refused without the session's CSRF
// token, or with another session's.
func TestEveryPostNeedsTheCSRFToken(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	story := s.draft("editor", "خبری برای آزمون CSRF")
	other := s.as("admin")
	for _, rt := range s.nr.Routes() {
		if rt.API || rt.Method != "POST" {
			continue
		}
		path := strings.ReplaceAll(rt.Pattern, "{id}", strconv.FormatInt(story.ID, 10))
		if strings.Contains(rt.Pattern, "/users/") {
			path = strings.ReplaceAll(rt.Pattern, "{id}", strconv.FormatInt(s.users["reporter"].ID, 10))
		}
		for name, csrf := range map[string]string{"none": "", "wrong": "not-the-token", "another session's": other.csrf} {
			c := s.as("admin")
			if rt.Access.Anyone {
				c = s.client()
				c.get("/newsroom/login") // the login form's cookie
			}
			res := c.post(path, url.Values{"csrf": {csrf}, "name": {"admin"}, "password": {testPassword},
				"headline": {"تیتر"}, "section": {"economy"}, "role": {"editor"}})
			if res.status != http.StatusForbidden {
				t.Errorf("POST %s with %s CSRF token: %d, want 403", rt.Pattern, name, res.status)
			}
		}
	}
}

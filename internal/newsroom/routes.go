package newsroom

import (
	"net/http"
	"strings"

	"khabar/internal/news"
)

// Access says who may use a route.
type Access struct {
	// Anyone may: the login page, static files.
	Anyone bool
	// Roles admits a user holding any of them; none admits every user
	// who is logged in.
	Roles news.Roles
}

// Admits reports whether u (nil for nobody logged in) may use the route.
func (a Access) Admits(u *news.User) bool {
	switch {
	case a.Anyone:
		return true
	case u == nil:
		return false
	case len(a.Roles) == 0:
		return true
	}
	return u.Roles.Any(a.Roles...)
}

// The kinds of access routes are registered with.
var (
	anyone  = Access{Anyone: true}
	staff   = Access{}
	writers = Access{Roles: news.Roles{news.RoleReporter, news.RoleEditor, news.RoleAdmin}}
	editors = Access{Roles: news.Roles{news.RoleEditor, news.RoleAdmin}}
	admins  = Access{Roles: news.Roles{news.RoleAdmin}}
	// moderators handle readers' comments.
	moderators = Access{Roles: news.Roles{news.RoleModerator, news.RoleAdmin}}
)

// Route is one registered route.
type Route struct {
	Method  string
	Pattern string // the path pattern, as http.ServeMux reads it
	Access  Access
	// API routes authenticate with bearer tokens and answer JSON.
	API bool
}

func (n *Newsroom) register() {
	n.page("GET /newsroom/login", anyone, n.showLogin)
	n.page("POST /newsroom/login", anyone, n.login)
	n.page("POST /newsroom/logout", staff, n.logout)
	n.page("GET /newsroom/password", staff, n.showPassword)
	n.page("POST /newsroom/password", staff, n.changePassword)
	n.page("GET /newsroom/{$}", staff, n.showDashboard)

	n.page("GET /newsroom/stories", writers, n.showStories)
	n.page("GET /newsroom/stories/new", writers, n.showNewStory)
	n.upload("POST /newsroom/stories", writers, n.createStory)
	n.page("GET /newsroom/stories/{id}", writers, n.showStory)
	n.upload("POST /newsroom/stories/{id}", writers, n.saveStory)
	n.page("POST /newsroom/stories/{id}/transition", writers, n.transition)
	n.page("GET /newsroom/stories/{id}/history", writers, n.showHistory)
	n.page("POST /newsroom/stories/{id}/autosave", writers, n.autosave)
	n.upload("POST /newsroom/preview", writers, n.previewStory)
	n.page("POST /newsroom/stories/{id}/photo", writers, n.usePhoto)
	n.page("GET /newsroom/photos", writers, n.showPhotos)
	n.upload("POST /newsroom/photos", writers, n.uploadPhoto)

	n.page("GET /newsroom/front", editors, n.showFront)
	n.page("POST /newsroom/front", editors, n.editFront)
	n.page("POST /newsroom/stories/{id}/breaking", editors, n.markBreaking)

	n.page("GET /newsroom/sections", admins, n.showSections)
	n.page("POST /newsroom/sections", admins, n.createSection)
	n.page("POST /newsroom/sections/{id}", admins, n.updateSection)
	n.page("POST /newsroom/sections/{id}/merge", admins, n.mergeSection)

	n.page("GET /newsroom/audit", admins, n.showAudit)
	n.page("GET /newsroom/users", admins, n.showUsers)
	n.page("POST /newsroom/users", admins, n.createUser)
	n.page("POST /newsroom/users/{id}", admins, n.updateUser)
	n.page("POST /newsroom/users/{id}/password", admins, n.resetPassword)
	n.page("POST /newsroom/users/{id}/token", admins, n.createToken)

	n.api("POST /api/v1/newsroom/stories", writers, n.apiCreateStory)
	n.api("GET /api/v1/newsroom/stories", writers, n.apiListStories)
	n.api("GET /api/v1/newsroom/stories/{id}", writers, n.apiGetStory)
	n.api("PUT /api/v1/newsroom/stories/{id}", writers, n.apiPutStory)
	n.api("POST /api/v1/newsroom/stories/{id}/transitions", writers, n.apiTransition)
	n.api("GET /api/v1/newsroom/stories/{id}/revisions", writers, n.apiRevisions)

	n.page("GET /newsroom/comments", moderators, n.showComments)
	n.page("POST /newsroom/comments/decision", moderators, n.decideComments)
	n.page("POST /newsroom/stories/{id}/comments", moderators, n.closeComments)
	n.page("GET /newsroom/comments/settings", admins, n.showCommentSettings)
	n.page("POST /newsroom/comments/settings", admins, n.saveCommentSettings)
	n.api("GET /api/v1/newsroom/comments", moderators, n.apiComments)
	n.api("POST /api/v1/newsroom/comments/{id}/decision", moderators, n.apiDecideComment)

	n.static("GET /newsroom/static/{hash}/{name...}", func(w http.ResponseWriter, r *http.Request) {
		n.assets.Serve(w, r, func(w http.ResponseWriter, r *http.Request) {
			n.renderError(w, r, nil, news.Errorf(news.ENOTFOUND, ""))
		})
	})
	// Whatever else is asked under the newsroom's paths.
	n.mux.HandleFunc("/newsroom/", n.unknownPage)
	n.mux.HandleFunc("/api/v1/newsroom/", n.unknownAPI)
}

// page registers a newsroom page: session, access check, CSRF on POST.
func (n *Newsroom) page(pattern string, a Access, h pageHandler) {
	n.add(pattern, a, false)
	n.mux.Handle(pattern, n.withSession(a, maxForm, h))
}

// upload registers a page whose form may carry a photo: a larger body,
// and the time to send it.
func (n *Newsroom) upload(pattern string, a Access, h pageHandler) {
	n.add(pattern, a, false)
	n.mux.Handle(pattern, n.withSession(a, maxUploadForm, h))
}

// api registers an API route: bearer token and access check.
func (n *Newsroom) api(pattern string, a Access, h apiHandler) {
	n.add(pattern, a, true)
	n.mux.Handle(pattern, n.withToken(a, h))
}

func (n *Newsroom) static(pattern string, h http.HandlerFunc) {
	n.add(pattern, anyone, false)
	n.mux.Handle(pattern, h)
}

func (n *Newsroom) add(pattern string, a Access, api bool) {
	method, path, _ := strings.Cut(pattern, " ")
	n.routes = append(n.routes, Route{Method: method, Pattern: path, Access: a, API: api})
}

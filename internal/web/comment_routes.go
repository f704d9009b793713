package web

import (
	"context"
	"net/http"

	"khabar/internal/httpx"
	"khabar/internal/news"
)

// CommentStore is what the public site reads and writes of comments.
// *store.Store satisfies it.
type CommentStore interface {
	// CommentSection returns what a story's page shows of its
	// comments: settings, counts and one page of approved comments.
	CommentSection(ctx context.Context, storyID int64, page, perPage int) (news.CommentSection, error)
	// ApprovedComments returns a run of the comments readers see under
	// a story, oldest first, and how many there are.
	ApprovedComments(ctx context.Context, storyID int64, limit, offset int) ([]*news.Comment, int, error)
	// AddComment stores a reader's comment: ENOTFOUND, EINVALID or
	// *news.RateLimited when it is refused.
	AddComment(ctx context.Context, p news.CommentPost) (*news.Comment, error)
	// CommentPage returns the page, of perPage comments, that shows
	// comment id.
	CommentPage(ctx context.Context, id int64, perPage int) (int, error)
	// CommentSecret returns the key that signs comment forms.
	CommentSecret(ctx context.Context) ([]byte, error)
}

// maxCommentBody bounds a comment's request body, form or JSON.
const maxCommentBody = 64 << 10

// commentRoutes registers the comment form's target and the comments
// API, under the story's news code.
func (s *server) commentRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /news/{code}/comments", s.createComment)
	mux.HandleFunc("GET /api/v1/news/{code}/comments", s.apiComments)
	mux.HandleFunc("POST /api/v1/news/{code}/comments", s.apiCreateComment)
	mux.HandleFunc("/api/v1/news/{code}/comments", apiCommentsOther)
}

// apiCommentsOther answers the methods the comments API does not serve. A
// CORS preflight is answered for reading only: other sites may read the
// comments, not post them from their readers' browsers.
func apiCommentsOther(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		h.Set("Allow", "GET, HEAD, POST, OPTIONS")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	httpx.MethodNotAllowed("GET", "HEAD", "POST", "OPTIONS")(w, r)
}

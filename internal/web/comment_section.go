package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// commentsPerPage is how many comments (not counting replies) a page of
// a story shows.
const commentsPerPage = 50

// commentsView is the comment section under a story.
type commentsView struct {
	// Total counts the comments readers see, replies too.
	Total int
	// List is the page's comments, each with its replies, as HTML
	// (see comment_html.go); "" for none.
	List  template.HTML
	Pager *pager
	// Open says readers may comment; Closed, when not, says why.
	Open   bool
	Closed string
	// PostModeration: comments are published at once unless held.
	PostModeration bool
	Action         string // where the form posts
	Form           commentForm
	// Notice is what the reader is told after posting.
	Notice string
	// Preview marks the newsroom's preview of a story not yet public.
	Preview bool

	page     int
	storyURL string
	threads  []news.CommentThread
}

// commentForm is the comment form as the reader filled it in.
type commentForm struct {
	Name, Email, Text string
	ReplyTo           int64
	ReplyName         string
	Token             string
	// Error says why the post was refused; Sent marks a form that
	// carries what a reader typed.
	Error string
	Sent  bool
}

// commentNotices are the messages ?comment= asks for after a post.
var commentNotices = map[string]string{
	"pending":  "نظر شما دریافت شد و پس از بررسی ناظر منتشر می‌شود. از همراهی شما سپاسگزاریم.",
	"approved": "نظر شما منتشر شد. از همراهی شما سپاسگزاریم.",
}

// personal reports whether the section carries what one reader did, so
// the page must not be cached.
func (v *commentsView) personal() bool { return v != nil && (v.Form.Sent || v.Notice != "") }

// replyURL is the link that opens the form to answer comment id.
func (v *commentsView) replyURL(id int64) string {
	u := v.storyURL + "?"
	if v.page > 1 {
		u += "page=" + strconv.Itoa(v.page) + "&"
	}
	return u + "reply=" + strconv.FormatInt(id, 10) + "#comment-form"
}

// CancelReplyURL is the page's form without the reply.
func (v *commentsView) CancelReplyURL() string {
	if v.page > 1 {
		return v.storyURL + "?page=" + strconv.Itoa(v.page) + "#comment-form"
	}
	return v.storyURL + "#comment-form"
}

// commentSection loads the comment section of st for the request: the
// page of comments ?page= asks for (ENOTFOUND past the last), and the
// form, as form left it when the reader's post was refused, or new.
func (s *server) commentSection(r *http.Request, st *news.Story, form *commentForm) (*commentsView, error) {
	page := 1
	if form == nil {
		var err error
		if page, err = parsePage(r); err != nil {
			return nil, err
		}
	}
	sec, err := s.store.CommentSection(r.Context(), st.ID, page, commentsPerPage)
	if err != nil {
		return nil, err
	}
	if outOfRange(page, sec.Top, commentsPerPage) {
		return nil, news.Errorf(news.ENOTFOUND, "comment page %d is beyond the last", page)
	}
	v := &commentsView{Total: sec.Total, threads: sec.Threads, PostModeration: sec.Settings.PostModeration,
		Action: "/news/" + strconv.FormatInt(st.Code, 10) + "/comments", page: page, storyURL: storyURL(st)}
	v.Closed = sec.Settings.CommentsClosed(st, sec.ClosedByModerator, s.now())
	v.Open = v.Closed == ""
	v.List = v.listHTML(sec.Threads)
	u, err := url.Parse(v.storyURL)
	if err != nil {
		return nil, err
	}
	if p := newPager(u, page, sec.Top, commentsPerPage); p != nil {
		for _, u := range []*string{&p.PrevURL, &p.NextURL} {
			if *u != "" {
				*u += "#comments"
			}
		}
		for i := range p.Links {
			if p.Links[i].URL != "" {
				p.Links[i].URL += "#comments"
			}
		}
		v.Pager = p
	}
	if form != nil {
		v.Form = *form
	} else {
		v.Notice = commentNotices[r.URL.Query().Get("comment")]
		if id, err := strconv.ParseInt(jalali.LatinDigits(r.URL.Query().Get("reply")), 10, 64); err == nil && id > 0 {
			v.Form.ReplyTo = id
		}
	}
	if v.Form.ReplyTo != 0 {
		v.Form.ReplyName = v.name(v.Form.ReplyTo)
		if v.Form.ReplyName == "" && !v.Form.Sent {
			v.Form.ReplyTo = 0 // a link to a comment not on this page
		}
	}
	if v.Open && v.Form.Token == "" {
		if v.Form.Token, err = s.issueToken(r.Context(), st.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// name returns the name on comment id if the page shows it.
func (v *commentsView) name(id int64) string {
	for _, t := range v.threads {
		if t.ID == id {
			return t.Name
		}
		for _, c := range t.Replies {
			if c.ID == id {
				return c.Name
			}
		}
	}
	return ""
}

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	// Items is the page's comments, each with its replies.
	Items []commentItem
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

// commentItem is one comment as the page prints it, worked out before
// the template runs: a page of fifty costs the template fifty times
// what one does.
type commentItem struct {
	ID             int64
	Name           string
	Datetime, Date string // RFC 3339 in Tehran; Jalali, in Persian digits
	Text           template.HTML
	// ReplyURL opens the form to answer it; "" for a reply, or when the
	// story's comments are closed.
	ReplyURL string
	Replies  []commentItem
}

func (v *commentsView) item(c *news.Comment, top bool) commentItem {
	it := commentItem{ID: c.ID, Name: c.Name, Datetime: iso(c.Created), Date: jdate(c.Created), Text: commentHTML(c.Text)}
	if top && v.Open {
		it.ReplyURL = v.ReplyURL(c.ID)
	}
	return it
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

// ReplyURL is the link that opens the form to answer comment id.
func (v *commentsView) ReplyURL(id int64) string {
	q := url.Values{"reply": {strconv.FormatInt(id, 10)}}
	if v.page > 1 {
		q.Set("page", strconv.Itoa(v.page))
	}
	return v.storyURL + "?" + q.Encode() + "#comment-form"
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
	v.Items = make([]commentItem, len(sec.Threads))
	for i, t := range sec.Threads {
		v.Items[i] = v.item(t.Comment, true)
		for _, r := range t.Replies {
			v.Items[i].Replies = append(v.Items[i].Replies, v.item(r, false))
		}
	}
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

// commentHTML is a comment's text as a page shows it: plain text, every
// character of markup shown as written, web addresses made links that
// pass no reputation and no access to this page (rel="nofollow ugc
// noopener"), line breaks kept.
func commentHTML(text string) template.HTML {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	plain := func(s string) {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(template.HTMLEscapeString(line))
		}
	}
	at := 0
	for _, l := range news.FindLinks(text) {
		plain(text[at:l.Start])
		b.WriteString(`<a href="`)
		b.WriteString(template.HTMLEscapeString(l.URL))
		b.WriteString(`" rel="nofollow ugc noopener">`)
		b.WriteString(template.HTMLEscapeString(text[l.Start:l.End]))
		b.WriteString(`</a>`)
		at = l.End
	}
	plain(text[at:])
	return template.HTML(b.String())
}

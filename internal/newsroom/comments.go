package newsroom

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// The moderation queue: readers' comments by state, newest first, each
// with its story's headline and its spam score and reasons; decided on
// one at a time or in bulk, by button or keyboard (moderation.js).

// commentsPage is how many comments the queue shows at once.
const commentsPage = 50

type commentsData struct {
	pageData
	State  news.CommentStatus
	Tabs   []commentTab
	Queue  news.CommentQueue
	Story  *news.Story // the story the queue is narrowed to, if any
	Closed bool        // its comments, closed by a moderator
	// Back is the queue's query, kept across a decision.
	Back      string
	NextURL   string
	Decisions []decisionButton
}

// decisionButton is one decision as the queue offers it: Key is its
// keyboard shortcut.
type decisionButton struct {
	Value, Name, Key, Class string
	State                   news.CommentStatus
}

var decisionButtons = []decisionButton{
	{Value: string(news.DecideApprove), Name: news.DecideApprove.Name(), Key: "a", Class: "go", State: news.CommentApproved},
	{Value: string(news.DecideReject), Name: news.DecideReject.Name(), Key: "r", State: news.CommentRejected},
	{Value: string(news.DecideSpam), Name: news.DecideSpam.Name(), Key: "s", State: news.CommentSpam},
	{Value: string(news.DecideDelete), Name: news.DecideDelete.Name(), Key: "d", Class: "danger", State: news.CommentDeleted},
}

type commentTab struct {
	State   news.CommentStatus
	Count   int
	URL     string
	Current bool
}

// showComments is the moderation queue: ?state= (pending by default),
// ?story= to narrow it to one story, ?before= for older comments.
func (n *Newsroom) showComments(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	q := r.URL.Query()
	d := commentsData{pageData: n.pageData(v, "نظرها"), State: news.CommentStatus(q.Get("state")), Decisions: decisionButtons}
	d.Flash = commentFlash(q)
	if d.State == "" || !d.State.Valid() {
		d.State = news.CommentPending
	}
	f := news.CommentFilter{Status: d.State, Limit: commentsPage}
	f.StoryID, _ = strconv.ParseInt(q.Get("story"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	if f.StoryID != 0 {
		st, err := n.store.StoryByID(ctx, f.StoryID)
		if err != nil {
			n.renderError(w, r, v, err)
			return
		}
		d.Story = st
		if d.Closed, err = n.store.CommentsClosedByModerator(ctx, st.ID); err != nil {
			n.renderError(w, r, v, err)
			return
		}
	}
	counts, err := n.store.CommentCounts(ctx, f.StoryID)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	for _, s := range news.CommentStatuses {
		tab := commentTab{State: s, Count: counts[s], URL: commentsURL(s, f.StoryID, 0), Current: s == d.State}
		d.Tabs = append(d.Tabs, tab)
	}
	if d.Queue, err = n.store.Comments(ctx, f); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d.Back = url.Values{"state": {string(d.State)}, "story": {strconv.FormatInt(f.StoryID, 10)}}.Encode()
	if d.Queue.Next != 0 {
		d.NextURL = commentsURL(d.State, f.StoryID, d.Queue.Next)
	}
	n.render(w, r, http.StatusOK, "comments", d)
}

// commentsURL is the queue of one state, of one story (0: all), from
// before (0: the newest).
func commentsURL(state news.CommentStatus, story, before int64) string {
	q := url.Values{"state": {string(state)}}
	if story != 0 {
		q.Set("story", strconv.FormatInt(story, 10))
	}
	if before != 0 {
		q.Set("before", strconv.FormatInt(before, 10))
	}
	return "/newsroom/comments?" + q.Encode()
}

// commentFlash is the message of a redirect after a decision: what was
// done (?done=) to how many (?n=), named, never text in the URL.
func commentFlash(q url.Values) string {
	n := jalali.PersianDigits(q.Get("n"))
	if _, err := strconv.Atoi(q.Get("n")); err != nil {
		n = ""
	}
	switch q.Get("done") {
	case "approve":
		return n + " نظر تأیید و منتشر شد."
	case "reject":
		return n + " نظر رد شد."
	case "spam":
		return n + " نظر هرزنامه شناخته شد."
	case "delete":
		return n + " نظر حذف شد."
	case "none":
		return "نظری برگزیده نشده بود؛ چیزی تغییر نکرد."
	case "closed":
		return "ثبت نظر برای این خبر بسته شد."
	case "opened":
		return "ثبت نظر برای این خبر باز شد."
	}
	return ""
}

// decideComments applies a decision from the queue: one comment's
// button (one=approve:17), or a bulk button (bulk=approve) for the
// comments ticked (id=17&id=18). It goes back to the queue as it was.
func (n *Newsroom) decideComments(w http.ResponseWriter, r *http.Request, v *view) {
	f := r.PostForm
	back, _ := url.ParseQuery(f.Get("back"))
	target := func(done string, count int) string {
		q := url.Values{"done": {done}}
		if st := back.Get("state"); news.CommentStatus(st).Valid() {
			q.Set("state", st)
		}
		if id, err := strconv.ParseInt(back.Get("story"), 10, 64); err == nil && id > 0 {
			q.Set("story", strconv.FormatInt(id, 10))
		}
		if count > 0 {
			q.Set("n", strconv.Itoa(count))
		}
		return "/newsroom/comments?" + q.Encode()
	}
	var ids []int64
	name := f.Get("bulk")
	if one := f.Get("one"); one != "" {
		decision, id, _ := strings.Cut(one, ":")
		name = decision
		if num, err := strconv.ParseInt(id, 10, 64); err == nil {
			ids = []int64{num}
		}
	} else {
		for _, s := range f["id"] {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 || name == "" {
		http.Redirect(w, r, target("none", 0), http.StatusSeeOther)
		return
	}
	d, err := news.ParseDecision(name)
	if err == nil {
		_, err = n.store.DecideComments(r.Context(), v.Actor, ids, d)
	}
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, target(string(d), len(ids)), http.StatusSeeOther)
}

// closeComments closes a story's comments (closed=1) or opens them
// again (closed=0), and goes back to the story's queue.
func (n *Newsroom) closeComments(w http.ResponseWriter, r *http.Request, v *view) {
	id, ok := n.pathID(w, r, v, "خبر")
	if !ok {
		return
	}
	closed := r.PostForm.Get("closed") == "1"
	if err := n.store.SetCommentsClosed(r.Context(), v.Actor, id, closed); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	done := "opened"
	if closed {
		done = "closed"
	}
	http.Redirect(w, r, "/newsroom/comments?story="+strconv.FormatInt(id, 10)+"&done="+done, http.StatusSeeOther)
}

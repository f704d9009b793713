package newsroom

import (
	"net/http"
	"strconv"

	"khabar/internal/httpx"
	"khabar/internal/news"
)

// apiModComment is a comment as the moderation API shows it.
type apiModComment struct {
	ID      int64          `json:"id"`
	Story   apiStoryRef    `json:"story"`
	ReplyTo *int64         `json:"reply_to"`
	Name    string         `json:"name"`
	Email   string         `json:"email,omitempty"`
	IP      string         `json:"ip,omitempty"`
	Text    string         `json:"text"`
	State   string         `json:"state"`
	Score   int            `json:"score"`
	Reasons []apiSpamPoint `json:"reasons"`
	Created string         `json:"created"`
	Decided string         `json:"decided,omitempty"`
	By      string         `json:"decided_by,omitempty"`
}

type apiStoryRef struct {
	ID       int64  `json:"id"`
	Code     int64  `json:"code,omitempty"`
	Headline string `json:"headline,omitempty"`
}

type apiSpamPoint struct {
	Code   string `json:"code"`
	Points int    `json:"points"`
	Text   string `json:"text"`
}

func toAPIComment(c *news.Comment) apiModComment {
	out := apiModComment{ID: c.ID, Story: apiStoryRef{ID: c.StoryID}, Name: c.Name, Email: c.Email, IP: c.IP, Text: c.Text,
		State: string(c.Status), Score: c.Score, Reasons: []apiSpamPoint{}, Created: rfc3339(c.Created),
		Decided: rfc3339(c.Decided), By: c.DecidedBy}
	if c.Story != nil {
		out.Story.Code, out.Story.Headline = c.Story.Code, c.Story.Headline
	}
	if c.ReplyTo != 0 {
		out.ReplyTo = &c.ReplyTo
	}
	for _, r := range c.Reasons {
		out.Reasons = append(out.Reasons, apiSpamPoint{Code: r.Code, Points: r.Points, Text: r.Text()})
	}
	return out
}

// GET /api/v1/newsroom/comments?state=pending&story=&limit=&cursor=:
// the queue, newest first.
func (n *Newsroom) apiComments(w http.ResponseWriter, r *http.Request, u *news.User) {
	q := r.URL.Query()
	f := news.CommentFilter{Status: news.CommentStatus(q.Get("state")), Limit: 50}
	if f.Status != "" && !f.Status.Valid() {
		httpx.WriteJSONError(w, news.FieldErrorf("state", news.EINVALID,
			"«state» یکی از pending، approved، rejected، spam یا deleted باشد"))
		return
	}
	for _, p := range []struct {
		name string
		into *int64
		max  int64
	}{{"story", &f.StoryID, 1 << 62}, {"cursor", &f.Before, 1 << 62}} {
		if s := q.Get(p.name); s != "" {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil || v < 1 {
				httpx.WriteJSONError(w, news.FieldErrorf(p.name, news.EINVALID, "«%s» باید عددی مثبت باشد", p.name))
				return
			}
			*p.into = v
		}
	}
	if s := q.Get("limit"); s != "" {
		l, err := strconv.Atoi(s)
		if err != nil || l < 1 || l > 200 {
			httpx.WriteJSONError(w, news.FieldErrorf("limit", news.EINVALID, "«limit» عددی از ۱ تا ۲۰۰ باشد"))
			return
		}
		f.Limit = l
	}
	queue, err := n.store.Comments(r.Context(), f)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	out := struct {
		Total  int             `json:"total"`
		Items  []apiModComment `json:"items"`
		Cursor string          `json:"next_cursor,omitempty"`
	}{Total: queue.Total, Items: []apiModComment{}}
	if queue.Next != 0 {
		out.Cursor = strconv.FormatInt(queue.Next, 10)
	}
	for _, c := range queue.Comments {
		out.Items = append(out.Items, toAPIComment(c))
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

// POST /api/v1/newsroom/comments/{id}/decision {"decision": "approve"|
// "reject"|"spam"|"delete"}: 200 with the comment as it stands after.
func (n *Newsroom) apiDecideComment(w http.ResponseWriter, r *http.Request, u *news.User) {
	id, ok := n.apiPathID(w, r, "نظر")
	if !ok {
		return
	}
	var body struct {
		Decision string `json:"decision"`
	}
	if err := httpx.ReadJSON(w, r, 4<<10, &body); err != nil {
		n.apiError(w, r, err)
		return
	}
	d, err := news.ParseDecision(body.Decision)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	done, err := n.store.DecideComments(r.Context(), news.ActorOf(u), []int64{id}, d)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, "", toAPIComment(done[0]))
}

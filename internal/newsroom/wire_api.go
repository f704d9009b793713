package newsroom

import (
	"net/http"
	"strconv"

	"khabar/internal/httpx"
	"khabar/internal/news"
	"khabar/internal/wire"
)

// apiWireItem is a wire item as the newsroom API lists it.
type apiWireItem struct {
	ID        int64  `json:"id"`
	Group     int64  `json:"group"`
	Source    int64  `json:"source"`
	Credit    string `json:"credit"`
	Headline  string `json:"headline"`
	Lead      string `json:"lead"`
	Link      string `json:"link"`
	Published string `json:"published"`
	Arrived   string `json:"arrived"`
	// RepublishedStory is the draft made of the item, null when none.
	RepublishedStory *int64 `json:"republished_story"`
}

func toAPIWire(it *news.WireItem) apiWireItem {
	out := apiWireItem{ID: it.ID, Group: it.Group, Source: it.SourceID, Credit: it.Credit, Headline: it.Headline,
		Lead: it.Lead, Link: it.Link, Published: rfc3339(it.Published), Arrived: rfc3339(it.Arrived)}
	if it.Story != 0 {
		id := it.Story
		out.RepublishedStory = &id
	}
	return out
}

// wireFilter reads the desk's filter from a query: source (an id), q,
// section, limit (1 to 100, def by default) and cursor.
func wireFilter(r *http.Request, def int) (news.WireFilter, []string, error) {
	q := r.URL.Query()
	f := news.WireFilter{Query: q.Get("q"), Section: q.Get("section"), Cursor: q.Get("cursor"), Limit: def}
	if s := q.Get("source"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, nil, news.FieldErrorf("source", news.EINVALID, "«source» شناسهٔ یک خوراک باشد")
		}
		f.Source = id
	}
	if s := q.Get("limit"); s != "" {
		l, err := strconv.Atoi(s)
		if err != nil || l < 1 || l > 100 {
			return f, nil, news.FieldErrorf("limit", news.EINVALID, "«limit» عددی از ۱ تا ۱۰۰ باشد")
		}
		f.Limit = l
	}
	terms := append(wire.QueryTerms(f.Query), wire.QueryTerms(f.Section)...)
	return f, terms, nil
}

// GET /api/v1/newsroom/wire?source=&q=&limit=&cursor=
func (n *Newsroom) apiWire(w http.ResponseWriter, r *http.Request, u *news.User) {
	f, terms, err := wireFilter(r, 20)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	items, next, err := n.store.WireItems(r.Context(), f, terms)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	out := struct {
		Items  []apiWireItem `json:"items"`
		Cursor string        `json:"next_cursor,omitempty"`
	}{Items: []apiWireItem{}, Cursor: next}
	for _, it := range items {
		out.Items = append(out.Items, toAPIWire(it))
	}
	httpx.WriteJSON(w, http.StatusOK, "", out)
}

// POST /api/v1/newsroom/wire/{id}/republish with an optional body
// {"section": "slug"}: 201 and the new draft.
func (n *Newsroom) apiRepublish(w http.ResponseWriter, r *http.Request, u *news.User) {
	id, ok := n.apiPathID(w, r, "خبر رسیده")
	if !ok {
		return
	}
	var body struct {
		Section string `json:"section"`
	}
	if r.ContentLength != 0 {
		if err := httpx.ReadJSON(w, r, 64<<10, &body); err != nil {
			n.apiError(w, r, err)
			return
		}
	}
	st, err := n.republish(r, u, id, body.Section)
	if err != nil {
		n.apiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/newsroom/stories/"+strconv.FormatInt(st.ID, 10))
	n.writeStory(w, http.StatusCreated, st)
}

// republish makes a draft of wire item id in section (the first section
// when empty).
func (n *Newsroom) republish(r *http.Request, u *news.User, id int64, section string) (*news.Story, error) {
	if section == "" {
		secs, err := n.store.Sections(r.Context())
		if err != nil {
			return nil, err
		}
		if len(secs) > 0 {
			section = secs[0].Slug
		}
	}
	return n.store.RepublishWire(r.Context(), news.ActorOf(u), id, func(it *news.WireItem) news.Content {
		return wire.Content(it, section)
	})
}

package newsroom

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"khabar/internal/httpx"
	"khabar/internal/news"
)

// The wire desk: what other agencies sent, near-duplicates grouped,
// newest first; an item opened, and republished with credit.

type wireDeskData struct {
	pageData
	Groups   []*news.WireGroup
	Sources  []*news.WireSource
	Failing  []*news.WireSource
	Source   int64
	Q        string
	Section  string
	NextURL  string
	Error    string
	Sections []news.Section
}

// showWire is the desk: ?source=, ?section= (a keyword), ?q= (search),
// ?cursor= for older items.
func (n *Newsroom) showWire(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	q := r.URL.Query()
	d := wireDeskData{pageData: n.pageData(v, "میز خبرهای رسیده"), Q: q.Get("q"), Section: q.Get("section")}
	var err error
	if d.Sources, err = n.store.WireSources(ctx); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	for _, s := range d.Sources {
		if s.LastError != "" {
			d.Failing = append(d.Failing, s)
		}
	}
	f, terms, err := wireFilter(r, 50)
	if err != nil {
		d.Error = news.ErrorMessage(err)
		n.render(w, r, http.StatusBadRequest, "wire", d)
		return
	}
	d.Source = f.Source
	items, next, err := n.store.WireItems(ctx, f, terms)
	if news.ErrorCode(err) == news.EINVALID {
		d.Error = news.ErrorMessage(err)
		n.render(w, r, http.StatusBadRequest, "wire", d)
		return
	}
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	// A group shows once, where its newest item on this page stands.
	var order []int64
	seen := map[int64]bool{}
	for _, it := range items {
		if !seen[it.Group] {
			seen[it.Group] = true
			order = append(order, it.Group)
		}
	}
	members, err := n.store.WireGroups(ctx, order)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	for _, g := range order {
		list := members[g]
		if len(list) == 0 {
			continue
		}
		d.Groups = append(d.Groups, &news.WireGroup{First: list[0], Others: list[1:]})
	}
	if next != "" {
		nq := url.Values{"cursor": {next}}
		for _, k := range []string{"source", "q", "section"} {
			if s := q.Get(k); s != "" {
				nq.Set(k, s)
			}
		}
		d.NextURL = "/newsroom/wire?" + nq.Encode()
	}
	n.render(w, r, http.StatusOK, "wire", d)
}

type wireItemData struct {
	pageData
	Item     *news.WireItem
	Body     template.HTML
	Group    []*news.WireItem
	Sections []news.Section
	Error    string
}

// showWireItem is one item, its group and the republish form.
func (n *Newsroom) showWireItem(w http.ResponseWriter, r *http.Request, v *view) {
	id, ok := n.pathID(w, r, v, "خبر رسیده")
	if !ok {
		return
	}
	n.renderWireItem(w, r, v, id, http.StatusOK, "")
}

func (n *Newsroom) renderWireItem(w http.ResponseWriter, r *http.Request, v *view, id int64, status int, msg string) {
	ctx := r.Context()
	it, err := n.store.WireItem(ctx, id)
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	d := wireItemData{pageData: n.pageData(v, it.Headline), Item: it, Error: msg,
		// Stored sanitized (richtext.Sanitize) as it arrived.
		Body: template.HTML(it.Body)}
	groups, err := n.store.WireGroups(ctx, []int64{it.Group})
	if err != nil {
		n.renderError(w, r, v, err)
		return
	}
	for _, o := range groups[it.Group] {
		if o.ID != it.ID {
			d.Group = append(d.Group, o)
		}
	}
	if d.Sections, err = n.store.Sections(ctx); err != nil {
		n.renderError(w, r, v, err)
		return
	}
	n.render(w, r, status, "wire_item", d)
}

// republishWire makes a draft of the item and opens it in the editor.
func (n *Newsroom) republishWire(w http.ResponseWriter, r *http.Request, v *view) {
	id, ok := n.pathID(w, r, v, "خبر رسیده")
	if !ok {
		return
	}
	st, err := n.republish(r, v.User, id, r.PostForm.Get("section"))
	switch code := news.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/newsroom/stories/"+strconv.FormatInt(st.ID, 10)+"?done=republished", http.StatusSeeOther)
	case code == news.ECONFLICT || code == news.EINVALID:
		n.renderWireItem(w, r, v, id, httpx.Status(err), news.ErrorMessage(err))
	default:
		n.renderError(w, r, v, err)
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// client speaks to one khabar: the public search API without a token,
// the newsroom API with one. Searches and writes each get a transport
// of their own, so a slow write never holds the connection a search
// waits for.
type client struct {
	base   string
	token  string
	search *http.Client
	write  *http.Client
	// first is search's transport with a timeout long enough for the
	// first search, which waits for the server to read its index.
	first *http.Client
}

func newClient(base, token string) *client {
	transport := func() *http.Transport {
		return &http.Transport{MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}
	}
	search := transport()
	return &client{base: strings.TrimRight(base, "/"), token: token,
		search: &http.Client{Timeout: 10 * time.Second, Transport: search},
		write:  &http.Client{Timeout: 30 * time.Second, Transport: transport()},
		first:  &http.Client{Timeout: 5 * time.Minute, Transport: search}}
}

// content is a story's fields as the newsroom API takes them.
type content struct {
	Section  string   `json:"section"`
	Kicker   string   `json:"kicker"`
	Headline string   `json:"headline"`
	Lead     string   `json:"lead"`
	Credit   string   `json:"credit"`
	Byline   string   `json:"byline"`
	Body     string   `json:"body"`
	Tags     []string `json:"tags"`
}

// story is what the newsroom API answers with, in the part read here.
type story struct {
	ID       int64  `json:"id"`
	Revision int64  `json:"revision"`
	State    string `json:"state"`
	Code     int64  `json:"code"`
}

// searchQuery times one search, the answer read and decoded whole, as a
// reader's browser would.
func (c *client) searchQuery(q string) (time.Duration, error) {
	return c.searchWith(c.search, q)
}

func (c *client) searchWith(hc *http.Client, q string) (time.Duration, error) {
	start := time.Now()
	resp, err := hc.Get(c.base + "/api/v1/search?q=" + url.QueryEscape(q))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var body struct {
		Total int               `json:"total"`
		Items []json.RawMessage `json:"items"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("search %q: status %d", q, resp.StatusCode)
	}
	if err != nil {
		return 0, fmt.Errorf("search %q: %w", q, err)
	}
	return time.Since(start), nil
}

// newsroom sends one newsroom API request and decodes a story from the
// answer, which must have status want.
func (c *client) newsroom(method, path, ifMatch string, in any, want int) (story, time.Duration, error) {
	var st story
	b, err := json.Marshal(in)
	if err != nil {
		return st, 0, err
	}
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(b))
	if err != nil {
		return st, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	start := time.Now()
	resp, err := c.write.Do(req)
	if err != nil {
		return st, 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	d := time.Since(start)
	if err != nil {
		return st, 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != want {
		return st, 0, fmt.Errorf("%s %s: status %d: %.300s", method, path, resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return st, d, nil
}

// create stores a new draft.
func (c *client) create(ct content) (story, time.Duration, error) {
	st, d, err := c.newsroom(http.MethodPost, "/api/v1/newsroom/stories", "", ct, http.StatusCreated)
	if err == nil && (st.ID == 0 || st.State != "draft") {
		err = fmt.Errorf("create: answer without id or not a draft: %+v", st)
	}
	return st, d, err
}

// save replaces the content of story id, from revision rev.
func (c *client) save(id, rev int64, ct content) (story, time.Duration, error) {
	st, d, err := c.newsroom(http.MethodPut, "/api/v1/newsroom/stories/"+strconv.FormatInt(id, 10),
		`"`+strconv.FormatInt(rev, 10)+`"`, ct, http.StatusOK)
	if err == nil && st.Revision <= rev {
		err = fmt.Errorf("save of story %d: revision %d after %d", id, st.Revision, rev)
	}
	return st, d, err
}

// publish moves story id to published.
func (c *client) publish(id int64) (story, time.Duration, error) {
	st, d, err := c.newsroom(http.MethodPost, "/api/v1/newsroom/stories/"+strconv.FormatInt(id, 10)+"/transitions",
		"", map[string]string{"to": "published"}, http.StatusOK)
	if err == nil && (st.State != "published" || st.Code == 0) {
		err = fmt.Errorf("publish of story %d: answer not published or without a code: %+v", id, st)
	}
	return st, d, err
}

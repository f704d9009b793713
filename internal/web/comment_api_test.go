package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

func TestCommentsAPI(t *testing.T) {
	s := newCommentSite(t, Config{TrustProxy: true, CommentRate: news.RateLimit{Posts: 5, Window: time.Minute}})
	path := fmt.Sprintf("/api/v1/news/%d/comments", s.story.Code)
	post := func(body string, header ...string) response {
		return s.request("POST", path, "application/json", body, append([]string{"X-Forwarded-For", "198.51.100.1"}, header...)...)
	}
	res := post(`{"name": "مریم", "text": "نظری از برنامهٔ همراه", "email": "m@example.ir"}`)
	var created struct {
		ID    int64
		State string
	}
	json.Unmarshal([]byte(res.body), &created)
	if res.status != http.StatusAccepted || created.ID == 0 || created.State != "pending" || res.header.Get("Set-Cookie") != "" {
		t.Fatalf("post: %d %s", res.status, res.body)
	}
	var list struct {
		Total int `json:"total"`
		Items []struct {
			ID      int64  `json:"id"`
			Name    string `json:"name"`
			Text    string `json:"text"`
			Created string `json:"created"`
			ReplyTo *int64 `json:"reply_to"`
		} `json:"items"`
	}
	res = s.get(path)
	if json.Unmarshal([]byte(res.body), &list); res.status != 200 || list.Total != 0 || list.Items == nil {
		t.Fatalf("before approval: %d %s", res.status, res.body)
	}
	s.approveAll()
	res = post(fmt.Sprintf(`{"name": "علی", "text": "پاسخ من", "reply_to": %d}`, created.ID))
	if res.status != http.StatusAccepted {
		t.Fatalf("reply: %d %s", res.status, res.body)
	}
	s.approveAll()
	res = s.get(path)
	json.Unmarshal([]byte(res.body), &list)
	if list.Total != 2 || len(list.Items) != 2 || list.Items[0].ReplyTo != nil || list.Items[1].ReplyTo == nil ||
		*list.Items[1].ReplyTo != created.ID || list.Items[0].Created != "2024-03-10T09:00:00Z" || strings.Contains(res.body, "m@example.ir") ||
		res.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("list: %s", res.body)
	}
	for _, k := range []string{`"id"`, `"name"`, `"text"`, `"created"`, `"reply_to":null`} {
		if !strings.Contains(res.body, k) {
			t.Errorf("item lacks %s: %s", k, res.body)
		}
	}
	if res = s.get(path + "?limit=1&offset=1"); !strings.Contains(res.body, "پاسخ من") || strings.Contains(res.body, "برنامهٔ همراه") {
		t.Errorf("limit and offset: %s", res.body)
	}
	if res = s.get(path + "?limit=0"); res.status != 400 || !strings.Contains(res.body, "limit") {
		t.Errorf("limit 0: %d %s", res.status, res.body)
	}

	tests := []struct {
		name, ctype, body string
		status            int
		field             string
	}{
		{"no name", "application/json", `{"text": "متن"}`, 400, "name"},
		{"empty text", "application/json", `{"name": "علی", "text": " "}`, 400, "text"},
		{"unknown field", "application/json", `{"name": "علی", "text": "متن", "website": "x"}`, 400, "website"},
		{"reply to nothing", "application/json", `{"name": "علی", "text": "متن", "reply_to": 999}`, 400, "reply_to"},
		{"a form", "application/x-www-form-urlencoded", `name=x&text=y`, 415, ""},
		{"too large", "application/json", `{"name": "علی", "text": "` + strings.Repeat("x", 65<<10) + `"}`, 413, ""},
		{"not JSON", "application/json", `{"name": `, 400, ""},
	}
	for _, tt := range tests {
		res := s.request("POST", path, tt.ctype, tt.body, "X-Forwarded-For", "198.51.100.2")
		var e struct{ Error, Field string }
		json.Unmarshal([]byte(res.body), &e)
		if res.status != tt.status || e.Field != tt.field || !strings.ContainsFunc(e.Error, func(r rune) bool { return r >= 0x600 && r <= 0x6ff }) {
			t.Errorf("%s: %d %s", tt.name, res.status, res.body)
		}
	}
	// A flood from one address is cut off; another address is not.
	var last response
	for i := range 6 {
		last = post(fmt.Sprintf(`{"name": "ربات", "text": "پیام شمارهٔ %d"}`, i), "X-Forwarded-For", "203.0.113.50")
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") != "60" || !strings.Contains(last.body, "دوباره بفرستید") {
		t.Fatalf("flood: %d %q %s", last.status, last.header.Get("Retry-After"), last.body)
	}
	if res := post(`{"name": "سارا", "text": "از جای دیگر"}`, "X-Forwarded-For", "203.0.113.51"); res.status != 202 {
		t.Fatalf("another address: %d", res.status)
	}
	if res := s.request("OPTIONS", path, "", ""); res.status != 204 || strings.Contains(res.header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight: %d %v", res.status, res.header)
	}
	if res := s.request("DELETE", path, "", ""); res.status != 405 {
		t.Errorf("DELETE: %d", res.status)
	}
	if res := s.get("/api/v1/news/999999/comments"); res.status != 404 || !strings.Contains(res.body, `"error"`) {
		t.Errorf("unknown story: %d %s", res.status, res.body)
	}
	// Under post-moderation a clean comment is published at once; a
	// spammy one is only said to be pending.
	if err := s.store.SetCommentSettings(context.Background(), s.admin, news.CommentSettings{PostModeration: true}); err != nil {
		t.Fatal(err)
	}
	res = post(`{"name": "نرگس", "text": "بی‌درنگ منتشر شود"}`, "X-Forwarded-For", "192.0.2.1")
	if res.status != 202 || !strings.Contains(res.body, `"state":"approved"`) {
		t.Fatalf("post-moderation: %s", res.body)
	}
	res = post(`{"name": "Bob", "text": "cheap pills https://a.example https://b.example"}`, "X-Forwarded-For", "192.0.2.2")
	if res.status != 202 || !strings.Contains(res.body, `"state":"pending"`) {
		t.Fatalf("spam: %s", res.body)
	}
}

// X-Forwarded-For is believed only behind a trusted proxy: without
// --trust-proxy a flood cannot dodge the limit by naming other addresses.
func TestCommentRateIgnoresForwardedFor(t *testing.T) {
	s := newCommentSite(t, Config{CommentRate: news.RateLimit{Posts: 2, Window: time.Minute}})
	path := fmt.Sprintf("/api/v1/news/%d/comments", s.story.Code)
	var statuses []int
	for i := range 3 {
		res := s.request("POST", path, "application/json", fmt.Sprintf(`{"name": "ربات", "text": "پیام %d"}`, i),
			"X-Forwarded-For", fmt.Sprintf("10.0.0.%d", i))
		statuses = append(statuses, res.status)
	}
	if fmt.Sprint(statuses) != "[202 202 429]" {
		t.Fatalf("statuses %v", statuses)
	}
}

func TestRateKey(t *testing.T) {
	for ip, want := range map[string]string{
		"203.0.113.9":             "203.0.113.9",
		"2001:db8:1:2:3:4:5:6":    "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":    "2001:db8:1:2::/64",
		"::ffff:203.0.113.9":      "::ffff:203.0.113.9",
		"not an address, somehow": "not an address, somehow",
	} {
		if got := rateKey(ip); got != want {
			t.Errorf("rateKey(%s) = %s, want %s", ip, got, want)
		}
	}
}

package httpx

import (
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"khabar/internal/news"
)

func TestStatus(t *testing.T) {
	for code, want := range map[string]int{
		news.ENOTFOUND: 404, news.EINVALID: 400, news.ECONFLICT: 409, news.ESTALE: 412, news.EFORBIDDEN: 403,
		news.EUNAUTHORIZED: 401, news.EGONE: 410, news.ETHROTTLED: 429, news.ETOOLARGE: 413, news.EMEDIATYPE: 415,
	} {
		if got := Status(news.Errorf(code, "x")); got != want {
			t.Errorf("Status(%s) = %d, want %d", code, got, want)
		}
	}
	if Status(errors.New("disk on fire")) != 500 || Status(&news.Stale{}) != 412 {
		t.Error("internal or stale")
	}
}

func TestWriteJSONError(t *testing.T) {
	w := httptest.NewRecorder()
	WriteJSONError(w, news.FieldErrorf("headline", news.EINVALID, "تیتر لازم است"))
	if w.Code != 400 || w.Body.String() != `{"error":"تیتر لازم است","field":"headline"}`+"\n" ||
		w.Header().Get("Cache-Control") != "no-store" || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("%d %q %v", w.Code, w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	WriteJSONError(w, errors.New("pq: password authentication failed for user khabar"))
	if w.Code != 500 || strings.Contains(w.Body.String(), "pq") {
		t.Errorf("internal detail leaked: %q", w.Body)
	}
}

func TestReadJSON(t *testing.T) {
	type body struct {
		Headline string `json:"headline"`
		Tags     []string
	}
	tests := []struct {
		name, ctype, body string
		code, field       string
	}{
		{"good", "application/json", `{"headline":"تیتر"}`, "", ""},
		{"charset", "application/json; charset=utf-8", `{"headline":"تیتر"}`, "", ""},
		{"form", "application/x-www-form-urlencoded", `headline=x`, news.EMEDIATYPE, ""},
		{"none", "", `{}`, news.EMEDIATYPE, ""},
		{"too large", "application/json", `{"headline":"` + strings.Repeat("x", 2000) + `"}`, news.ETOOLARGE, ""},
		{"not UTF-8", "application/json", "{\"headline\":\"\xff\"}", news.EINVALID, ""},
		{"NUL escape", "application/json", `{"headline":"a\u0000"}`, news.EINVALID, ""},
		{"unknown field", "application/json", `{"headlin":"x"}`, news.EINVALID, "headlin"},
		{"wrong type", "application/json", `{"headline":1}`, news.EINVALID, "headline"},
		{"broken", "application/json", `{"headline":`, news.EINVALID, ""},
		{"two values", "application/json", `{} {}`, news.EINVALID, ""},
		{"array", "application/json", `[]`, news.EINVALID, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			var v body
			err := ReadJSON(httptest.NewRecorder(), r, 1024, &v)
			if got := news.ErrorCode(err); got != tt.code {
				t.Fatalf("code %q (%v), want %q", got, err, tt.code)
			}
			if news.ErrorField(err) != tt.field {
				t.Errorf("field %q, want %q", news.ErrorField(err), tt.field)
			}
			if err != nil && !strings.ContainsFunc(news.ErrorMessage(err), func(r rune) bool { return r >= 0x600 && r <= 0x6ff }) {
				t.Errorf("message not in Persian: %q", news.ErrorMessage(err))
			}
		})
	}
}

func TestClientIPAndTLS(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.7:5555"
	r.Header.Add("X-Forwarded-For", "1.2.3.4, 203.0.113.9")
	r.Header.Set("X-Forwarded-Proto", "https")
	if ClientIP(r, false) != "10.0.0.7" || IsTLS(r, false) {
		t.Error("headers believed without --trust-proxy")
	}
	if ClientIP(r, true) != "203.0.113.9" || !IsTLS(r, true) {
		t.Errorf("behind a proxy: %s", ClientIP(r, true))
	}
	r.Header.Set("X-Forwarded-For", "not-an-address")
	if ClientIP(r, true) != "10.0.0.7" {
		t.Error("a junk X-Forwarded-For is believed")
	}
	r.TLS = &tls.ConnectionState{}
	if !IsTLS(r, false) {
		t.Error("direct TLS")
	}
}

func TestAssets(t *testing.T) {
	tree := fstest.MapFS{
		"a.css":         {Data: []byte(`@font-face { src: url("fonts/f.woff2"); }`)},
		"fonts/f.woff2": {Data: []byte("font")},
		"x.js":          {Data: []byte("js")},
	}
	set, err := NewAssets("/s/", tree)
	if err != nil {
		t.Fatal(err)
	}
	css, _ := set.URL("a.css")
	font, _ := set.URL("fonts/f.woff2")
	if !strings.HasPrefix(css, "/s/") || !strings.HasSuffix(font, "/fonts/f.woff2") {
		t.Fatalf("%s %s", css, font)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /s/{hash}/{name...}", func(w http.ResponseWriter, r *http.Request) { set.Serve(w, r, http.NotFound) })
	get := func(p string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
		return w
	}
	if w := get(css); w.Code != 200 || !strings.Contains(w.Body.String(), font) || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("css: %d %q", w.Code, w.Body)
	}
	if w := get("/s/0/a.css"); w.Code != 302 || w.Header().Get("Location") != css {
		t.Errorf("old hash: %d", w.Code)
	}
	if w := get("/s/0/nope.css"); w.Code != 404 {
		t.Errorf("unknown: %d", w.Code)
	}
	if _, err := NewAssets("/s/", fstest.MapFS{"b.css": {Data: []byte(`x { src: url("missing.woff2") }`)}}); err == nil {
		t.Error("a stylesheet naming a missing file is accepted")
	}
	if js, _ := set.URL("x.js"); get(js).Header().Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Error("js type")
	}
}

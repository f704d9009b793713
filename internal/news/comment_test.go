package news

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCommentDraftClean(t *testing.T) {
	long := strings.Repeat("خ", MaxCommentText+1)
	tests := []struct {
		name  string
		in    CommentDraft
		want  CommentDraft
		field string // the field at fault; "" for none
	}{
		{"plain", CommentDraft{Name: " مریم ", Text: " خبر خوبی بود. "}, CommentDraft{Name: "مریم", Text: "خبر خوبی بود."}, ""},
		{"line breaks kept, runs cut to one blank line",
			CommentDraft{Name: "علی", Text: "بند اول  \r\nبند دوم\r\n\r\n \n\n\nبند سوم\rپایان"},
			CommentDraft{Name: "علی", Text: "بند اول\nبند دوم\n\nبند سوم\nپایان"}, ""},
		{"tabs become spaces", CommentDraft{Name: "علی", Text: "یک\tدو"}, CommentDraft{Name: "علی", Text: "یک دو"}, ""},
		{"bidi overrides dropped", CommentDraft{Name: "\u202eعلی\u202c", Text: "متن \u2067نظر\u2069"},
			CommentDraft{Name: "علی", Text: "متن نظر"}, ""},
		{"ZWNJ kept", CommentDraft{Name: "علی", Text: "کتاب‌ها"}, CommentDraft{Name: "علی", Text: "کتاب‌ها"}, ""},
		{"email kept", CommentDraft{Name: "علی", Text: "نظر", Email: " ali@example.ir "},
			CommentDraft{Name: "علی", Text: "نظر", Email: "ali@example.ir"}, ""},
		{"no name", CommentDraft{Name: "  ", Text: "نظر"}, CommentDraft{}, "name"},
		{"no text", CommentDraft{Name: "علی", Text: "\n \n"}, CommentDraft{}, "text"},
		{"NUL", CommentDraft{Name: "علی", Text: "نظر\x00"}, CommentDraft{}, "text"},
		{"escape character", CommentDraft{Name: "علی\x1b[31m", Text: "نظر"}, CommentDraft{}, "name"},
		{"bad UTF-8", CommentDraft{Name: "علی", Text: "نظر\xff"}, CommentDraft{}, "text"},
		{"name on two lines", CommentDraft{Name: "علی\nرضا", Text: "نظر"}, CommentDraft{}, "name"},
		{"name with a link", CommentDraft{Name: "www.casino.example", Text: "نظر"}, CommentDraft{}, "name"},
		{"name too long", CommentDraft{Name: strings.Repeat("ن", MaxCommentName+1), Text: "نظر"}, CommentDraft{}, "name"},
		{"text too long", CommentDraft{Name: "علی", Text: long}, CommentDraft{}, "text"},
		{"four links", CommentDraft{Name: "علی", Text: "https://a.ir https://b.ir https://c.ir www.d.ir"}, CommentDraft{}, "text"},
		{"bad email", CommentDraft{Name: "علی", Text: "نظر", Email: "ali at example"}, CommentDraft{}, "email"},
		{"email with markup", CommentDraft{Name: "علی", Text: "نظر", Email: `a@b.ir"><script>`}, CommentDraft{}, "email"},
		{"negative reply", CommentDraft{Name: "علی", Text: "نظر", ReplyTo: -1}, CommentDraft{}, "reply_to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Clean()
			if tt.field != "" {
				if ErrorCode(err) != EINVALID || ErrorField(err) != tt.field {
					t.Fatalf("error %v (field %q), want one about %s", err, ErrorField(err), tt.field)
				}
				if !strings.ContainsFunc(ErrorMessage(err), func(r rune) bool { return r >= 0x600 && r <= 0x6ff }) {
					t.Errorf("message not in Persian: %q", ErrorMessage(err))
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

func TestFindLinks(t *testing.T) {
	tests := []struct {
		text string
		want []string // the addresses as written
		urls []string
	}{
		{"نگاه کنید به https://khabar.example/news/1.", []string{"https://khabar.example/news/1"}, []string{"https://khabar.example/news/1"}},
		{"سایت www.irna.ir را ببینید؛", []string{"www.irna.ir"}, []string{"http://www.irna.ir"}},
		{"(منبع: https://fa.wikipedia.org/wiki/تهران)", []string{"https://fa.wikipedia.org/wiki/تهران"}, nil},
		{"https://en.wikipedia.org/wiki/Go_(language) خوب است", []string{"https://en.wikipedia.org/wiki/Go_(language)"}, nil},
		{"دو پیوند: http://a.ir، http://b.ir؟", []string{"http://a.ir", "http://b.ir"}, nil},
		{`"https://x.ir/"onmouseover="alert(1)`, []string{"https://x.ir/"}, nil},
		{"<a href=https://x.ir>x</a>", []string{"https://x.ir"}, nil},
		{"javascript:alert(1) data:text/html,<script> vbscript:x", nil, nil},
		{"https:// خالی", nil, nil},
		{"https://javascript:alert(1)", nil, nil},
		{"https://user:pass@bank.example/", nil, nil},
		{"xhttps://a.ir", nil, nil},
		{"HTTPS://A.IR/X", []string{"HTTPS://A.IR/X"}, nil},
	}
	for _, tt := range tests {
		var got, urls []string
		for _, l := range FindLinks(tt.text) {
			got = append(got, tt.text[l.Start:l.End])
			urls = append(urls, l.URL)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FindLinks(%q) = %q, want %q", tt.text, got, tt.want)
		}
		if tt.urls != nil && !reflect.DeepEqual(urls, tt.urls) {
			t.Errorf("FindLinks(%q) URLs %q, want %q", tt.text, urls, tt.urls)
		}
	}
}

func TestBlockList(t *testing.T) {
	b := NewBlockList([]string{"کلمه", "قمار آنلاین", "می‌فروشیم", "از"})
	tests := []struct {
		text string
		want []string
	}{
		{"این کلمه بد است", []string{"کلمه"}},
		{"این كلمه بد است", []string{"کلمه"}},         // Arabic kaf
		{"این کلمه‌ها بد است", []string{"کلمه"}},      // with ZWNJ and a plural
		{"این کلمهها بد است", []string{"کلمه"}},       // the ZWNJ lost
		{"این کلمه ها بد است", []string{"کلمه"}},      // a space for the ZWNJ
		{"سایت قمار آنلاين", []string{"قمار آنلاین"}}, // Arabic yeh in a phrase
		{"قمار نه، آنلاین", nil},
		{"ما ارزان میفروشیم", []string{"می‌فروشیم"}},
		{"ما ارزان می فروشیم", []string{"می‌فروشیم"}},
		{"کلمات خوب", nil},
		{"متنی بی‌ضرر", nil},
	}
	for _, tt := range tests {
		if got := b.Find(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	var none *BlockList
	if none.Find("کلمه") != nil {
		t.Error("a nil list blocks")
	}
	if err := (CommentSettings{Blocked: []string{"از"}}).Validate(); ErrorField(err) != "blocked" {
		t.Errorf("a stop word is kept as a blocked word: %v", err)
	}
}

func TestAssessComment(t *testing.T) {
	blocked := NewBlockList([]string{"کلمه"})
	tests := []struct {
		name  string
		d     CommentDraft
		seen  bool
		score int
		codes []string
	}{
		{"clean", CommentDraft{Name: "مریم", Text: "گزارش دقیقی بود، ممنون."}, false, 0, nil},
		{"one link", CommentDraft{Name: "مریم", Text: "منبع: https://irna.ir/x"}, false, 2, []string{"links"}},
		{"blocked in the name", CommentDraft{Name: "كلمه", Text: "سلام"}, false, 3, []string{"blocked"}},
		{"blocked twice counts once", CommentDraft{Name: "کلمه", Text: "کلمه کلمه"}, false, 3, []string{"blocked"}},
		{"a character run", CommentDraft{Name: "علی", Text: "عالیییییییییییییی بود"}, false, 2, []string{"repeated"}},
		{"the same words", CommentDraft{Name: "علی", Text: strings.Repeat("بخرید ارزان ", 6)}, false, 2, []string{"repeated"}},
		{"sent before", CommentDraft{Name: "علی", Text: "نظر"}, true, 3, []string{"duplicate"}},
		{"all Latin", CommentDraft{Name: "Ali", Text: "great article, thanks"}, false, 2, []string{"latin"}},
		{"Finglish with a Persian word", CommentDraft{Name: "Ali", Text: "kheili khoob bood مرسی"}, false, 0, nil},
		{"spam", CommentDraft{Name: "Bob", Text: "cheap pills https://a.example https://b.example"}, false, 6, []string{"links", "latin"}},
	}
	for _, tt := range tests {
		score, reasons := AssessComment(tt.d, blocked, tt.seen)
		var codes []string
		for _, r := range reasons {
			codes = append(codes, r.Code)
			if r.Text() == r.Code {
				t.Errorf("%s: reason %s has no text", tt.name, r.Code)
			}
		}
		if score != tt.score || !reflect.DeepEqual(codes, tt.codes) {
			t.Errorf("%s: score %d %v, want %d %v", tt.name, score, codes, tt.score, tt.codes)
		}
		if back := DecodeReasons(EncodeReasons(reasons)); !reflect.DeepEqual(back, reasons) {
			t.Errorf("%s: reasons read back as %v", tt.name, back)
		}
	}
}

func TestCommentStatusFor(t *testing.T) {
	pre, post := CommentSettings{}, CommentSettings{PostModeration: true}
	for _, c := range []struct {
		s     CommentSettings
		score int
		want  CommentStatus
	}{
		{pre, 0, CommentPending}, {pre, 4, CommentPending}, {pre, 5, CommentSpam},
		{post, 0, CommentApproved}, {post, 1, CommentApproved}, {post, 2, CommentPending}, {post, 9, CommentSpam},
	} {
		if got := c.s.StatusFor(c.score); got != c.want {
			t.Errorf("post-moderation %v, score %d: %s, want %s", c.s.PostModeration, c.score, got, c.want)
		}
	}
}

func TestCommentsClosed(t *testing.T) {
	now := time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)
	st := &Story{Published: now.Add(-10 * 24 * time.Hour)}
	if r := (CommentSettings{}).CommentsClosed(st, false, now); r != "" {
		t.Errorf("open story: %q", r)
	}
	if r := (CommentSettings{}).CommentsClosed(st, true, now); !strings.Contains(r, "بسته") {
		t.Errorf("closed by a moderator: %q", r)
	}
	if r := (CommentSettings{CloseAfterDays: 7}).CommentsClosed(st, false, now); !strings.Contains(r, "۷ روز") {
		t.Errorf("after 7 days: %q", r)
	}
	if r := (CommentSettings{CloseAfterDays: 30}).CommentsClosed(st, false, now); r != "" {
		t.Errorf("within 30 days: %q", r)
	}
	if err := (CommentSettings{CloseAfterDays: -1}).Validate(); ErrorField(err) != "close_days" {
		t.Errorf("negative days: %v", err)
	}
}

func TestCommentFingerprint(t *testing.T) {
	a := CommentFingerprint("این سایت بهترین قیمت‌ها را دارد، همین حالا بخرید!")
	b := CommentFingerprint("اين سايت  بهترين قيمتها را دارد همين حالا بخريد")
	if a == "" || a != b {
		t.Errorf("the same text spelled two ways: %q %q", a, b)
	}
	if CommentFingerprint("عالی بود") != "" {
		t.Error("a short text has a fingerprint")
	}
	if CommentFingerprint("این سایت بهترین قیمت‌ها را دارد، فردا بخرید!") == a {
		t.Error("another text, the same fingerprint")
	}
}

func TestParseDecision(t *testing.T) {
	for _, d := range Decisions {
		if got, err := ParseDecision(string(d)); err != nil || got != d || d.Status() == "" || d.Name() == string(d) {
			t.Errorf("%s: %v %v", d, got, err)
		}
	}
	if _, err := ParseDecision("publish"); ErrorField(err) != "decision" {
		t.Errorf("unknown decision: %v", err)
	}
}

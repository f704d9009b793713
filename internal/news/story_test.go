package news

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSlugify(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"words joined", "باران پاییزی در تهران", "باران-پاییزی-در-تهران"},
		{"model page headline", "تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات",
			"تاکید-بر-تسریع-اجرایی-شدن-توافقات-تهران-مسقط-در-حوزه-ارتباطات"},
		{"ZWNJ kept as '-'", "کتاب‌های تازه منتشر می‌شود", "کتاب-های-تازه-منتشر-می-شود"},
		{"ZWNJ at a word's edge", "کتاب\u200c خوب \u200cنو", "کتاب-خوب-نو"},
		{"doubled ZWNJ", "رفت\u200c\u200cوآمد", "رفت-وآمد"},
		{"ZWNJ alone", "الف \u200c ب", "الف-ب"},
		{"Persian punctuation", "«سلام»، دنیا؛ چه خبر؟", "سلام-دنیا-چه-خبر"},
		{"Latin punctuation", "  (خبر) -- فوری!  ", "خبر-فوری"},
		{"harakat dropped", "کِتابِ مُحمَّد حتماً", "کتاب-محمد-حتما"},
		{"Persian digits kept", "۱۴۰۲/۰۸/۰۴ روز خبر", "۱۴۰۲-۰۸-۰۴-روز-خبر"},
		{"Latin lowered", "دفاتر ICT روستایی", "دفاتر-ict-روستایی"},
		{"cut at 12 words", "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده",
			"یک-دو-سه-چهار-پنج-شش-هفت-هشت-نه-ده-یازده-دوازده"},
		{"12 words exactly", "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده",
			"یک-دو-سه-چهار-پنج-شش-هفت-هشت-نه-ده-یازده-دوازده"},
		{"empty", "", ""},
		{"punctuation only", "«...»؟!", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slugify(tt.text); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
	s := Story{Headline: "نمایشگاه کتاب برگزار می‌شود"}
	if got := s.Slug(); got != "نمایشگاه-کتاب-برگزار-می-شود" {
		t.Errorf("Story.Slug() = %q", got)
	}
}

func TestValidate(t *testing.T) {
	good := func() *Story {
		return &Story{URI: "urn:khabar-test:1", Headline: "پیروزی تیم ملی", Lead: "تیم ملی برد.",
			Body: "<p>متن خبر</p>", Tags: []string{"فوتبال"}, Status: StatusPublished, Code: 101870}
	}
	tests := []struct {
		name   string
		change func(s *Story)
		want   string // in the message; "" for no error
	}{
		{"good", func(s *Story) {}, ""},
		{"no status", func(s *Story) { s.Status = "" }, ""},
		{"no code", func(s *Story) { s.Code = 0 }, ""},
		{"longest headline", func(s *Story) { s.Headline = strings.Repeat("خ", MaxHeadline) }, ""},
		{"most tags", func(s *Story) { s.Tags = slices.Repeat([]string{"فوتبال"}, MaxTags) }, ""},
		{"empty tag", func(s *Story) { s.Tags = []string{"فوتبال", " "} }, "tag"},
		{"control character in tag", func(s *Story) { s.Tags = []string{"فوت\x1fبال"} }, "control characters"},
		{"headline missing", func(s *Story) { s.Headline = "" }, "headline is required"},
		{"headline blank", func(s *Story) { s.Headline = " \t\n" }, "headline is required"},
		{"headline too long", func(s *Story) { s.Headline = strings.Repeat("خ", MaxHeadline+1) }, "headline is longer than 500 characters"},
		{"lead too long", func(s *Story) { s.Lead = strings.Repeat("ل", MaxLead+1) }, "lead is longer than 4000 characters"},
		{"body too large", func(s *Story) { s.Body = strings.Repeat("a", MaxBody+1) }, "body is larger than"},
		{"too many tags", func(s *Story) { s.Tags = make([]string, MaxTags+1) }, "more than 50 tags"},
		{"negative code", func(s *Story) { s.Code = -1 }, "news code must be positive"},
		{"unknown status", func(s *Story) { s.Status = "archived" }, `unknown status "archived"`},
		{"headline not UTF-8", func(s *Story) { s.Headline = "خبر\xff" }, "headline is not valid UTF-8"},
		{"kicker not UTF-8", func(s *Story) { s.Kicker = "\xc3" }, "kicker is not valid UTF-8"},
		{"lead not UTF-8", func(s *Story) { s.Lead = "\xfe" }, "lead is not valid UTF-8"},
		{"source not UTF-8", func(s *Story) { s.Source = "\xd8" }, "source is not valid UTF-8"},
		{"body not UTF-8", func(s *Story) { s.Body = "<p>\xff</p>" }, "body is not valid UTF-8"},
		{"uri not UTF-8", func(s *Story) { s.URI = "urn:\xff" }, "uri is not valid UTF-8"},
		{"UTF-8 checked first", func(s *Story) { s.Headline, s.Body = "", "\xff" }, "body is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			tt.change(s)
			err := s.Validate()
			if tt.want == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Validate() = %v, want an %s error", err, EINVALID)
			}
			if !strings.Contains(ErrorMessage(err), tt.want) {
				t.Errorf("Validate() message %q, want it to say %q", ErrorMessage(err), tt.want)
			}
		})
	}
}

func TestStatusValid(t *testing.T) {
	for _, tt := range []struct {
		s    Status
		want bool
	}{
		{StatusDraft, true}, {StatusPublished, true}, {StatusUnpublished, true},
		{"", false}, {"Published", false}, {"archived", false}, {"منتشرشده", false},
	} {
		if got := tt.s.Valid(); got != tt.want {
			t.Errorf("Status(%q).Valid() = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestVisible(t *testing.T) {
	now := time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC)
	for _, tt := range []struct {
		name      string
		status    Status
		published time.Time
		want      bool
	}{
		{"published earlier", StatusPublished, now.Add(-time.Hour), true},
		{"published now", StatusPublished, now, true},
		{"no publish time", StatusPublished, time.Time{}, true},
		{"published later", StatusPublished, now.Add(time.Minute), false},
		{"draft", StatusDraft, now.Add(-time.Hour), false},
		{"unpublished", StatusUnpublished, now.Add(-time.Hour), false},
	} {
		s := Story{Status: tt.status, Published: tt.published}
		if got := s.Visible(now); got != tt.want {
			t.Errorf("%s: Visible = %v, want %v", tt.name, got, tt.want)
		}
	}
}

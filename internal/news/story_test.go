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
		field  string // "" for no error
		want   string // in the message
	}{
		{"good", func(s *Story) {}, "", ""},
		{"no status", func(s *Story) { s.Status = "" }, "", ""},
		{"no code", func(s *Story) { s.Code = 0 }, "", ""},
		{"longest headline", func(s *Story) { s.Headline = strings.Repeat("خ", MaxHeadline) }, "", ""},
		{"most tags", func(s *Story) { s.Tags = slices.Repeat([]string{"فوتبال"}, MaxTags) }, "", ""},
		{"line break in lead", func(s *Story) { s.Lead = "بند یک\nبند دو" }, "", ""},
		{"every state", func(s *Story) { s.Status = StatusKilled }, "", ""},
		{"empty tag", func(s *Story) { s.Tags = []string{"فوتبال", " "} }, "tags", "برچسب خالی است"},
		{"control character in tag", func(s *Story) { s.Tags = []string{"فوت\x1fبال"} }, "tags", "نویسهٔ کنترلی"},
		{"long tag", func(s *Story) { s.Tags = []string{strings.Repeat("ب", MaxTag+1)} }, "tags", "برچسب بیش از 200"},
		{"headline missing", func(s *Story) { s.Headline = "" }, "headline", "تیتر خبر لازم است"},
		{"headline blank", func(s *Story) { s.Headline = " \t\n" }, "headline", "تیتر خبر لازم است"},
		{"headline too long", func(s *Story) { s.Headline = strings.Repeat("خ", MaxHeadline+1) }, "headline", "تیتر بیش از 500 نویسه است"},
		{"NUL in headline", func(s *Story) { s.Headline = "خبر\x00فوری" }, "headline", "نویسهٔ کنترلی"},
		{"NUL in lead", func(s *Story) { s.Lead = "لید\x00" }, "lead", "نویسهٔ کنترلی"},
		{"NUL in credit", func(s *Story) { s.Source = "ایرنا\x00" }, "credit", "نویسهٔ کنترلی"},
		{"NUL in section", func(s *Story) { s.Section.Slug = "news\x00" }, "section", "نویسهٔ کنترلی"},
		{"NUL in uri", func(s *Story) { s.URI = "urn:\x00" }, "uri", "نویسهٔ کنترلی"},
		{"NUL in body", func(s *Story) { s.Body = "<p>\x00</p>" }, "body", "NUL"},
		{"line break in credit", func(s *Story) { s.Source = "ایرنا\n" }, "credit", "نویسهٔ کنترلی"},
		{"lead too long", func(s *Story) { s.Lead = strings.Repeat("ل", MaxLead+1) }, "lead", "لید بیش از 4000 نویسه است"},
		{"body too large", func(s *Story) { s.Body = strings.Repeat("a", MaxBody+1) }, "body", "متن خبر بیش از"},
		{"too many tags", func(s *Story) { s.Tags = slices.Repeat([]string{"الف"}, MaxTags+1) }, "tags", "بیش از 50 برچسب"},
		{"negative code", func(s *Story) { s.Code = -1 }, "code", "کد خبر باید عددی مثبت باشد"},
		{"unknown status", func(s *Story) { s.Status = "archived" }, "state", `وضعیت ناشناخته "archived"`},
		{"headline not UTF-8", func(s *Story) { s.Headline = "خبر\xff" }, "headline", "تیتر UTF-8 معتبر نیست"},
		{"kicker not UTF-8", func(s *Story) { s.Kicker = "\xc3" }, "kicker", "روتیتر UTF-8 معتبر نیست"},
		{"lead not UTF-8", func(s *Story) { s.Lead = "\xfe" }, "lead", "لید UTF-8 معتبر نیست"},
		{"source not UTF-8", func(s *Story) { s.Source = "\xd8" }, "credit", "منبع UTF-8 معتبر نیست"},
		{"body not UTF-8", func(s *Story) { s.Body = "<p>\xff</p>" }, "body", "متن خبر UTF-8 معتبر نیست"},
		{"uri not UTF-8", func(s *Story) { s.URI = "urn:\xff" }, "uri", "UTF-8 معتبر نیست"},
		{"UTF-8 checked first", func(s *Story) { s.Headline, s.Body = "", "\xff" }, "body", "متن خبر UTF-8 معتبر نیست"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good()
			tt.change(s)
			err := s.Validate()
			if tt.field == "" {
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
			if got := ErrorField(err); got != tt.field {
				t.Errorf("Validate() field %q, want %q", got, tt.field)
			}
		})
	}
}

func TestStatusValid(t *testing.T) {
	for _, tt := range []struct {
		s    Status
		want bool
	}{
		{StatusDraft, true}, {StatusSubmitted, true}, {StatusPublished, true}, {StatusScheduled, true},
		{StatusUnpublished, true}, {StatusKilled, true},
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
		{"killed", StatusKilled, now.Add(-time.Hour), false},
		{"scheduled, time passed", StatusScheduled, now.Add(-time.Hour), false},
	} {
		s := Story{Status: tt.status, Published: tt.published, Code: 100001}
		if got := s.Visible(now); got != tt.want {
			t.Errorf("%s: Visible = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestVisibleNeedsCode(t *testing.T) {
	s := Story{Status: StatusPublished}
	if s.Visible(time.Now()) {
		t.Error("a published story without a news code is visible")
	}
}

package ninjs

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/richtext"
	"khabar/internal/sharedtest"
)

func sampleStories() []*news.Story {
	published := time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC)
	return []*news.Story{
		{
			ID: 7, Code: 101870, URI: "https://khabar.example/news/101870",
			Section:  news.Section{Slug: "economy", Name: "اقتصادی"},
			Kicker:   "در نشست امروز",
			Headline: "افزایش صادرات فرش دست‌باف",
			Lead:     "صادرات فرش در شش ماه نخست سال بیشتر شد.",
			Source:   "نصر", Provider: "ایلنا - خبرگزاری کار ایران",
			Body:     `<p>متن <b>نخست</b> & «دوم»</p><p><a href="https://example.org/?a=1&amp;b=2">پیوند</a></p>`,
			Tags:     []string{"فرش", "صادرات"},
			Language: "fa", Status: news.StatusPublished,
			Published: published, Updated: published.Add(90 * time.Minute),
		},
		{
			Code: 42, Headline: "خبر کوتاه", Status: news.StatusUnpublished,
			Published: time.Date(2024, 3, 20, 3, 36, 25, 123456789, time.FixedZone("IRST", 12600)),
		},
		{
			URI: "urn:khabar:page:x:9", Headline: "بدون تاریخ", Section: news.Section{Slug: "گزارش", Name: "گزارش"},
			Body: "<script>alert(1)</script><div onclick=x>متن</div>", Status: news.StatusDraft,
		},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, s := range sampleStories() {
		first, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		back, warnings, err := Decode(first)
		if err != nil || len(warnings) > 0 {
			t.Fatalf("Decode(Encode(%q)): %v %v\n%s", s.Headline, err, warnings, first)
		}
		second, err := Encode(back)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("round trip changed the item:\n%s\n%s", first, second)
		}
	}
}

func TestEncodeModelStory(t *testing.T) {
	s := sampleStories()[0]
	data, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, want := range []string{
		`{"uri":"https://khabar.example/news/101870",`,
		`"type":"text"`,
		`"altids":[{"role":"newscode","value":"101870"}]`,
		`"firstcreated":"2023-10-26T13:15:00Z","versioncreated":"2023-10-26T14:45:00Z"`,
		`"subjects":[{"name":"اقتصادی","rel":"category","literal":"economy"},{"name":"فرش","rel":"keyword"}`,
		`{"name":"نصر","role":"source"},{"name":"ایلنا - خبرگزاری کار ایران","role":"publisher"}`,
		`<p>متن <b>نخست</b> &amp; «دوم»</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Encode output lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "\n") {
		t.Error("Encode output is not one line")
	}
	back, _, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	s.ID = 0 // not exported
	s.Body = richtext.Sanitize(s.Body)
	if !reflect.DeepEqual(back, s) {
		t.Errorf("Decode(Encode(s)) =\n%+v\nwant\n%+v", back, s)
	}
}

func TestEncodeNeedsIdentity(t *testing.T) {
	if _, err := Encode(&news.Story{Headline: "بی‌نشان"}); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("story without uri or code: err = %v", err)
	}
	data, err := Encode(&news.Story{Code: 5, Headline: "با کد"})
	if err != nil || !strings.HasPrefix(string(data), `{"uri":"urn:khabar:news:5"`) {
		t.Errorf("Encode = %s, %v", data, err)
	}
}

func TestDecodeMapping(t *testing.T) {
	item := `{
		"uri": "https://agency.example/n/1",
		"pubstatus": "withheld",
		"versioncreated": "2023-10-26T16:45:00+03:30",
		"headlines": [{"role": "kicker", "value": "روتیتر"}, {"role": "main", "value": "تیتر اصلی"}],
		"descriptions": [{"role": "caption", "value": "زیرنویس"}, {"role": "summary", "value": "<b>لید</b> خبر", "contenttype": "text/html"}],
		"bodies": [{"role": "main", "contenttype": "text/plain", "value": "بند یک\n\nبند <دو>\n"}],
		"subjects": [
			{"name": "sports", "rel": "category", "literal": "sports"},
			{"name": "football", "rel": "subcategory", "literal": "sports/football"},
			{"name": "فوتبال", "rel": "keyword"}, {"name": "فوتبال", "rel": "keyword"}
		],
		"infosources": [{"name": "ایلنا", "role": "publisher"}, {"name": "ایرنا"}],
		"altids": [{"role": "newscode", "value": "۱۰۱۸۷۰"}],
		"x-feed-id": 5,
		"renditions": []
	}`
	s, warnings, err := Decode([]byte(item))
	if err != nil {
		t.Fatal(err)
	}
	want := &news.Story{
		Code: 101870, URI: "https://agency.example/n/1",
		Section: news.Section{Slug: "sports", Name: "ورزشی"},
		Kicker:  "روتیتر", Headline: "تیتر اصلی", Lead: "لید خبر",
		Source: "ایرنا", Provider: "ایلنا",
		Body:     "<p>بند یک</p><p>بند &lt;دو&gt;</p>",
		Tags:     []string{"فوتبال"},
		Language: "fa", Status: news.StatusUnpublished,
		Published: time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC),
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Decode =\n%+v\nwant\n%+v", s, want)
	}
	if !reflect.DeepEqual(warnings, []string{"x-feed-id"}) {
		t.Errorf("warnings = %q", warnings)
	}
}

func TestDecodeDefaults(t *testing.T) {
	s, _, err := Decode([]byte(`{"uri":"urn:x:1","headlines":[{"value":"تیتر"}],"firstcreated":"2020-01-01T00:00:00Z","versioncreated":"2020-01-02T00:00:00Z"}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Section != (news.Section{Slug: "news", Name: "خبر"}) || s.Language != "fa" || s.Status != news.StatusPublished || s.Headline != "تیتر" {
		t.Errorf("defaults: %+v", s)
	}
	if s.Published.Day() != 1 || s.Updated.Day() != 2 {
		t.Errorf("Published %v Updated %v", s.Published, s.Updated)
	}
	s, _, _ = Decode([]byte(`{"uri":"urn:x:1","subjects":[{"name":"last-clay","rel":"category"}]}`))
	if s.Section != (news.Section{Slug: "last-clay", Name: "last-clay"}) {
		t.Errorf("unknown slug: %+v", s.Section)
	}
	s, _, _ = Decode([]byte(`{"uri":"urn:x:1","subjects":[{"name":"tehran","rel":"category"}]}`))
	if s.Section.Name != "تهران" || s.Section.Parent == nil || s.Section.Parent.Name != "استان‌ها" {
		t.Errorf("a provincial office: %+v under %+v", s.Section, s.Section.Parent)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[]`, "must be a JSON object, not an array"},
		{`{"uri":`, "bad JSON"},
		{`{"headlines":[]}`, "uri is required"},
		{`{"uri":""}`, "uri: must not be empty"},
		{`{"uri":" "}`, "uri: must not be empty"},
		{`{"uri":5}`, "uri: want a string, not number"},
		{`{"uri":"urn:x","headlines":"تیتر"}`, "headlines: want an array, not string"},
		{`{"uri":"urn:x","headlines":["تیتر"]}`, "headlines[0]: want an object, not string"},
		{`{"uri":"urn:x","headlines":[{"value":1}]}`, "headlines[0].value: want a string, not number"},
		{`{"uri":"urn:x","headlines":[{"role":"main"}]}`, "headlines[0]: value is required"},
		{`{"uri":"urn:x","bodies":[{"value":"x","html":true}]}`, `bodies[0]: unknown field "html"`},
		{`{"uri":"urn:x","subjects":null}`, "subjects: want an array, not null"},
		{`{"uri":"urn:x","pubstatus":"draft"}`, `pubstatus: "draft" is not one of usable, withheld, canceled`},
		{`{"uri":"urn:x","type":"article"}`, `type: "article" is not one of`},
		{`{"uri":"urn:x","versioncreated":"1402/08/04 - 16:45"}`, "versioncreated: \"1402/08/04 - 16:45\" is not an RFC 3339 date-time"},
		{`{"uri":"urn:x","altids":[{"role":"newscode","value":"12a"}]}`, `news code "12a" is not a positive integer`},
		{"{\"uri\":\"urn:x\",\"headlines\":[{\"value\":\"\xff\"}]}", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, _, err := Decode([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Decode(%s) error = %v, want %q", tt.in, err, tt.want)
			continue
		}
		if news.ErrorCode(err) != news.EINVALID {
			t.Errorf("Decode(%s): code %q", tt.in, news.ErrorCode(err))
		}
	}
}

// A body past news.MaxBody is refused as it comes, before it is cleaned:
// markup that cleaning would remove counts too.
func TestDecodeBodyTooLarge(t *testing.T) {
	item := func(body string) []byte {
		return []byte(`{"uri":"urn:x","bodies":[{"contenttype":"text/html","value":"` + body + `"}]}`)
	}
	big := strings.Repeat("<b>متن</b>", news.MaxBody/len("<b>متن</b>")+1)
	_, _, err := Decode(item(big))
	if news.ErrorCode(err) != news.EINVALID || !strings.Contains(err.Error(), "ninjs: body is larger than 1048576 bytes") {
		t.Errorf("body of %d bytes: err = %v", len(big), err)
	}
	fits := strings.Repeat("م", news.MaxBody/2)
	if s, _, err := Decode(item(fits)); err != nil || len(s.Body) != len(fits) {
		t.Errorf("body of %d bytes: err = %v", len(fits), err)
	}
}

func TestDecodeSuite(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "ninjs", "test_suite", "*", "should_pass", "*.json"))
	if len(files) == 0 {
		sharedtest.Missing(t, "ninjs test suite", os.ErrNotExist)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, warnings, err := Decode(data); err != nil || len(warnings) > 0 {
			t.Errorf("%s: %v, warnings %q", f, err, warnings)
		}
	}
}

func corpusLines(tb testing.TB) [][]byte {
	tb.Helper()
	f, err := os.Open(filepath.Join(shared, "corpus", "corpus.ninjs.jsonl"))
	if err != nil {
		sharedtest.Missing(tb, "corpus", err)
	}
	defer f.Close()
	var lines [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 32<<20)
	for sc.Scan() {
		lines = append(lines, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return lines
}

func TestDecodeCorpus(t *testing.T) {
	lines := corpusLines(t)
	sections := map[string]bool{}
	for i, line := range lines {
		s, warnings, err := Decode(line)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if len(warnings) > 0 {
			t.Errorf("line %d: warnings %q", i+1, warnings)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("line %d: %v", i+1, err)
		}
		sections[s.Section.Slug+"="+s.Section.Name] = true
		data, err := Encode(s)
		if err != nil {
			t.Fatalf("line %d: Encode: %v", i+1, err)
		}
		back, _, err := Decode(data)
		if err != nil {
			t.Fatalf("line %d: Decode(Encode): %v", i+1, err)
		}
		if again, _ := Encode(back); !bytes.Equal(again, data) {
			t.Fatalf("line %d: round trip differs:\n%s\n%s", i+1, data, again)
		}
	}
	for _, want := range []string{"politics=سیاسی", "news=خبر", "razavi=خراسان رضوی"} {
		if !sections[want] {
			t.Errorf("no story in section %s", want)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	lines := corpusLines(b)
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	b.SetBytes(size / int64(len(lines)))
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if _, _, err := Decode(lines[n%len(lines)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
}

func BenchmarkEncode(b *testing.B) {
	lines := corpusLines(b)
	stories := make([]*news.Story, len(lines))
	for i, l := range lines {
		s, _, err := Decode(l)
		if err != nil {
			b.Fatal(err)
		}
		stories[i] = s
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if _, err := Encode(stories[n%len(stories)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
}

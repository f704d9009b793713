package importer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/sharedtest"
)

func readAll(t *testing.T, input string) []Record {
	t.Helper()
	var recs []Record
	if err := Read(strings.NewReader(input), func(r Record) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatalf("Read: %v", err)
	}
	return recs
}

// want is what a test expects of one record: its line, and either the
// headline of its story or a piece of its error.
type want struct {
	line     int
	headline string
	err      string
}

func check(t *testing.T, recs []Record, wants []want) {
	t.Helper()
	if len(recs) != len(wants) {
		for _, r := range recs {
			t.Logf("record %+v", r)
		}
		t.Fatalf("%d records, want %d", len(recs), len(wants))
	}
	for i, w := range wants {
		r := recs[i]
		if r.Line != w.line {
			t.Errorf("record %d: line %d, want %d", i, r.Line, w.line)
		}
		switch {
		case w.err != "":
			if r.Err == nil || !strings.Contains(r.Err.Error(), w.err) || r.Story != nil {
				t.Errorf("line %d: err = %v, story %v; want error %q", r.Line, r.Err, r.Story, w.err)
			}
			if r.Err != nil && news.ErrorCode(r.Err) != news.EINVALID {
				t.Errorf("line %d: error code %q", r.Line, news.ErrorCode(r.Err))
			}
		case r.Err != nil || r.Story == nil:
			t.Errorf("line %d: err = %v", r.Line, r.Err)
		case r.Story.Headline != w.headline:
			t.Errorf("line %d: headline %q, want %q", r.Line, r.Story.Headline, w.headline)
		}
	}
}

func TestReadLinesMixed(t *testing.T) {
	input := strings.Join([]string{
		`{"uri":"urn:t:1","headlines":[{"role":"main","value":"خبر یک"}],"x-extra":1}`,
		``,
		`{"uri":"urn:t:2","headlines":[{"role":"main","value":"خبر دو"}]`,
		`{"uri":"urn:t:3","descriptions":[{"role":"summary","value":"بی‌تیتر"}]}`,
		"{\"uri\":\"urn:t:4\",\"headlines\":[{\"value\":\"\xfe\xff\"}]}",
		`{"uri":"urn:t:5","headlines":"خبر پنج"}`,
		"   \t",
		"{\"uri\":\"urn:t:6\",\"headlines\":[{\"role\":\"main\",\"value\":\"خبر شش\"}]}\r",
		`[1]`,
		`{"uri":"urn:t:7","headlines":[{"role":"main","value":"خبر هفت"}]}`,
	}, "\n")
	recs := readAll(t, input)
	check(t, recs, []want{
		{line: 1, headline: "خبر یک"},
		{line: 3, err: "bad JSON"},
		{line: 4, err: "تیتر خبر لازم است"},
		{line: 5, err: "not valid UTF-8"},
		{line: 6, err: "headlines: want an array, not string"},
		{line: 8, headline: "خبر شش"},
		{line: 9, err: "must be a JSON object"},
		{line: 10, headline: "خبر هفت"},
	})
	if len(recs[0].Warnings) != 1 || !strings.Contains(recs[0].Warnings[0], `"x-extra"`) {
		t.Errorf("warnings = %q", recs[0].Warnings)
	}
}

func TestReadLinesBrokenFirstLine(t *testing.T) {
	recs := readAll(t, "\ufeff{\"uri\":\n"+`{"uri":"urn:t:2","headlines":[{"value":"خبر دو"}]}`+"\n")
	check(t, recs, []want{{line: 1, err: "bad JSON"}, {line: 2, headline: "خبر دو"}})
}

func TestReadLineTooLong(t *testing.T) {
	long := `{"uri":"urn:t:1","headlines":[{"value":"` + strings.Repeat("ب", MaxLine/2) + `"}]}`
	recs := readAll(t, long+"\n"+`{"uri":"urn:t:2","headlines":[{"value":"کوتاه"}]}`)
	check(t, recs, []want{{line: 1, err: "longer than"}, {line: 2, headline: "کوتاه"}})
}

func TestReadPrettyObject(t *testing.T) {
	input := "\n{\n  \"uri\": \"urn:t:1\",\n  \"headlines\": [\n    {\"role\": \"main\", \"value\": \"خبر مرتب\"}\n  ]\n}\n"
	check(t, readAll(t, input), []want{{line: 2, headline: "خبر مرتب"}})
}

func TestReadArray(t *testing.T) {
	input := `[
  {"uri": "urn:t:1", "headlines": [{"value": "یکم"}]},
  {"uri": "urn:t:2"},
  {
    "uri": "urn:t:3",
    "headlines": [{"value": "سوم"}]
  }
]
`
	check(t, readAll(t, input), []want{
		{line: 2, headline: "یکم"},
		{line: 3, err: "تیتر خبر لازم است"},
		{line: 4, headline: "سوم"},
	})
}

func TestReadArraySyntaxError(t *testing.T) {
	input := "[\n{\"uri\": \"urn:t:1\", \"headlines\": [{\"value\": \"یکم\"}]},\n{\"uri\": ,}\n]"
	check(t, readAll(t, input), []want{
		{line: 2, headline: "یکم"},
		{line: 3, err: "bad JSON"},
	})
}

func TestReadPageDump(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "ilna-101870.txt"))
	if err != nil {
		sharedtest.Missing(t, "model page", err)
	}
	recs := readAll(t, string(data))
	check(t, recs, []want{{line: 1, headline: "تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات"}})
	s := recs[0].Story
	if s.Code != 101870 || s.Source != "نصر" || strings.Count(s.Body, "<p>") != 11 || s.Provider != "ایلنا - خبرگزاری کار ایران" {
		t.Errorf("story = %+v", s)
	}
}

func TestReadUnknownAndEmpty(t *testing.T) {
	err := Read(strings.NewReader("سلام دنیا\nاین خبر نیست"), func(Record) error { return nil })
	if news.ErrorCode(err) != news.EINVALID {
		t.Errorf("unknown format: err = %v", err)
	}
	if recs := readAll(t, " \n\n"); len(recs) != 0 {
		t.Errorf("empty input gave %d records", len(recs))
	}
}

func TestReadStopsOnCallbackError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(strings.NewReader(`{"uri":"urn:t:1","headlines":[{"value":"یک"}]}`+"\n"+`{"uri":"urn:t:2","headlines":[{"value":"دو"}]}`), func(Record) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err = %v after %d records", err, n)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"one line", `{"uri":"urn:t:1"}`, FormatNinjsLines},
		{"lines", "{\"uri\":\"urn:t:1\"}\n{\"uri\":\"urn:t:2\"}\n", FormatNinjsLines},
		{"line cut by head", `{"uri":"urn:t:1","bodies":[{"value":"بسیار بلند`, FormatNinjsLines},
		{"broken first line", "{\"uri\":\n{\"uri\":\"urn:t:2\"}\n", FormatNinjsLines},
		{"pretty", "{\n  \"uri\": \"urn:t:1\"\n}\n", FormatNinjsJSON},
		{"pretty, brace on its own", "\ufeff\n\n{\n\"uri\": \"urn:t:1\"}", FormatNinjsJSON},
		{"array", " [\n{\"uri\":\"urn:t:1\"}]", FormatNinjsJSON},
		{"page dump", "سیاسی/\nتیتر\n۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵ - کد خبر: ۱۲\n", FormatPageDump},
		{"prose", "این یک متن ساده است.", FormatUnknown},
		{"empty", "", FormatUnknown},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.head)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestReadCorpus(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl"))
	if err != nil {
		sharedtest.Missing(t, "corpus", err)
	}
	defer f.Close()
	good, lines := 0, 0
	err = Read(f, func(r Record) error {
		lines++
		if r.Line != lines {
			t.Fatalf("record %d has line %d", lines, r.Line)
		}
		if r.Err != nil {
			t.Errorf("line %d: %v", r.Line, r.Err)
		} else {
			good++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if good != 3933 {
		t.Errorf("%d good stories, want 3933", good)
	}
}

func BenchmarkReadCorpus(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl"))
	if err != nil {
		sharedtest.Missing(b, "corpus", err)
	}
	b.SetBytes(int64(len(data)))
	n := 0
	for b.Loop() {
		if err := Read(strings.NewReader(string(data)), func(Record) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stories/s")
}

// A JSON document is read an object at a time: memory follows the
// largest object, not the document, and an object past MaxLine is
// refused without being read whole.
func TestReadDocumentStreams(t *testing.T) {
	const items = 20000
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriter(pw)
		w.WriteString("[\n")
		body := strings.Repeat("متن خبر آزمون برای سنجش حافظه. ", 40)
		for i := range items {
			if i > 0 {
				w.WriteString(",\n")
			}
			fmt.Fprintf(w, `{"uri":"urn:t:%d","headlines":[{"value":"خبر %d"}],"bodies":[{"value":"%s"}]}`, i, i, body)
		}
		w.WriteString("\n]\n")
		w.Flush()
		pw.Close()
	}()
	var peak uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	n := 0
	err := Read(pr, func(r Record) error {
		if r.Err != nil {
			return r.Err
		}
		if r.Line != n+2 {
			return fmt.Errorf("record %d on line %d", n, r.Line)
		}
		n++
		return nil
	})
	close(done)
	if err != nil || n != items {
		t.Fatalf("read %d of %d: %v", n, items, err)
	}
	// The document is about 25 MB; reading it whole would take several
	// times that.
	if peak > 48<<20 {
		t.Errorf("peak heap %d MB while reading a %d-item document", peak>>20, items)
	}

	huge := `[{"uri":"urn:t:1","headlines":[{"value":"` + strings.Repeat("ب", MaxLine/2+1000) + `"}]}]`
	recs := readAll(t, huge)
	if len(recs) != 1 || recs[0].Err == nil || !strings.Contains(recs[0].Err.Error(), "larger than") {
		t.Fatalf("huge object: %+v", recs)
	}
}

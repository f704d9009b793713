package richtext

import (
	"bufio"
	"encoding/json"
	"khabar/internal/sharedtest"
	"os"
	"path/filepath"
	"testing"
)

// corpusBodies returns the body values of the shared ninjs corpus, as
// they come, skipping the test when the corpus is not there.
func corpusBodies(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl"))
	if err != nil {
		sharedtest.Missing(tb, "corpus", err)
	}
	defer f.Close()
	var bodies []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 32<<20)
	for sc.Scan() {
		var item struct {
			Bodies []struct {
				Value string `json:"value"`
			} `json:"bodies"`
		}
		if err := json.Unmarshal(sc.Bytes(), &item); err != nil {
			tb.Fatal(err)
		}
		for _, b := range item.Bodies {
			bodies = append(bodies, b.Value)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return bodies
}

func TestSanitizeCorpus(t *testing.T) {
	for i, raw := range corpusBodies(t) {
		clean := Sanitize(raw)
		if err := checkSanitized(clean); err != nil {
			t.Fatalf("body %d: %v", i+1, err)
		}
		if got, want := Text(clean), HTMLToText(clean); got != want {
			t.Fatalf("body %d: Text and HTMLToText differ:\n%q\n%q", i+1, got, want)
		}
		if got, want := Text(clean), HTMLToText(raw); got != want {
			t.Fatalf("body %d: the text of the sanitized body differs from the text of the raw one:\n%q\n%q", i+1, got, want)
		}
	}
}

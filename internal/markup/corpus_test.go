package markup

import (
	"bufio"
	"encoding/json"
	"khabar/internal/sharedtest"
	"os"
	"testing"
)

// corpusBodies returns the story bodies of the shared corpus (see
// DESIGN.md). It skips the test when the corpus is absent, unless CI is
// set: there the corpus must be present.
func corpusBodies(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("../../../shared/corpus/corpus.ninjs.jsonl")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatal("corpus missing in CI:", err)
		}
		sharedtest.Missing(tb, "corpus", err)
	}
	defer f.Close()
	var bodies []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var item struct{ Bodies []struct{ Value string } }
		if err := json.Unmarshal(sc.Bytes(), &item); err != nil {
			tb.Fatalf("corpus line %d: %v", len(bodies)+1, err)
		}
		if len(item.Bodies) > 0 {
			bodies = append(bodies, item.Bodies[0].Value)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return bodies
}

// TestCorpusKeepsText reads every body of the corpus into the editor's
// text and back: no word may be lost or moved.
func TestCorpusKeepsText(t *testing.T) {
	bodies := corpusBodies(t)
	same := 0
	for _, body := range bodies {
		checkKeepsText(t, body, true)
		if ToHTML(FromHTML(body)) == body {
			same++
		}
	}
	t.Logf("%d bodies, %d come back byte for byte", len(bodies), same)
}

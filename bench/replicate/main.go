// Command replicate writes a ninjs JSON Lines file N stories long by
// repeating the stories of another, each copy under its own uri (and so
// its own news code once imported): a corpus of the size a large
// agency's archive has, for load benchmarks.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

func main() {
	in := flag.String("in", "../shared/corpus/corpus.ninjs.jsonl", "ninjs JSON Lines to repeat")
	out := flag.String("o", "", "file to write")
	n := flag.Int("n", 100000, "stories to write")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "replicate: -o is required")
		os.Exit(2)
	}
	var lines []map[string]json.RawMessage
	f, err := os.Open(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replicate:", err)
		os.Exit(1)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 32<<20)
	for sc.Scan() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			fmt.Fprintln(os.Stderr, "replicate:", err)
			os.Exit(1)
		}
		delete(m, "altids") // every copy gets a news code of its own
		lines = append(lines, m)
	}
	f.Close()
	if err := sc.Err(); err != nil || len(lines) == 0 {
		fmt.Fprintln(os.Stderr, "replicate: nothing read:", err)
		os.Exit(1)
	}
	w, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replicate:", err)
		os.Exit(1)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	for i := range *n {
		m := lines[i%len(lines)]
		var uri string
		json.Unmarshal(m["uri"], &uri)
		copyURI, _ := json.Marshal(fmt.Sprintf("%s#copy-%d", uri, i/len(lines)))
		m["uri"] = copyURI
		b, _ := json.Marshal(m)
		bw.Write(b)
		bw.WriteByte('\n')
		m["uri"], _ = json.Marshal(uri)
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "replicate:", err)
		os.Exit(1)
	}
	w.Close()
}

// Command searchload measures the latency of khabar's search API over
// HTTP: it sends the queries of a query file (JSON Lines with a "q"
// field, as bench/searcheval -dump writes) one at a time over one
// keep-alive connection and prints the percentiles. Requests are
// bounded in count and in time.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "khabar's address (loopback only)")
	file := flag.String("queries", "", "query file: JSON Lines with a \"q\" field")
	n := flag.Int("n", 3000, "requests to time in each pass")
	warm := flag.Int("warmup", 300, "requests sent first and not timed")
	passes := flag.Int("passes", 2, "timed passes over the same queries: the first meets terms for the first time, later ones find them cached")
	limit := flag.Duration("max", 2*time.Minute, "stop after this long whatever n says")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fmt.Fprintln(os.Stderr, "searchload: -url must be a loopback address")
		os.Exit(2)
	}
	queries, err := readQueries(*file)
	if err != nil || len(queries) == 0 {
		fmt.Fprintln(os.Stderr, "searchload: no queries:", err)
		os.Exit(2)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(q string) (time.Duration, error) {
		start := time.Now()
		resp, err := client.Get(*base + "/api/v1/search?q=" + url.QueryEscape(q))
		if err != nil {
			return 0, err
		}
		var body struct {
			Total int               `json:"total"`
			Items []json.RawMessage `json:"items"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		return time.Since(start), err
	}
	for i := range *warm {
		get(queries[i%len(queries)])
	}
	deadline := time.Now().Add(*limit)
	failed := false
	for pass := 1; pass <= *passes; pass++ {
		var lat []time.Duration
		errs := 0
		for i := 0; i < *n && time.Now().Before(deadline); i++ {
			d, err := get(queries[(i+*warm)%len(queries)])
			if err != nil {
				errs++
				continue
			}
			lat = append(lat, d)
		}
		if len(lat) == 0 {
			fmt.Fprintln(os.Stderr, "searchload: every request failed")
			os.Exit(1)
		}
		slices.Sort(lat)
		pct := func(p float64) float64 {
			return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
		}
		fmt.Printf("pass %d: requests %d errors %d p50 %.2f ms p95 %.2f ms p99 %.2f ms max %.2f ms\n",
			pass, len(lat), errs, pct(0.50), pct(0.95), pct(0.99), float64(lat[len(lat)-1].Microseconds())/1000)
		failed = failed || errs > 0
	}
	if failed {
		os.Exit(1)
	}
}

func readQueries(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var q struct{ Q string }
		if err := json.Unmarshal(sc.Bytes(), &q); err == nil && q.Q != "" {
			out = append(out, q.Q)
		}
	}
	return out, sc.Err()
}

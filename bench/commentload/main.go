// Command commentload measures how many reader comments per second
// khabar accepts over HTTP: -c workers post -n comments under one story,
// through the API (JSON) or through the page's form (with the form's
// token, read from the story's page), each post from an address of its
// own in X-Forwarded-For (run khabar with --trust-proxy), so the rate
// limit counts but never refuses. It prints the accepted posts per
// second, the latency percentiles and any other answers. Load is bounded
// in count and in time, and only sent to a loopback address.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "khabar's address (loopback only)")
	code := flag.Int64("code", 101870, "the story's news code")
	n := flag.Int("n", 5000, "comments to post")
	c := flag.Int("c", 16, "concurrent posters")
	mode := flag.String("mode", "api", "api: POST /api/v1/news/{code}/comments; form: the story's comment form")
	limit := flag.Duration("max", 2*time.Minute, "stop after this long whatever n says")
	approve := flag.String("approve-with", "", "a moderator's API token: afterwards, approve every comment waiting (for page benchmarks)")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fail("-url must be a loopback address")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *c},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	post, err := poster(client, *base, *code, *mode)
	if err != nil {
		fail(err.Error())
	}
	var next atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	others := map[string]int{}
	deadline := time.Now().Add(*limit)
	start := time.Now()
	var wg sync.WaitGroup
	for range *c {
		wg.Go(func() {
			var mine []time.Duration
			for {
				i := next.Add(1) - 1
				if i >= int64(*n) || time.Now().After(deadline) {
					break
				}
				t := time.Now()
				status, err := post(i)
				d := time.Since(t)
				if err == nil && (status == http.StatusAccepted || status == http.StatusSeeOther) {
					mine = append(mine, d)
					continue
				}
				what := strconv.Itoa(status)
				if err != nil {
					what = err.Error()
				}
				mu.Lock()
				others[what]++
				mu.Unlock()
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	took := time.Since(start)
	if len(lat) == 0 {
		fail(fmt.Sprintf("no comment was accepted: %v", others))
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	fmt.Printf("%s: %d comments accepted in %.1fs by %d posters: %.0f/s; latency p50 %.1f ms, p99 %.1f ms",
		*mode, len(lat), took.Seconds(), *c, float64(len(lat))/took.Seconds(), pct(0.5), pct(0.99))
	if len(others) > 0 {
		fmt.Printf("; other answers %v", others)
	}
	fmt.Println()
	if *approve != "" {
		n, err := approveAll(client, *base, *approve)
		if err != nil {
			fail(err.Error())
		}
		fmt.Printf("approved %d comments\n", n)
	}
}

// approveAll approves every pending comment through the moderation API.
func approveAll(client *http.Client, base, token string) (int, error) {
	call := func(method, path, body string) (*http.Response, error) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		return client.Do(req)
	}
	done := 0
	for range 1000 {
		res, err := call("GET", "/api/v1/newsroom/comments?state=pending&limit=200", "")
		if err != nil {
			return done, err
		}
		var page struct{ Items []struct{ ID int64 } }
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			return done, fmt.Errorf("list pending comments: %d %v", res.StatusCode, err)
		}
		if len(page.Items) == 0 {
			return done, nil
		}
		for _, it := range page.Items {
			res, err := call("POST", fmt.Sprintf("/api/v1/newsroom/comments/%d/decision", it.ID), `{"decision": "approve"}`)
			if err != nil {
				return done, err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return done, fmt.Errorf("approve comment %d: %d", it.ID, res.StatusCode)
			}
			done++
		}
	}
	return done, nil
}

// poster returns the function that sends comment i.
func poster(client *http.Client, base string, code int64, mode string) (func(i int64) (int, error), error) {
	send := func(req *http.Request, i int64) (int, error) {
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}
	text := func(i int64) string {
		return fmt.Sprintf("نظر خوانندهٔ شمارهٔ %d: گزارش خوبی بود و امیدوارم پیگیری شود.", i)
	}
	switch mode {
	case "api":
		target := fmt.Sprintf("%s/api/v1/news/%d/comments", base, code)
		return func(i int64) (int, error) {
			body := fmt.Sprintf(`{"name": "خواننده %d", "text": %q}`, i, text(i))
			req, _ := http.NewRequest("POST", target, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			return send(req, i)
		}, nil
	case "form":
		page, err := client.Get(fmt.Sprintf("%s/news/%d", base, code))
		if err != nil {
			return nil, err
		}
		page.Body.Close()
		page, err = client.Get(base + page.Header.Get("Location"))
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(page.Body)
		page.Body.Close()
		m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindSubmatch(b)
		if m == nil {
			return nil, errors.New("the story's page has no comment form")
		}
		token := string(m[1])
		time.Sleep(3500 * time.Millisecond) // a reader takes longer to write
		target := fmt.Sprintf("%s/news/%d/comments", base, code)
		return func(i int64) (int, error) {
			f := url.Values{"name": {fmt.Sprintf("خواننده %d", i)}, "text": {text(i)}, "token": {token}}
			req, _ := http.NewRequest("POST", target, strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return send(req, i)
		}, nil
	}
	return nil, fmt.Errorf("-mode %q: api or form", mode)
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "commentload:", msg)
	os.Exit(2)
}

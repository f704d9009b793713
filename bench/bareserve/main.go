// Command bareserve is the floor of what Go's net/http serves on this
// machine: a handler writing one file's bytes, with the headers khabar
// sends a cached article with, and nothing else (no routing, no cache,
// no metrics). bench/web runs it beside nginx and khabar, so that
// khabar's page cache can be judged against the HTTP server it runs on
// as well as against nginx.
//
//	bareserve -file article.html -addr 127.0.0.1:18192
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	file := flag.String("file", "", "the bytes to serve")
	addr := flag.String("addr", "127.0.0.1:18192", "address to listen on (loopback)")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bareserve:", err)
		os.Exit(1)
	}
	headers := map[string][]string{
		"Cache-Control":           {"public, max-age=60, s-maxage=10, stale-while-revalidate=600"},
		"Content-Length":          {strconv.Itoa(len(body))},
		"Content-Security-Policy": {"default-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
		"Content-Type":            {"text/html; charset=utf-8"},
		"Etag":                    {`"Yk3m0Qm8w1l2a8b7c6d5e4f3"`},
		"Last-Modified":           {time.Now().UTC().Format(http.TimeFormat)},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"Vary":                    {"Accept-Encoding"},
		"X-Cache":                 {"hit"},
		"X-Content-Type-Options":  {"nosniff"},
		"X-Frame-Options":         {"DENY"},
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		for k, v := range headers {
			hd[k] = v
		}
		w.Write(body)
	})
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "bareserve:", err)
		os.Exit(1)
	}
}

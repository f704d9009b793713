package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// profiler takes Go profiles of the server phase by phase, from the
// /debug/pprof of bench/profserve.
type profiler struct {
	base, dir string
}

// phase starts CPU, mutex and block profiles of the next d, written to
// dir as NAME-cpu.prof and so on; the returned function waits for them.
func (p *profiler) phase(name string, d time.Duration) func() error {
	if p == nil || p.base == "" {
		return func() error { return nil }
	}
	secs := max(int(d/time.Second)-1, 1)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, kind := range []string{"profile", "mutex", "block"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.fetch(fmt.Sprintf("%s/debug/pprof/%s?seconds=%d", p.base, kind, secs),
				filepath.Join(p.dir, name+"-"+kind+".prof"), d)
		}()
	}
	return func() error {
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
}

func (p *profiler) fetch(u, file string, d time.Duration) error {
	c := &http.Client{Timeout: d + 30*time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// loopback reports whether raw is an http URL of this machine.
func loopback(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost" || u.Hostname() == "::1")
}

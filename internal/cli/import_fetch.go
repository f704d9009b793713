package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"khabar/internal/importer"
)

// importExts are the files a folder import reads; the rest of a saved
// page's folder (scripts, styles, images) is passed over.
var importExts = map[string]bool{
	".html": true, ".htm": true, ".xhtml": true, ".xml": true, ".wxr": true,
	".json": true, ".jsonl": true, ".ndjson": true, ".txt": true,
}

// folderFiles lists the files under dir an import reads, in name order,
// hidden files and folders left out.
func folderFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && importExts[strings.ToLower(filepath.Ext(path))] {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// pageURLs returns the URLs of --fetch: each argument that is an http(s)
// URL, and the lines of each other argument, a file listing them (blank
// lines and lines starting with # are passed over).
func pageURLs(args []string) ([]string, error) {
	var urls []string
	for _, a := range args {
		if isHTTP(a) {
			urls = append(urls, a)
			continue
		}
		f, err := os.Open(a)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			switch {
			case line == "" || strings.HasPrefix(line, "#"):
			case isHTTP(line):
				urls = append(urls, line)
			default:
				f.Close()
				return nil, fmt.Errorf("%s:%d: not an http(s) URL: %q", a, n, line)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
	}
	return urls, nil
}

func isHTTP(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// fetcher gets story pages politely: one request at a time, a pause
// between two, a time limit on each and a size limit on what it reads.
type fetcher struct {
	client  *http.Client
	delay   time.Duration
	timeout time.Duration
	maxSize int64
	last    time.Time
}

func (f *fetcher) get(ctx context.Context, u string) ([]byte, string, error) {
	if f.client == nil {
		f.client = &http.Client{Timeout: f.timeout}
	}
	if !f.last.IsZero() {
		select {
		case <-time.After(time.Until(f.last.Add(f.delay))):
		case <-ctx.Done():
			return nil, "", ctx.Err()
		}
	}
	defer func() { f.last = time.Now() }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", "khabar-import/"+Version+" (archive migration)")
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("HTTP %s", resp.Status)
	}
	if resp.ContentLength > f.maxSize {
		return nil, "", fmt.Errorf("page is larger than %d bytes", f.maxSize)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.maxSize+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > f.maxSize {
		return nil, "", fmt.Errorf("page is larger than %d bytes", f.maxSize)
	}
	return data, resp.Request.URL.String(), nil
}

// fetchOne fetches one page and imports it.
func (r *importRun) fetchOne(ctx context.Context, f *fetcher, u string) {
	data, final, err := f.get(ctx, u)
	if err != nil {
		if ctx.Err() == nil {
			r.report(u, importStats{}, err)
		}
		return
	}
	stats, err := r.importReader(ctx, u, strings.NewReader(string(data)), int64(len(data)), importer.Options{URL: final}, "")
	r.report(u, stats, err)
}

package wire

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Fetcher fetches feeds politely: a conditional GET, a time limit, a
// size limit and a bounded number of redirects.
type Fetcher struct {
	Client *http.Client
	// MaxBytes bounds a feed answer; a larger one is an error.
	MaxBytes int64
	// UserAgent names khabar to the feeds' servers.
	UserAgent string
}

// Defaults of a Fetcher.
const (
	DefaultTimeout   = 20 * time.Second
	DefaultMaxBytes  = 8 << 20
	DefaultRedirects = 5
)

// NewFetcher returns a Fetcher with the default limits.
func NewFetcher() *Fetcher {
	return &Fetcher{
		Client: &http.Client{
			Timeout: DefaultTimeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= DefaultRedirects {
					return errTooManyRedirects
				}
				return nil
			},
		},
		MaxBytes:  DefaultMaxBytes,
		UserAgent: "khabar-wire/1",
	}
}

var errTooManyRedirects = errors.New("too many redirects")

// Answer is what a fetch returned.
type Answer struct {
	// NotModified is set for a 304: nothing else is.
	NotModified        bool
	Body               []byte
	ContentType        string
	ETag, LastModified string
}

// Fetch gets url, sending etag and lastModified as validators. Its
// errors are in Persian, for the desk.
func (f *Fetcher) Fetch(ctx context.Context, url, etag, lastModified string) (*Answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("نشانی خوراک معتبر نیست")
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/json, application/x-ndjson, application/xml;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	res, err := f.Client.Do(req)
	if err != nil {
		return nil, describe(err)
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == http.StatusNotModified:
		return &Answer{NotModified: true, ETag: etag, LastModified: lastModified}, nil
	case res.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
		return nil, fmt.Errorf("کارساز خوراک پاسخ %d (%s) داد", res.StatusCode, http.StatusText(res.StatusCode))
	case res.ContentLength > f.MaxBytes:
		return nil, fmt.Errorf("خوراک بزرگ‌تر از %d مگابایت است", f.MaxBytes>>20)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.MaxBytes+1))
	if err != nil {
		return nil, describe(err)
	}
	if int64(len(body)) > f.MaxBytes {
		return nil, fmt.Errorf("خوراک بزرگ‌تر از %d مگابایت است", f.MaxBytes>>20)
	}
	return &Answer{Body: body, ContentType: res.Header.Get("Content-Type"),
		ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")}, nil
}

// describe says in Persian why a request failed.
func describe(err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, errTooManyRedirects):
		return fmt.Errorf("خوراک بیش از %d بار تغییر مسیر داد", DefaultRedirects)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("کارساز خوراک در زمان مقرر پاسخ نداد")
	case errors.Is(err, context.Canceled):
		return err
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Errorf("نام کارساز خوراک پیدا نشد")
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return fmt.Errorf("اتصال به کارساز خوراک برقرار نشد")
	}
	return fmt.Errorf("خواندن خوراک ناموفق بود: %v", shortError(err))
}

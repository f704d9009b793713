package wire

import (
	"time"

	"khabar/internal/news"
)

// SampleText gives the external tests the package's grouping texts.
func SampleText(name string) string {
	return map[string]string{"irna": irna, "isna": isna, "mehr": mehr, "derby": derby, "sepahan": sepahan}[name]
}

// BackoffOf exposes the back-off.
func (p *Poller) BackoffOf(src *news.WireSource) time.Duration { return p.backoff(src) }

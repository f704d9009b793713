package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal, where a progress bar helps.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress draws a one-line progress bar on a terminal, at most ten
// times a second; on anything else it draws nothing.
type progress struct {
	w      io.Writer
	name   string
	size   int64
	on     bool
	drawn  bool
	last   time.Time
	start  time.Time
	stored int
	read   int64
}

func newProgress(w io.Writer, name string, size int64, on bool) *progress {
	return &progress{w: w, name: name, size: size, on: on, start: time.Now()}
}

func (p *progress) update(read int64, stored int) {
	p.read, p.stored = read, stored
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.draw()
}

func (p *progress) draw() {
	p.last = time.Now()
	frac := 1.0
	if p.size > 0 {
		frac = min(float64(p.read)/float64(p.size), 1)
	}
	const width = 30
	done := int(frac * width)
	rate := float64(p.stored) / max(time.Since(p.start).Seconds(), 1e-9)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %d stories, %.0f/s ", p.name,
		strings.Repeat("█", done), strings.Repeat("░", width-done), frac*100, p.stored, rate)
	p.drawn = true
}

// clear wipes the bar so a message can be printed on a clean line.
func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

func (p *progress) done() {
	if p.on {
		p.read = p.size
		p.draw()
		fmt.Fprintln(p.w)
	}
}

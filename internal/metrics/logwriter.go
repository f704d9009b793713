package metrics

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// LogWriter buffers log lines on their way to w and writes them at
// least every flushEvery, so that a busy server makes one write a tick
// for its access log instead of one per request. Close writes what is
// left.
type LogWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

const flushEvery = 100 * time.Millisecond

// NewLogWriter starts a LogWriter on w.
func NewLogWriter(w io.Writer) *LogWriter {
	l := &LogWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		t := time.NewTicker(flushEvery)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
				l.mu.Lock()
				l.buf.Flush()
				l.mu.Unlock()
			}
		}
	}()
	return l
}

// Write buffers p, which a log handler gives whole lines at a time.
func (l *LogWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(p) > l.buf.Available() {
		l.buf.Flush() // whole lines only, so others' writes to w fall between them
	}
	return l.buf.Write(p)
}

// Close stops the ticker and writes what is buffered.
func (l *LogWriter) Close() error {
	close(l.stop)
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Flush()
}

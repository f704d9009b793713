package photo

import (
	"context"
	"sync"

	"khabar/internal/news"
)

// Pool runs the decoding and encoding of photos on a fixed number of
// workers, with a bounded number of jobs waiting: a photo is seconds of
// a core and a few hundred megabytes at most, so a burst of uploads
// queues instead of taking the machine from readers, and past the
// queue is refused (ETHROTTLED). Jobs for a photo already in hand wait
// for that one instead of doing it twice.
type Pool struct {
	workers chan struct{} // a token per running job
	slots   chan struct{} // a token per job admitted, running or waiting
	mu      sync.Mutex
	jobs    map[string]*job
}

type job struct {
	done    chan struct{}
	photo   *news.Photo
	created bool
	err     error
}

// NewPool returns a pool of workers running jobs at once and up to
// queue more waiting.
func NewPool(workers, queue int) *Pool {
	workers = max(workers, 1)
	return &Pool{workers: make(chan struct{}, workers), slots: make(chan struct{}, workers+max(queue, 0)),
		jobs: map[string]*job{}}
}

// do runs fn as the job for key on a worker, or joins the job for key
// already admitted, and waits for its result or the end of ctx (the job
// goes on then, and its photo is stored all the same). It returns
// errBusy when the queue is full. When fn will not run (joined, or
// busy), do calls unused first.
func (p *Pool) do(ctx context.Context, key string, fn func() (*news.Photo, bool, error), unused func()) (*news.Photo, bool, error) {
	p.mu.Lock()
	j, joined := p.jobs[key]
	if joined {
		unused()
	} else {
		select {
		case p.slots <- struct{}{}:
		default:
			p.mu.Unlock()
			unused()
			return nil, false, errBusy
		}
		j = &job{done: make(chan struct{})}
		p.jobs[key] = j
		go p.run(key, j, fn)
	}
	p.mu.Unlock()
	select {
	case <-j.done:
		if joined {
			return j.photo, false, j.err
		}
		return j.photo, j.created, j.err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

func (p *Pool) run(key string, j *job, fn func() (*news.Photo, bool, error)) {
	p.workers <- struct{}{}
	defer func() {
		<-p.workers
		p.mu.Lock()
		delete(p.jobs, key)
		p.mu.Unlock()
		<-p.slots
		close(j.done)
	}()
	defer func() {
		// A decoder that panics on a crafted file fails that photo, not
		// the server.
		if v := recover(); v != nil {
			j.photo, j.created, j.err = nil, false, invalid("این فایل عکس باز نشد (%v)", v)
		}
	}()
	j.photo, j.created, j.err = fn()
}

package httpx

import (
	"container/list"
	"net"
	"net/http"
	"sync"
)

// IdleConns bounds the keep-alive connections a server holds open
// between requests. Each costs a file descriptor, a goroutine and its
// buffers for as long as the server's IdleTimeout, and a client may
// open thousands and leave them; past Max, the connection idle longest
// is closed, as HTTP lets a server close an idle connection at any time
// (the client sends its next request on a new one). Connections in the
// middle of a request are never closed here, and new clients are
// accepted as before. Its ConnState goes in http.Server.ConnState.
type IdleConns struct {
	// Max is how many idle connections are kept at most; 0 keeps any
	// number.
	Max int

	mu     sync.Mutex
	order  list.List // idle connections, longest idle first
	idle   map[net.Conn]*list.Element
	closed int64
}

// ConnState records c entering state s and closes the connection idle
// longest when one too many is idle.
func (l *IdleConns) ConnState(c net.Conn, s http.ConnState) {
	if l.Max <= 0 {
		return
	}
	var drop net.Conn
	l.mu.Lock()
	if l.idle == nil {
		l.idle = map[net.Conn]*list.Element{}
	}
	if e, ok := l.idle[c]; ok {
		l.order.Remove(e)
		delete(l.idle, c)
	}
	if s == http.StateIdle {
		l.idle[c] = l.order.PushBack(c)
		if l.order.Len() > l.Max {
			e := l.order.Front()
			drop = l.order.Remove(e).(net.Conn)
			delete(l.idle, drop)
			l.closed++
		}
	}
	l.mu.Unlock()
	if drop != nil {
		// The server's goroutine for it sees the close and ends it.
		drop.Close()
	}
}

// Idle returns how many connections are idle now, and how many were
// closed for being one too many.
func (l *IdleConns) Idle() (idle int, closed int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len(), l.closed
}

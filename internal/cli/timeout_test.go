package cli

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/config"
)

// The server serve runs bounds every stage of a request, and a client
// that sends its headers a byte at a time (slowloris) is cut off once the
// header timeout passes; here the timeout is shortened so the test need
// not wait ten seconds, the rest of the server as serve makes it.
func TestSlowHeadersCutOff(t *testing.T) {
	srv := httpServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }), config.Defaults().IdleConns)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Fatalf("a stage of a request is unbounded: %+v", srv)
	}
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	closed := false
	for _, c := range "GET / HTTP/1.1\r\nHost: khabar.test\r\nX-Slow: " + strings.Repeat("a", 200) {
		if _, err := conn.Write([]byte(string(c))); err != nil {
			closed = true
			break
		}
		time.Sleep(20 * time.Millisecond)
		if time.Since(start) > 5*time.Second {
			break
		}
	}
	if !closed {
		t.Fatalf("a client sending a header a byte at a time was still connected after %v", time.Since(start))
	}
	t.Logf("slow client cut off after %v", time.Since(start).Round(10*time.Millisecond))
	// Whatever the server sent before closing (a 408 at most), the
	// connection ends.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	rest, _ := io.ReadAll(bufio.NewReader(conn))
	if strings.Contains(string(rest), "200 OK") {
		t.Fatalf("the slow request was served: %q", rest)
	}

	// An ordinary request is still served.
	res, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("ordinary request: %d", res.StatusCode)
	}
	// A header larger than the bound is refused.
	req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("b", 2*srv.MaxHeaderBytes))
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("a %d-byte header: %d, want 431", 2*srv.MaxHeaderBytes, res.StatusCode)
		}
	}
}

// A client that opens many keep-alive connections and leaves them idle
// holds at most the server's bound of them open: past it the one idle
// longest is closed at once, not two minutes later; the idle ones kept
// still carry requests, and new clients are served throughout.
func TestIdleConnectionsBounded(t *testing.T) {
	const bound, opened = 20, 200
	srv := httpServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "خبر") }), bound)
	if srv.IdleTimeout < time.Minute {
		t.Fatalf("idle timeout %v: the bound would not be what closes them", srv.IdleTimeout)
	}
	// The server marks a connection idle in its own goroutine, after the
	// answer is sent: on a busy machine that can come after the next
	// connection is opened, so the test waits for it, and the order the
	// connections went idle in is the order they were opened in.
	var (
		mu       sync.Mutex
		wentIdle = map[string]chan struct{}{}
	)
	idleSignal := func(addr string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		ch, ok := wentIdle[addr]
		if !ok {
			ch = make(chan struct{})
			wentIdle[addr] = ch
		}
		return ch
	}
	bounded := srv.ConnState
	srv.ConnState = func(c net.Conn, s http.ConnState) {
		bounded(c, s)
		if s == http.StateIdle {
			ch := idleSignal(c.RemoteAddr().String())
			select {
			case <-ch:
			default:
				close(ch)
			}
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	addr := ln.Addr().String()

	// get sends one keep-alive request on conn and reads the answer.
	get := func(conn net.Conn, r *bufio.Reader) error {
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: khabar.test\r\n\r\n"); err != nil {
			return err
		}
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if b, err := io.ReadAll(res.Body); err != nil || res.StatusCode != 200 || string(b) != "خبر" || res.Close {
			return fmt.Errorf("answer %d %q, close %v: %v", res.StatusCode, b, res.Close, err)
		}
		return nil
	}
	conns := make([]net.Conn, opened)
	readers := make([]*bufio.Reader, opened)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		t.Cleanup(func() { c.Close() })
		conns[i], readers[i] = c, bufio.NewReader(c)
		if err := get(c, readers[i]); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		select {
		case <-idleSignal(c.LocalAddr().String()):
		case <-time.After(5 * time.Second):
			t.Fatalf("connection %d: the server never marked it idle", i)
		}
		// A new client is served whatever the idle ones hold.
		if i%50 == 49 {
			res, err := http.Get("http://" + addr + "/")
			if err != nil {
				t.Fatalf("new client after %d idle connections: %v", i+1, err)
			}
			res.Body.Close()
		}
	}

	// Which are still open: a read on a closed one ends at once (EOF),
	// on an open idle one it times out.
	open := func() []int {
		var out []int
		for i, c := range conns {
			c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
			_, err := readers[i].Peek(1)
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				out = append(out, i)
			}
		}
		return out
	}
	var still []int
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if still = open(); len(still) <= bound || time.Now().After(deadline) {
			break
		}
	}
	t.Logf("%d keep-alive connections opened and left idle: %d still open", opened, len(still))
	if len(still) > bound {
		t.Fatalf("%d idle connections still open, bound %d", len(still), bound)
	}
	// Those the bound closed are the ones idle longest: the first ones.
	if len(still) < bound/2 {
		t.Errorf("only %d idle connections kept open, bound %d", len(still), bound)
	}
	for _, i := range still {
		if i < opened-2*bound {
			t.Errorf("connection %d of %d, among the longest idle, is still open", i, opened)
		}
	}
	// The ones kept still carry requests.
	for _, i := range still {
		if err := get(conns[i], readers[i]); err != nil {
			t.Errorf("kept idle connection %d: %v", i, err)
		}
	}
	res, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("new client: %d", res.StatusCode)
	}
}

package cli

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The server serve runs bounds every stage of a request, and a client
// that sends its headers a byte at a time (slowloris) is cut off once the
// header timeout passes; here the timeout is shortened so the test need
// not wait ten seconds, the rest of the server as serve makes it.
func TestSlowHeadersCutOff(t *testing.T) {
	srv := httpServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
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

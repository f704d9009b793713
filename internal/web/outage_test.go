package web

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"khabar/internal/store"
)

// pgCluster is a PostgreSQL server of the test's own, in a temp dir,
// that the test stops and starts (as scripts/lib/pg.sh does for the
// suite's shared one, which must not be stopped).
type pgCluster struct {
	t         *testing.T
	bin, dir  string
	port      int
	server    *exec.Cmd
	asPostgre bool // root runs the server as the postgres user
}

func newPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if os.Getenv("KHABAR_REQUIRE_POSTGRES") == "1" {
			t.Fatal("no PostgreSQL server binaries (initdb) found")
		}
		t.Skip("no PostgreSQL server binaries: the outage test needs a server of its own")
	}
	sort.Strings(bins)
	c := &pgCluster{t: t, bin: filepath.Dir(bins[len(bins)-1]), asPostgre: os.Getuid() == 0}
	base := os.TempDir()
	if c.asPostgre {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "khabar-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c.dir = dir
	if c.asPostgre {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		os.Chown(dir, uid, gid)
	}
	if out, err := c.cmd("initdb", "-D", dir+"/data", "-U", "postgres", "--auth=trust", "--encoding=UTF8",
		"--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	c.start()
	t.Cleanup(c.stop)
	return c
}

func (c *pgCluster) cmd(name string, args ...string) *exec.Cmd {
	if c.asPostgre {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", c.bin + "/" + name}, args...)...)
	}
	return exec.Command(c.bin+"/"+name, args...)
}

func (c *pgCluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// start starts the server and waits until it accepts connections.
func (c *pgCluster) start() {
	c.t.Helper()
	c.server = c.cmd("postgres", "-D", c.dir+"/data", "-p", strconv.Itoa(c.port), "-k", c.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")
	logf, _ := os.Create(filepath.Join(c.t.TempDir(), "server.log"))
	c.server.Stdout, c.server.Stderr = logf, logf
	if err := c.server.Start(); err != nil {
		c.t.Fatal(err)
	}
	for range 120 {
		if c.cmd("pg_isready", "-q", "-h", c.dir, "-p", strconv.Itoa(c.port)).Run() == nil {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	c.t.Fatal("the test's PostgreSQL did not start in 30s")
}

// stop stops the server at once, as a crash or a pulled plug would.
func (c *pgCluster) stop() {
	if c.server == nil {
		return
	}
	c.cmd("pg_ctl", "-D", c.dir+"/data", "-m", "immediate", "-w", "stop").Run()
	c.server.Wait()
	c.server = nil
}

// When PostgreSQL stops under a serving site, readers get 503 with
// Retry-After (not a 500, not a hang), /healthz still says the process
// lives while /healthz/ready says the database is gone, and when the
// database is back the site serves again by itself, without a restart.
func TestDatabaseOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a PostgreSQL server: not in -short")
	}
	pg := newPGCluster(t)
	ctx := context.Background()
	st, err := store.Open(ctx, pg.url())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := serve(t, st)
	s.add(modelStory())
	article := s.get("/news/101870").header.Get("Location") // its address with the slug
	if res := s.get(article); res.status != 200 {
		t.Fatalf("before the outage: %d", res.status)
	}
	if res := s.get("/healthz/ready"); res.status != 200 {
		t.Fatalf("ready before the outage: %d %s", res.status, res.body)
	}

	pg.stop()
	for _, path := range []string{article, "/search?q=" + "مسقط", "/section/ict", "/api/v1/news"} {
		res := s.get(path)
		if res.status != 503 || res.header.Get("Retry-After") == "" {
			t.Errorf("GET %s with the database down: %d, Retry-After %q; want 503 and a Retry-After", path, res.status, res.header.Get("Retry-After"))
		}
		if !strings.HasPrefix(path, "/api/") && res.status == 503 && !strings.Contains(res.body, "موقتاً در دسترس نیست") {
			t.Errorf("GET %s: the 503 page does not say the site is briefly unavailable", path)
		}
	}
	if res := s.get("/healthz"); res.status != 200 {
		t.Errorf("liveness with the database down: %d, want 200", res.status)
	}
	if res := s.get("/healthz/ready"); res.status != 503 || !strings.Contains(res.body, "database") {
		t.Errorf("readiness with the database down: %d %q, want 503 naming the database", res.status, res.body)
	}

	pg.start()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := s.get(article)
		if res.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the site did not recover within 30s of the database's return: %d", res.status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if res := s.get("/healthz/ready"); res.status != 200 {
		t.Errorf("ready after the outage: %d %s", res.status, res.body)
	}
}

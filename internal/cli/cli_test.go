package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
)

// runAsKhabar, set in the environment of a re-executed test binary, makes
// it run the command line instead of the tests: the crash test starts
// khabar this way so it can kill a real process.
const runAsKhabar = "KHABAR_TEST_RUN_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(runAsKhabar) == "1" {
		os.Exit(Run(os.Args))
	}
	os.Exit(m.Run())
}

// result is what one run of the command line did.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs khabar with args (without the program name) and the given
// environment variables only.
func runCLI(t *testing.T, vars map[string]string, args ...string) result {
	t.Helper()
	return runCLIContext(t, context.Background(), vars, args...)
}

func runCLIContext(t *testing.T, ctx context.Context, vars map[string]string, args ...string) result {
	t.Helper()
	return runCLIInput(t, ctx, vars, "", args...)
}

// runCLIInput is runCLIContext with text on standard input.
func runCLIInput(t *testing.T, ctx context.Context, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return vars[k] }, ctx: ctx}
	code := run(e, append([]string{"khabar"}, args...))
	return result{code, stdout.String(), stderr.String()}
}

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestVersion(t *testing.T) {
	Version = "1.2.3-test"
	t.Cleanup(func() { Version = "dev" })
	r := runCLI(t, nil, "version")
	if r.code != 0 || r.stdout != "khabar 1.2.3-test\n" || r.stderr != "" {
		t.Errorf("version: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestCommandHelp(t *testing.T) {
	tests := []struct {
		command string
		flags   []string // each flag and the variable named beside it
	}{
		{"serve", []string{"--addr  (KHABAR_ADDR)", "--db  (KHABAR_DB)", "--site-name  (KHABAR_SITE_NAME)",
			"--base-url  (KHABAR_BASE_URL)", "--end-marker  (KHABAR_END_MARKER)", "--no-demo  (KHABAR_NO_DEMO)"}},
		{"import", []string{"--db  (KHABAR_DB)", "--quiet  (KHABAR_QUIET)"}},
		{"export", []string{"--db  (KHABAR_DB)", "-o  (KHABAR_O)"}},
		{"reindex", []string{"--db  (KHABAR_DB)"}},
		{"validate", []string{"--schema  (KHABAR_SCHEMA)"}},
		{"version", nil},
	}
	for _, tt := range tests {
		for _, help := range []string{"--help", "-h"} {
			t.Run(tt.command+help, func(t *testing.T) {
				r := runCLI(t, nil, tt.command, help)
				if r.code != 0 {
					t.Errorf("exit %d, want 0", r.code)
				}
				if !strings.Contains(r.stderr, "Usage: khabar "+tt.command) {
					t.Errorf("usage does not name the command:\n%s", r.stderr)
				}
				for _, f := range tt.flags {
					if !strings.Contains(r.stderr, f) {
						t.Errorf("usage lacks %q:\n%s", f, r.stderr)
					}
				}
			})
		}
	}
}

func TestTopLevelUsage(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := runCLI(t, nil, args...)
		if r.code != 0 {
			t.Errorf("khabar %s: exit %d, want 0", args[0], r.code)
		}
		for _, c := range commands() {
			if !strings.Contains(r.stdout, "  "+c.name+" ") {
				t.Errorf("khabar %s: usage does not list %s:\n%s", args[0], c.name, r.stdout)
			}
		}
	}
	if r := runCLI(t, nil); r.code != 2 || !strings.Contains(r.stdout, "Usage: khabar COMMAND") {
		t.Errorf("khabar with no command: exit %d, stdout %q; want 2 and the usage", r.code, r.stdout)
	}
}

func TestUnknownCommand(t *testing.T) {
	r := runCLI(t, nil, "publish")
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, `unknown command "publish"`) || !strings.Contains(r.stderr, "Usage: khabar COMMAND") {
		t.Errorf("stderr does not name the command and show the usage:\n%s", r.stderr)
	}
}

func TestBadFlag(t *testing.T) {
	if r := runCLI(t, nil, "export", "--colour"); r.code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", r.code)
	}
	// A bad value in the environment is refused like a bad flag.
	r := runCLI(t, map[string]string{"KHABAR_NO_DEMO": "شاید"}, "serve")
	if r.code != 2 || !strings.Contains(r.stderr, "KHABAR_NO_DEMO") {
		t.Errorf("bad KHABAR_NO_DEMO: exit %d, stderr %q; want 2 naming the variable", r.code, r.stderr)
	}
}

func TestImportWithoutFiles(t *testing.T) {
	db := t.TempDir() + "/khabar.db"
	r := runCLI(t, nil, "import", "--db", db)
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	if !strings.Contains(r.stderr, "name at least one file") {
		t.Errorf("stderr does not say what is missing: %q", r.stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("import with no files created %s", db)
	}
}

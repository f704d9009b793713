package cli

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	ctx := context.Background()
	if r := runCLIInput(t, ctx, nil, "گذرواژهٔ خبرنگار\nگذرواژهٔ خبرنگار\n", "user", "add", "--db", db, "--role", "reporter", "maryam"); r.code != 1 ||
		!strings.Contains(r.stderr, "no database at") {
		t.Fatalf("add to a missing database: %d %q", r.code, r.stderr)
	}
	if r := runCLI(t, nil, "import", "--db", db, "--quiet", writeManyStories(t, 2)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	tests := []struct {
		name, stdin string
		args        []string
		code        int
		says        string
	}{
		{"add", "گذرواژهٔ خبرنگار\nگذرواژهٔ خبرنگار\n", []string{"add", "--role", "reporter", "maryam"}, 0, "added user maryam (reporter)"},
		{"two roles", "گذرواژهٔ دبیر ارشد\nگذرواژهٔ دبیر ارشد\n", []string{"add", "--role", "editor,admin", "--display-name", "علی رضایی", "ali"}, 0, "added user ali (editor,admin)"},
		{"taken", "گذرواژهٔ خبرنگار\nگذرواژهٔ خبرنگار\n", []string{"add", "--role", "reporter", "maryam"}, 1, "گرفته شده"},
		{"differ", "گذرواژهٔ خبرنگار\nگذرواژهٔ دیگر\n", []string{"add", "--role", "reporter", "sara"}, 1, "differ"},
		{"short", "کوتاه\nکوتاه\n", []string{"add", "--role", "reporter", "sara"}, 1, "دست‌کم"},
		{"no role", "", []string{"add", "sara"}, 2, "--role"},
		{"bad role", "", []string{"add", "--role", "chief", "sara"}, 2, "شناخته نیست"},
		{"bad name", "گذرواژهٔ خبرنگار\nگذرواژهٔ خبرنگار\n", []string{"add", "--role", "reporter", "سارا"}, 1, "حروف کوچک لاتین"},
		{"passwd", "گذرواژهٔ تازه‌تر\nگذرواژهٔ تازه‌تر\n", []string{"passwd", "maryam"}, 0, "password of maryam changed"},
		{"passwd nobody", "", []string{"passwd", "nobody"}, 1, `no user "nobody"`},
		{"disable", "", []string{"disable", "ali"}, 0, "disabled ali"},
		{"unknown", "", []string{"promote", "ali"}, 2, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"user", tt.args[0], "--db", db}, tt.args[1:]...)
			r := runCLIInput(t, ctx, nil, tt.stdin, args...)
			if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.says) {
				t.Errorf("exit %d (want %d)\nstdout %q\nstderr %q\nwant %q", r.code, tt.code, r.stdout, r.stderr, tt.says)
			}
		})
	}
	r := runCLI(t, nil, "user", "list", "--db", db)
	for _, want := range []string{"NAME", "maryam", "reporter", "ali", "editor,admin", "disabled", "علی رضایی"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list lacks %q:\n%s", want, r.stdout)
		}
	}
	// A token: alone on the last line, and it opens the API.
	r = runCLI(t, nil, "user", "token", "--db", db, "maryam")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	if r.code != 0 || !strings.HasPrefix(token, "khabar_") || strings.Contains(token, " ") {
		t.Fatalf("token: %d %q", r.code, r.stdout)
	}
	s := startServe(t, nil, "--db", db, "--no-demo")
	status := func() int {
		req, _ := http.NewRequest("GET", s.url+"/api/v1/newsroom/stories", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := status(); got != 200 {
		t.Fatalf("the printed token: %d", got)
	}
	if where := newsroomLogin(t, s.url, "maryam", "گذرواژهٔ تازه‌تر"); where != "/newsroom/" {
		t.Errorf("login with the new password: %q", where)
	}
	if where := newsroomLogin(t, s.url, "ali", "گذرواژهٔ دبیر ارشد"); where != "" {
		t.Errorf("a disabled user logs in: %q", where)
	}
	if r := runCLI(t, nil, "user", "token", "--db", db, "--revoke", "maryam"); r.code != 0 || !strings.Contains(r.stdout, "revoked 1 tokens") {
		t.Fatalf("revoke: %d %q", r.code, r.stdout)
	}
	if got := status(); got != 401 {
		t.Errorf("a revoked token: %d", got)
	}
	if strings.Contains(s.stdout.String(), "First login") {
		t.Error("serve made a first admin although users exist")
	}
}

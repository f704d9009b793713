package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// hostilePeak is the most memory a khabar import may take on any of the
// hostile files below. Each holds one item of up to 200 MB; the largest
// item khabar reads is importer.MaxLine (32 MB), and reading one costs a
// few times that. Before the body's size was checked ahead of the schema
// check, the 31 MB body of unclosed tags took 322 MB.
const hostilePeak = 256 << 20

// TestHostileImportsMemory imports files built to take memory — one
// item far larger than any story, a body of 31 MB of unclosed tags —
// in a khabar subprocess, and checks the peak of its resident memory:
// each item is refused with a message, and memory stays bounded by the
// largest item khabar reads, not by the file.
func TestHostileImportsMemory(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("writes 300 MB of hostile files; the race detector's memory would be measured too")
	}
	dir := t.TempDir()
	write := func(name, head, fill, tail string, size int) string {
		t.Helper()
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(head)
		chunk := strings.Repeat(fill, (64<<10)/len(fill))
		for n := 0; n < size; n += len(chunk) {
			w.WriteString(chunk)
		}
		w.WriteString(tail)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return path
	}
	const head = `{"uri":"urn:khabar-hostile:1","headlines":[{"role":"main","value":"خبر"}],` +
		`"bodies":[{"role":"main","contenttype":"text/html","value":"`
	const tail = `"}]}`
	files := []struct {
		name, path, says string
	}{
		{"31 MB of unclosed <b>", write("bold.json", "["+head, "<b>", tail+"]", 31<<20), "body is larger than"},
		{"a 200 MB one-item array", write("huge.json", "["+head, "خبر ", tail+"]", 200<<20), "larger than"},
		{"a 40 MB JSON line", write("long.jsonl", head, "<i>", tail+"\n", 40<<20), "longer than"},
	}
	db := filepath.Join(dir, "khabar.db")
	for _, f := range files {
		cmd := khabar(t, "import", "--db", db, "--quiet", f.path)
		out, _ := cmd.CombinedOutput()
		if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), f.says) {
			t.Errorf("%s: exit %d, output %q; want 1 and %q", f.name, cmd.ProcessState.ExitCode(), out, f.says)
		}
		peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
		t.Logf("%s: peak resident memory %d MB", f.name, peak>>20)
		if peak > hostilePeak {
			t.Errorf("%s: peak resident memory %d MB, want at most %d MB", f.name, peak>>20, hostilePeak>>20)
		}
	}
}

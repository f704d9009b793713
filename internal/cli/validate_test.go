package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"khabar/internal/ninjs/ninjstest"
	"khabar/internal/sharedtest"
)

// khabar validate agrees with every file of the IPTC suite under its own
// version, and names file, line, item, pointer and rule for each refusal.
func TestValidateSuite(t *testing.T) {
	suite := filepath.Join(ninjstest.Dir, "test_suite")
	files, _ := filepath.Glob(filepath.Join(suite, "*", "*", "*.json"))
	if len(files) == 0 {
		sharedtest.Missing(t, "ninjs test suite", os.ErrNotExist)
	}
	if len(files) != 31 {
		t.Errorf("%d files in the suite, want 31", len(files))
	}
	problem := regexp.MustCompile(`^(.+\.json):(\d+): item (\d+): (\(item\)|(/[^ ]*)+): ([a-zA-Z]+): .+$`)
	for _, f := range files {
		version := filepath.Base(filepath.Dir(filepath.Dir(f)))
		pass := filepath.Base(filepath.Dir(f)) == "should_pass"
		r := runCLI(t, nil, "validate", "--schema", version, f)
		switch {
		case pass && (r.code != 0 || r.stdout != ""):
			t.Errorf("%s: exit %d, want 0\n%s", f, r.code, r.stdout)
		case !pass && r.code != 1:
			t.Errorf("%s: exit %d, want 1", f, r.code)
		case !pass:
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			for _, l := range lines {
				m := problem.FindStringSubmatch(l)
				if m == nil || m[1] != f || m[3] != "1" {
					t.Errorf("%s: problem line %q does not name the file, line, item, pointer and rule", f, l)
				}
			}
		}
		if !strings.Contains(r.stderr, "against ninjs "+version) {
			t.Errorf("%s: summary does not name the version: %s", f, r.stderr)
		}
	}
	// All the should_pass files at once, under their versions, exit 0.
	for _, version := range []string{"2.0", "2.1", "2.2"} {
		passing, _ := filepath.Glob(filepath.Join(suite, version, "should_pass", "*.json"))
		if r := runCLI(t, nil, append([]string{"validate", "--schema", version}, passing...)...); r.code != 0 {
			t.Errorf("should_pass of %s: exit %d\n%s", version, r.code, r.stdout)
		}
	}
}

func TestValidateReportsEachItem(t *testing.T) {
	dir := t.TempDir()
	lines := filepath.Join(dir, "items.jsonl")
	os.WriteFile(lines, []byte(strings.Join([]string{
		`{"uri":"urn:x:1","headlines":[{"role":"main","value":"تیتر درست"}]}`,
		``,
		`{"uri":"urn:x:2","headlines":[{"role":"main"}]}`,
		`{"uri":"urn:x:3","pubstatus":"draft","urgency":"فوری"}`,
		`{"uri":"urn:x:4",`,
	}, "\n")), 0o644)
	array := filepath.Join(dir, "items.json")
	os.WriteFile(array, []byte("[\n  {\"uri\": \"urn:x:5\"},\n  {\"uri\": \"urn:x:6\", \"expires\": \"فردا\"}\n]\n"), 0o644)
	r := runCLI(t, nil, "validate", lines, array)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	for _, want := range []string{
		lines + `:3: item 2: /headlines/0: required: missing property 'value'`,
		lines + `:4: item 3: /pubstatus: enum: `,
		lines + `:4: item 3: /urgency: type: `,
		lines + `:5: item 4: bad JSON`,
		array + `:3: item 2: /expires: format: `,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "urn:x:1") || strings.Contains(r.stdout, ":1: item 1") || strings.Contains(r.stdout, ":2: item 1") {
		t.Errorf("valid items reported:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "checked 6 items against ninjs 2.2: 2 valid, 4 invalid") {
		t.Errorf("summary: %s", r.stderr)
	}

	if r := runCLI(t, nil, "validate", "--schema", "3.0", lines); r.code != 2 || !strings.Contains(r.stderr, "2.0, 2.1, 2.2") {
		t.Errorf("--schema 3.0: exit %d, %s", r.code, r.stderr)
	}
	if r := runCLI(t, nil, "validate"); r.code != 2 {
		t.Errorf("no file: exit %d", r.code)
	}
	if r := runCLI(t, nil, "validate", filepath.Join(dir, "missing.json")); r.code != 1 {
		t.Errorf("missing file: exit %d", r.code)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, nil, 0o644)
	if r := runCLI(t, nil, "validate", empty); r.code != 1 || !strings.Contains(r.stdout, "no ninjs item") {
		t.Errorf("empty file: exit %d, %s", r.code, r.stdout)
	}
	r = runCLIInput(t, t.Context(), nil, `{"uri":"urn:x:7","headlines":[{"value":"از ورودی"}]}`+"\n", "validate", "-")
	if r.code != 0 {
		t.Errorf("standard input: exit %d\n%s", r.code, r.stdout)
	}
}

// An import refuses what the schema refuses, item by item, and stores
// nothing of it; unknown top-level fields stay a warning.
func TestImportValidatesAgainstSchema(t *testing.T) {
	eachDB(t, func(t *testing.T, newDB func() string) {
		db := newDB()
		file := filepath.Join(t.TempDir(), "items.jsonl")
		os.WriteFile(file, []byte(strings.Join([]string{
			`{"uri":"urn:x:good","headlines":[{"role":"main","value":"خبر درست"}],"x-feed-id":7}`,
			`{"uri":"urn:x:urgent","headlines":[{"role":"main","value":"خبر فوری"}],"urgency":"فوری"}`,
			`{"uri":"urn:x:place","headlines":[{"role":"main","value":"خبر تهران"}],"places":[{"name":"تهران","geojson":{"type":"Point"}}]}`,
		}, "\n")+"\n"), 0o644)
		r := runCLI(t, nil, "import", "--db", db, file)
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
		for _, want := range []string{
			file + `:1: warning: unknown ninjs field "x-feed-id" ignored`,
			file + `:2: news: invalid: ninjs: not valid under the ninjs 2.2 schema: /urgency: type:`,
			file + `:3: news: invalid: ninjs: not valid under the ninjs 2.2 schema: /places/0/geojson: oneOf:`,
		} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
		}
		if c := allCounts(t, r); c.created != 1 || c.failed != 2 {
			t.Errorf("counts %+v, want 1 created and 2 failed", c)
		}
		if n := storyCount(t, db); n != 1 {
			t.Errorf("%d stories stored, want 1", n)
		}
	})
}

// The whole shared corpus, imported and exported, is valid ninjs 2.2.
func TestExportOfCorpusValidates(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl")
	if _, err := os.Stat(corpus); err != nil {
		sharedtest.Missing(t, "corpus", err)
	}
	needModelPage(t)
	db := filepath.Join(t.TempDir(), "khabar.db")
	if r := runCLI(t, nil, "import", "--quiet", "--db", db, modelPage, corpus); r.code != 0 {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "export.jsonl")
	if r := runCLI(t, nil, "export", "--db", db, "-o", out); r.code != 0 {
		t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 32<<20)
	n := 0
	for sc.Scan() {
		ninjstest.Valid(t, sc.Bytes())
		n++
		if t.Failed() {
			t.Fatalf("line %d", n)
		}
	}
	if n < 3900 {
		t.Errorf("export has %d items", n)
	}
	if r := runCLI(t, nil, "validate", out); r.code != 0 {
		t.Errorf("khabar validate of the export: exit %d\n%s", r.code, r.stdout)
	}
}

package ninjs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"khabar/internal/ninjs/ninjstest"
	"khabar/internal/sharedtest"
)

// shared is the directory of the project's shared test data.
var shared = filepath.Join("..", "..", "..", "shared")

// The embedded schemas are the published ones, byte for byte.
func TestEmbeddedSchemasAreTheStandards(t *testing.T) {
	for _, name := range []string{"ninjs-schema_2.0.json", "ninjs-schema_2.1.json", "ninjs-schema_2.2.json", "GeoJSON.json"} {
		want, err := os.ReadFile(filepath.Join(shared, "ninjs", name))
		if err != nil {
			sharedtest.Missing(t, "ninjs schemas", err)
		}
		got, err := schemaFS.ReadFile("schemas/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("schemas/%s differs from the published schema", name)
		}
	}
}

// The validator agrees with every file of the IPTC suite, each under its
// own version, and says what is wrong with each item it refuses.
func TestValidatorAgreesWithSuite(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "ninjs", "test_suite", "*", "should_*", "*.json"))
	if len(files) == 0 {
		sharedtest.Missing(t, "ninjs test suite", os.ErrNotExist)
	}
	if len(files) != 31 {
		t.Errorf("the suite has %d files, want 31", len(files))
	}
	for _, f := range files {
		version := filepath.Base(filepath.Dir(filepath.Dir(f)))
		pass := filepath.Base(filepath.Dir(f)) == "should_pass"
		t.Run(version+"/"+filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ParseJSON(data)
			if err != nil {
				t.Fatal(err)
			}
			problems := MustValidator(version).Validate(doc)
			switch {
			case pass && len(problems) > 0:
				t.Errorf("refused: %v", problems)
			case !pass && len(problems) == 0:
				t.Errorf("accepted")
			}
			for _, p := range problems {
				if p.Rule == "" || p.Message == "" || (p.Pointer != "" && !strings.HasPrefix(p.Pointer, "/")) {
					t.Errorf("problem without pointer, rule or message: %+v", p)
				}
			}
		})
	}
}

func TestValidatorNamesTheFault(t *testing.T) {
	tests := []struct{ doc, pointer, rule string }{
		{`{"type":"text"}`, "", "required"},
		{`{"uri":"urn:x","keywords":["a"]}`, "/keywords", "unevaluatedProperties"},
		{`{"uri":"urn:x","headlines":[{"role":"main"}]}`, "/headlines/0", "required"},
		{`{"uri":"urn:x","headlines":[{"value":"تیتر","html":true}]}`, "/headlines/0", "additionalProperties"},
		{`{"uri":"urn:x","pubstatus":"draft"}`, "/pubstatus", "enum"},
		{`{"uri":"urn:x","versioncreated":"1402/08/04"}`, "/versioncreated", "format"},
		{`{"uri":"urn:x","subjects":[{"name":"ورزش","relevance":5.5}]}`, "/subjects/0/relevance", "type"},
		{`{"uri":"urn:x","altids":[{"role":"a/b~c","value":1}]}`, "/altids/0/value", "type"},
		{`{"uri":"urn:x","digitalsourcetype":"camera"}`, "/digitalsourcetype", "type"},
	}
	for _, tt := range tests {
		doc, err := ParseJSON([]byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		problems := MustValidator("2.2").Validate(doc)
		if len(problems) != 1 || problems[0].Pointer != tt.pointer || problems[0].Rule != tt.rule {
			t.Errorf("%s: %v, want one problem at %q breaking %q", tt.doc, problems, tt.pointer, tt.rule)
		}
	}
	if _, err := NewValidator("3.0"); err == nil || !strings.Contains(err.Error(), "2.0, 2.1, 2.2") {
		t.Errorf("NewValidator(3.0): %v", err)
	}
}

// Decode holds imports to the schema, but lets through the unknown
// top-level fields real feeds carry, as warnings.
func TestDecodeChecksSchema(t *testing.T) {
	_, warnings, err := Decode([]byte(`{"uri":"urn:x","x-feed":1,"headlines":[{"value":"تیتر"}]}`))
	if err != nil || len(warnings) != 1 || warnings[0] != "x-feed" {
		t.Errorf("unknown top-level field: err %v, warnings %q", err, warnings)
	}
	for doc, want := range map[string]string{
		`{"uri":"urn:x","headlines":[{"value":"تیتر"}],"subjects":[{"name":"ورزش","relevance":500}]}`:                  "/subjects/0/relevance: maximum",
		`{"uri":"urn:x","headlines":[{"value":"تیتر"}],"urgency":"high"}`:                                              "/urgency: type",
		`{"uri":"urn:x","headlines":[{"value":"تیتر"}],"places":[{"name":"تهران","geojson":{"type":"Point"}}]}`:        "/places/0/geojson: oneOf",
		`{"standard":{"version":"2.0"},"uri":"urn:x","headlines":[{"value":"تیتر"}],"expires":"2030-01-01T00:00:00Z"}`: "ninjs 2.0 schema",
	} {
		_, _, err := Decode([]byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%s): %v, want %q", doc, err, want)
		}
	}
}

func TestEncodeValidAgainstSchema(t *testing.T) {
	for _, st := range sampleStories() {
		data, err := Encode(st)
		if err != nil {
			t.Fatal(err)
		}
		ninjstest.Valid(t, data)
	}
}

func BenchmarkValidate(b *testing.B) {
	lines := corpusLines(b)
	v := MustValidator("2.2")
	b.ResetTimer()
	n := 0
	for b.Loop() {
		doc, err := ParseJSON(lines[n%len(lines)])
		if err != nil {
			b.Fatal(err)
		}
		if p := v.Validate(doc); len(p) > 0 {
			b.Fatal(p)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "items/s")
}

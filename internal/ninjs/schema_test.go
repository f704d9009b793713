package ninjs

import (
	"encoding/json"
	"fmt"
	"khabar/internal/sharedtest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// shared is the directory of the project's shared test data.
var shared = filepath.Join("..", "..", "..", "shared")

// schema is the subset of JSON Schema the ninjs schema uses for the
// properties khabar writes: $ref, type, enum, required, properties,
// additionalProperties and unevaluatedProperties (false), items, minimum,
// maximum and the uri and date-time formats. oneOf (GeoJSON) is not
// checked.
type schema struct {
	root map[string]any
}

func loadSchema(t *testing.T, version string) *schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shared, "ninjs", "ninjs-schema_"+version+".json"))
	if err != nil {
		sharedtest.Missing(t, "ninjs schema", err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	return &schema{root: root}
}

// resolve follows a local $ref such as "#/$defs/ninjsType".
func (s *schema) resolve(ref string) map[string]any {
	node := any(s.root)
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		node = node.(map[string]any)[part]
	}
	return node.(map[string]any)
}

// properties returns the properties a schema node declares, following
// $ref, so unevaluatedProperties can be checked against them.
func (s *schema) properties(node map[string]any) map[string]any {
	props, _ := node["properties"].(map[string]any)
	if ref, ok := node["$ref"].(string); ok && strings.HasPrefix(ref, "#/") {
		merged := map[string]any{}
		for k, v := range s.properties(s.resolve(ref)) {
			merged[k] = v
		}
		for k, v := range props {
			merged[k] = v
		}
		return merged
	}
	return props
}

// validate returns the problems of value against node, each naming its path.
func (s *schema) validate(path string, node map[string]any, value any) []string {
	var errs []string
	fail := func(format string, args ...any) {
		errs = append(errs, path+": "+fmt.Sprintf(format, args...))
	}
	if ref, ok := node["$ref"].(string); ok && strings.HasPrefix(ref, "#/") {
		errs = append(errs, s.validate(path, s.resolve(ref), value)...)
	}
	if typ, ok := node["type"].(string); ok && !hasType(typ, value) {
		fail("want %s, have %T", typ, value)
		return errs
	}
	if enum, ok := node["enum"].([]any); ok && !slices.Contains(enum, value) {
		fail("%v not in %v", value, enum)
	}
	if f, ok := node["format"].(string); ok {
		if str, ok := value.(string); ok {
			switch f {
			case "date-time":
				if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
					fail("not a date-time: %q", str)
				}
			case "uri":
				if _, err := url.Parse(str); err != nil || str == "" {
					fail("not a URI: %q", str)
				}
			}
		}
	}
	if n, ok := value.(float64); ok {
		if min, ok := node["minimum"].(float64); ok && n < min {
			fail("%v below %v", n, min)
		}
		if max, ok := node["maximum"].(float64); ok && n > max {
			fail("%v above %v", n, max)
		}
	}
	switch v := value.(type) {
	case map[string]any:
		for _, req := range asStrings(node["required"]) {
			if _, ok := v[req]; !ok {
				fail("required property %q missing", req)
			}
		}
		props, _ := node["properties"].(map[string]any)
		closed := node["additionalProperties"] == false
		if node["unevaluatedProperties"] == false {
			props, closed = s.properties(node), true
		}
		for key, sub := range v {
			p, ok := props[key].(map[string]any)
			switch {
			case ok:
				errs = append(errs, s.validate(path+"."+key, p, sub)...)
			case closed:
				fail("property %q not in the schema", key)
			}
		}
	case []any:
		if items, ok := node["items"].(map[string]any); ok {
			for i, sub := range v {
				errs = append(errs, s.validate(fmt.Sprintf("%s[%d]", path, i), items, sub)...)
			}
		}
	}
	return errs
}

func hasType(typ string, v any) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == float64(int64(n))
	case "boolean":
		_, ok := v.(bool)
		return ok
	}
	return true
}

func asStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func checkAgainstSchema(t *testing.T, s *schema, data []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	for _, e := range s.validate("$", s.root, v) {
		t.Error(e)
	}
}

// The checker agrees with the suite on what it accepts, so it is worth
// trusting on Encode's output.
func TestSchemaCheckerAcceptsSuite(t *testing.T) {
	s := loadSchema(t, "2.2")
	files, _ := filepath.Glob(filepath.Join(shared, "ninjs", "test_suite", "2.2", "should_pass", "*.json"))
	more, _ := filepath.Glob(filepath.Join(shared, "ninjs", "test_suite", "2.1", "should_pass", "*.json"))
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(f)))+"/"+filepath.Base(f), func(t *testing.T) {
			checkAgainstSchema(t, s, data)
		})
	}
}

func TestSchemaCheckerRefuses(t *testing.T) {
	s := loadSchema(t, "2.2")
	for _, doc := range []string{
		`{"type":"text"}`,
		`{"uri":"urn:x","keywords":["a"]}`,
		`{"uri":"urn:x","headlines":[{"role":"main"}]}`,
		`{"uri":"urn:x","pubstatus":"draft"}`,
		`{"uri":"urn:x","versioncreated":"1402/08/04"}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if errs := s.validate("$", s.root, v); len(errs) == 0 {
			t.Errorf("%s: accepted", doc)
		}
	}
}

func TestEncodeValidAgainstSchema(t *testing.T) {
	s := loadSchema(t, "2.2")
	for _, st := range sampleStories() {
		data, err := Encode(st)
		if err != nil {
			t.Fatal(err)
		}
		checkAgainstSchema(t, s, data)

		// Every property Encode writes is a declared top-level property.
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			t.Fatal(err)
		}
		props := s.properties(s.root)
		for key := range top {
			if _, ok := props[key]; !ok {
				t.Errorf("Encode wrote %q, which the schema does not declare", key)
			}
		}
		for _, req := range asStrings(s.root["required"]) {
			if _, ok := top[req]; !ok {
				t.Errorf("Encode left out required %q", req)
			}
		}
	}
}

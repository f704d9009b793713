// Package ninjstest checks JSON against the IPTC ninjs 2.2 schema as
// published, read from the shared test data beside the checkout
// (../shared/ninjs), not from the copy khabar embeds: what khabar writes
// is held to the standard itself.
package ninjstest

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"khabar/internal/sharedtest"
)

// Dir is the shared ninjs directory, as seen from a package directory.
var Dir = filepath.Join("..", "..", "..", "shared", "ninjs")

var (
	once    sync.Once
	schema  *jsonschema.Schema
	loadErr error
)

func load() (*jsonschema.Schema, error) {
	once.Do(func() {
		c := jsonschema.NewCompiler()
		add := func(url, file string) {
			if loadErr != nil {
				return
			}
			data, err := os.ReadFile(filepath.Join(Dir, file))
			if err != nil {
				loadErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				loadErr = err
				return
			}
			loadErr = c.AddResource(url, doc)
		}
		// The GeoJSON schema under its public address, as the shared
		// README says.
		add("https://geojson.org/schema/GeoJSON.json", "GeoJSON.json")
		add("http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json", "ninjs-schema_2.2.json")
		if loadErr == nil {
			schema, loadErr = c.Compile("http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json")
		}
	})
	return schema, loadErr
}

// Valid fails t unless data is one JSON object valid under ninjs 2.2.
func Valid(t testing.TB, data []byte) {
	t.Helper()
	sch, err := load()
	if err != nil {
		sharedtest.Missing(t, "ninjs 2.2 schema", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	if _, ok := doc.(map[string]any); !ok {
		t.Fatalf("not a JSON object: %s", data)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("not valid ninjs 2.2: %v\n%s", err, data)
	}
}

package ninjs

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The official IPTC schemas of ninjs 2.0, 2.1 and 2.2, unchanged, and the
// GeoJSON schema they refer to by its public address.
//
//go:embed schemas/*.json
var schemaFS embed.FS

// Versions are the ninjs versions khabar validates against, oldest first.
var Versions = []string{"2.0", "2.1", "2.2"}

const geoJSONURL = "https://geojson.org/schema/GeoJSON.json"

// Problem is one thing the schema refuses in an item.
type Problem struct {
	// Pointer is the JSON pointer of the value at fault ("" for the item
	// itself), as RFC 6901 writes it: "/headlines/0/value".
	Pointer string
	// Rule is the schema keyword the value breaks: "required", "type",
	// "enum", "unevaluatedProperties", "format", "oneOf", …
	Rule string
	// Message says what is wrong, in English.
	Message string
}

func (p Problem) String() string {
	at := p.Pointer
	if at == "" {
		at = "(item)"
	}
	return at + ": " + p.Rule + ": " + p.Message
}

// Validator checks items against the schema of one ninjs version. It is
// safe for concurrent use.
type Validator struct {
	version string
	schema  *jsonschema.Schema
}

var (
	validatorsOnce sync.Once
	validators     map[string]*Validator
	validatorsErr  error
)

// NewValidator returns the validator of a ninjs version ("2.0", "2.1" or
// "2.2"). It returns an error naming the versions it knows for any other.
func NewValidator(version string) (*Validator, error) {
	validatorsOnce.Do(func() { validators, validatorsErr = compileAll() })
	if validatorsErr != nil {
		return nil, validatorsErr
	}
	v, ok := validators[version]
	if !ok {
		return nil, fmt.Errorf("ninjs: no schema for version %q (known: %s)", version, strings.Join(Versions, ", "))
	}
	return v, nil
}

// MustValidator is NewValidator for a version known to exist; it panics
// on an error, which would mean the embedded schemas are broken.
func MustValidator(version string) *Validator {
	v, err := NewValidator(version)
	if err != nil {
		panic(err)
	}
	return v
}

// Version returns the ninjs version v checks.
func (v *Validator) Version() string { return v.version }

func compileAll() (map[string]*Validator, error) {
	out := make(map[string]*Validator, len(Versions))
	for _, version := range Versions {
		c := jsonschema.NewCompiler()
		geo, err := readEmbedded("GeoJSON.json")
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(geoJSONURL, geo); err != nil {
			return nil, fmt.Errorf("ninjs: GeoJSON schema: %w", err)
		}
		doc, err := readEmbedded("ninjs-schema_" + version + ".json")
		if err != nil {
			return nil, err
		}
		id := "http://www.iptc.org/std/ninjs/ninjs-schema_" + version + ".json"
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("ninjs: schema %s: %w", version, err)
		}
		// Dates must be RFC 3339 date-times, as receiving systems parse
		// them. URIs are taken as URI references: the standard's own test
		// items and real feeds carry relative ones ("002-schema").
		c.AssertFormat()
		c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: uriReference})
		sch, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("ninjs: compile schema %s: %w", version, err)
		}
		out[version] = &Validator{version: version, schema: sch}
	}
	return out, nil
}

func readEmbedded(name string) (any, error) {
	data, err := schemaFS.ReadFile("schemas/" + name)
	if err != nil {
		return nil, fmt.Errorf("ninjs: schema %s: %w", name, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("ninjs: schema %s: %w", name, err)
	}
	return doc, nil
}

func uriReference(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	if _, err := url.Parse(s); err != nil {
		return errors.New("not a URI reference")
	}
	return nil
}

// ParseJSON reads one JSON value as the validator wants it (numbers kept
// exact). It returns the JSON syntax error for anything else.
func ParseJSON(data []byte) (any, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// Validate returns what the schema refuses in doc (a value from
// ParseJSON), most specific problems first in document order; none when
// the item is valid.
func (v *Validator) Validate(doc any) []Problem {
	err := v.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{{Rule: "schema", Message: err.Error()}}
	}
	var out []Problem
	collect(ve, &out)
	// A part that fails makes the schema forget which properties it
	// had seen, so unevaluatedProperties then refuses the item's good
	// properties too. Those echoes are dropped when there is a real
	// problem; a property no ninjs version knows is always reported.
	echo := func(p Problem) bool {
		if p.Rule != "unevaluatedProperties" {
			return false
		}
		name := p.Pointer[strings.LastIndexByte(p.Pointer, '/')+1:]
		return schemaProperties[name] || name == "name"
	}
	if slices.ContainsFunc(out, func(p Problem) bool { return !echo(p) }) {
		out = slices.DeleteFunc(out, echo)
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
	return slices.Compact(out)
}

// collect gathers the leaves of the error tree: the particular rules
// broken. A oneOf or anyOf whose alternatives all fail is reported as
// itself, not as every alternative's complaint.
func collect(e *jsonschema.ValidationError, out *[]Problem) {
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		*out = append(*out, problemOf(e))
		return
	}
	if len(e.Causes) == 0 {
		*out = append(*out, problemOf(e))
		return
	}
	for _, c := range e.Causes {
		collect(c, out)
	}
}

func problemOf(e *jsonschema.ValidationError) Problem {
	var p strings.Builder
	for _, tok := range e.InstanceLocation {
		p.WriteByte('/')
		p.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(tok))
	}
	rule := "schema"
	if kw := e.ErrorKind.KeywordPath(); len(kw) > 0 {
		rule = kw[0]
	}
	msg := e.ErrorKind.LocalizedString(printer)
	if _, ok := e.ErrorKind.(*kind.FalseSchema); ok && len(e.InstanceLocation) > 0 {
		// unevaluatedProperties: false reaches the property as a "false
		// schema"; say what that means.
		rule = "unevaluatedProperties"
		msg = fmt.Sprintf("property %q is not allowed here", e.InstanceLocation[len(e.InstanceLocation)-1])
	}
	return Problem{Pointer: p.String(), Rule: rule, Message: msg}
}

var printer = message.NewPrinter(language.English)

// checkSchema validates an item for import against the schema of the
// version std declares (2.2 when none khabar knows), leaving out the
// top-level fields named in unknown, which real feeds carry and Decode
// only warns of. It returns EINVALID naming the first problems.
func checkSchema(data []byte, std *Standard, unknown []string) error {
	version := StandardVersion
	if std != nil && slices.Contains(Versions, std.Version) {
		version = std.Version
	}
	doc, err := ParseJSON(data)
	if err != nil {
		return invalid("ninjs: bad JSON: %v", err)
	}
	if obj, ok := doc.(map[string]any); ok {
		for _, name := range unknown {
			delete(obj, name)
		}
	}
	problems := MustValidator(version).Validate(doc)
	if len(problems) == 0 {
		return nil
	}
	const shown = 3
	var b strings.Builder
	for i, p := range problems[:min(len(problems), shown)] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	if len(problems) > shown {
		fmt.Fprintf(&b, "; and %d more", len(problems)-shown)
	}
	return invalid("ninjs: not valid under the ninjs %s schema: %s", version, b.String())
}

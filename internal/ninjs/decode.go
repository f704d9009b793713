package ninjs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"khabar/internal/news"
)

// Decode parses one ninjs item, checks it against the schema of the
// ninjs version it declares (2.2 when it declares none khabar knows) and
// maps it to a story (see Item.Story for the mapping). Warnings are the
// names of the top-level fields that are not ninjs properties, sorted;
// Decode ignores them, and so does the schema check. It returns an
// *news.Error with code EINVALID when data is not one JSON object, is not
// UTF-8, lacks the uri, gives a ninjs property the wrong type or an
// impossible value, or is anything else the schema refuses; the message
// names the field.
func Decode(data []byte) (*news.Story, []string, error) {
	s, _, warnings, err := DecodeStory(data)
	return s, warnings, err
}

// DecodeStory is Decode that also returns the item read, for what a
// story does not hold (the picture its associations carry).
func DecodeStory(data []byte) (*news.Story, *Item, []string, error) {
	it, warnings, err := DecodeItem(data)
	if err != nil {
		return nil, nil, warnings, err
	}
	// The size limit comes before the schema check, which holds the
	// whole item as a tree several times its size.
	if err := it.checkSize(); err != nil {
		return nil, nil, warnings, err
	}
	if err := checkSchema(data, it.Standard, warnings); err != nil {
		return nil, nil, warnings, err
	}
	s, err := it.Story()
	if err != nil {
		return nil, nil, warnings, err
	}
	return s, it, warnings, nil
}

// DecodeItem parses one ninjs item. Properties of the ninjs schema that
// khabar has no use for (renditions, places, …) are accepted and not
// kept; fields that are not ninjs properties are returned, sorted, as
// warnings. Errors are as for Decode.
func DecodeItem(data []byte) (*Item, []string, error) {
	if !utf8.Valid(data) {
		return nil, nil, invalid("ninjs: item is not valid UTF-8")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if len(trimmed) > 0 && json.Valid(trimmed) {
			return nil, nil, invalid("ninjs: item must be a JSON object, not %s", jsonKind(trimmed[0]))
		}
		return nil, nil, invalid("ninjs: item is not a JSON object")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		return nil, nil, invalid("ninjs: bad JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names) // the first bad field reported is always the same one

	it := new(Item)
	var warnings []string
	for _, name := range names {
		raw := fields[name]
		var err error
		switch name {
		case "uri":
			err = decodeValue(raw, &it.URI)
			if err == nil {
				err = checkURI(it.URI)
			}
		case "type":
			err = decodeValue(raw, &it.Type)
			if err == nil {
				err = checkEnum(it.Type, "text", "audio", "video", "picture", "graphic", "composite", "component")
			}
		case "version":
			err = decodeValue(raw, &it.Version)
		case "by":
			err = decodeValue(raw, &it.By)
		case "language":
			err = decodeValue(raw, &it.Language)
		case "pubstatus":
			err = decodeValue(raw, &it.PubStatus)
			if err == nil {
				err = checkEnum(it.PubStatus, PubStatusUsable, PubStatusWithheld, PubStatusCanceled)
			}
		case "firstcreated":
			err = decodeValue(raw, &it.FirstCreated)
			if err == nil {
				_, err = parseTime(it.FirstCreated)
			}
		case "versioncreated":
			err = decodeValue(raw, &it.VersionCreated)
			if err == nil {
				_, err = parseTime(it.VersionCreated)
			}
		case "standard":
			it.Standard = new(Standard)
			err = decodeValue(raw, it.Standard)
		case "headlines":
			it.Headlines, err = decodeList[Text](raw, true)
		case "descriptions":
			it.Descriptions, err = decodeList[Text](raw, true)
		case "bodies":
			it.Bodies, err = decodeList[Body](raw, true)
		case "subjects":
			it.Subjects, err = decodeList[Subject](raw, false)
		case "infosources":
			it.InfoSources, err = decodeList[InfoSource](raw, false)
		case "altids":
			it.AltIDs, err = decodeList[AltID](raw, false)
		case "associations":
			// Other agencies' associations carry what they carry: only a
			// property of the wrong type is refused.
			err = json.Unmarshal(raw, &it.Associations)
		default:
			if !schemaProperties[name] {
				warnings = append(warnings, name)
			}
		}
		if err != nil {
			return nil, warnings, invalid("ninjs: %s%s", name, fieldError(err))
		}
	}
	if _, ok := fields["uri"]; !ok {
		return nil, warnings, invalid("ninjs: uri is required")
	}
	return it, warnings, nil
}

// elementError is a problem inside one element of an array property.
type elementError struct {
	index int
	err   error
}

func (e *elementError) Error() string { return fmt.Sprintf("[%d]%s", e.index, fieldError(e.err)) }

// decodeList decodes a JSON array of objects of type T, refusing members
// T does not declare (the schema refuses them too). With needValue, each
// object must carry a "value".
func decodeList[T any](raw json.RawMessage, needValue bool) ([]T, error) {
	// Fast path: one pass over the array. Only an empty value can be a
	// missing one, so only then is the element looked at again.
	var list []T
	if decodeValue(raw, &list) == nil {
		ok := true
		for i := range list {
			if v, isValued := any(&list[i]).(valued); needValue && isValued && v.value() == "" {
				ok = false
				break
			}
		}
		if ok {
			return list, nil
		}
	}
	// Slow path: element by element, to say which one is wrong.
	var elems []json.RawMessage
	if err := decodeValue(raw, &elems); err != nil {
		return nil, err
	}
	list = make([]T, len(elems))
	for i, elem := range elems {
		if err := decodeValue(elem, &list[i]); err != nil {
			return nil, &elementError{i, err}
		}
		if needValue {
			var v struct {
				Value *json.RawMessage `json:"value"`
			}
			if json.Unmarshal(elem, &v) != nil || v.Value == nil {
				return nil, &elementError{i, errors.New("value is required")}
			}
		}
	}
	return list, nil
}

// valued is an element whose value the schema requires.
type valued interface{ value() string }

func (t *Text) value() string { return t.Value }
func (b *Body) value() string { return b.Value }

// decodeValue decodes raw into v, refusing null and unknown object members.
func decodeValue(raw json.RawMessage, v any) error {
	if string(raw) == "null" {
		return &json.UnmarshalTypeError{Value: "null", Type: reflect.TypeOf(v).Elem()}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// fieldError renders err as the rest of a message that starts with a
// field name: ".value: want a string, not number" or ": value is required".
func fieldError(err error) string {
	var te *json.UnmarshalTypeError
	var ee *elementError
	switch {
	case errors.As(err, &ee):
		return ee.Error()
	case errors.As(err, &te):
		path := ""
		if te.Field != "" {
			path = "." + te.Field
		}
		return fmt.Sprintf("%s: want %s, not %s", path, kindName(te.Type), te.Value)
	}
	return ": " + strings.TrimPrefix(err.Error(), "json: ")
}

// kindName names the JSON kind a Go type decodes from.
func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && t.Name() == "RawMessage" {
			return "a JSON value"
		}
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return kindName(t.Elem())
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Float64, reflect.Float32:
		return "a number"
	}
	return t.String()
}

// jsonKind names the kind of JSON value that starts with c.
func jsonKind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// checkURI refuses an empty uri. Like the schema validators agencies use
// (and the IPTC test suite, whose items carry uris such as "002-schema"),
// it does not insist on an absolute URI.
func checkURI(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("must not be empty")
	}
	return nil
}

func checkEnum(v string, allowed ...string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
}

// parseTime parses an RFC 3339 date-time, as the schema's date-time
// format requires, and returns it in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date-time such as 2023-10-26T13:15:00Z", s)
	}
	return t.UTC(), nil
}

func invalid(format string, args ...any) error {
	return news.Errorf(news.EINVALID, format, args...)
}

package e2e

import (
	"encoding/json"
	"io"
	"net/url"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

func decodeJSON(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"khabar/internal/news"
)

// WriteJSON writes v as the JSON body of a response with status and
// the given Cache-Control (no-store for errors past 499). v is encoded
// first, so an encoding error becomes a clean 500.
func WriteJSON(w http.ResponseWriter, status int, cacheControl string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // served as JSON, never as HTML
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		buf.WriteString(`{"error":"internal error"}` + "\n")
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if status >= 500 || cacheControl == "" {
		cacheControl = "no-store"
	}
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// ErrorBody is the JSON of an API error: the message, and for invalid
// input the field at fault.
type ErrorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// WriteJSONError writes err as an API error with its status. Internal
// errors say only that they happened.
func WriteJSONError(w http.ResponseWriter, err error) {
	status := Status(err)
	body := ErrorBody{Error: news.ErrorMessage(err), Field: news.ErrorField(err)}
	if status == http.StatusInternalServerError {
		body = ErrorBody{Error: "خطای داخلی سرور"}
	}
	WriteJSON(w, status, "", body)
}

// ReadJSON decodes the JSON object of r's body into v. It returns a
// domain error for everything a client can get wrong, each with its
// status: EMEDIATYPE unless the body is application/json, ETOOLARGE past
// max bytes, EINVALID for invalid UTF-8, a NUL, bad JSON, an unknown
// field (named) or more than one value.
func ReadJSON(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/json" {
		return news.Errorf(news.EMEDIATYPE, "بدنهٔ درخواست باید application/json باشد")
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return news.Errorf(news.ETOOLARGE, "بدنهٔ درخواست بیش از %d کیلوبایت است", max>>10)
	}
	if err != nil {
		return news.Errorf(news.EINVALID, "بدنهٔ درخواست خوانده نشد")
	}
	if !utf8.Valid(data) {
		return news.Errorf(news.EINVALID, "بدنهٔ درخواست UTF-8 معتبر نیست")
	}
	if bytes.Contains(data, []byte(`\u0000`)) || bytes.IndexByte(data, 0) >= 0 {
		return news.Errorf(news.EINVALID, "بدنهٔ درخواست نویسهٔ NUL دارد")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return news.Errorf(news.EINVALID, "بدنهٔ درخواست بیش از یک مقدار JSON دارد")
	}
	return nil
}

// jsonError turns a decoding error into a Persian message naming the
// field when it can.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	msg := err.Error()
	switch {
	case errors.As(err, &typeErr):
		return news.FieldErrorf(typeErr.Field, news.EINVALID, "نوع مقدار «%s» درست نیست", typeErr.Field)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return news.Errorf(news.EINVALID, "JSON نادرست است")
	case strings.HasPrefix(msg, "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(msg, "json: unknown field "))
		return news.FieldErrorf(field, news.EINVALID, "فیلد ناشناختهٔ «%s»", field)
	}
	return news.Errorf(news.EINVALID, "JSON نادرست است: %s", strings.TrimPrefix(msg, "json: "))
}

// MethodNotAllowed answers a method a route does not serve, naming the
// ones it does in Allow.
func MethodNotAllowed(allow ...string) http.HandlerFunc {
	list := strings.Join(allow, ", ")
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", list)
		WriteJSON(w, http.StatusMethodNotAllowed, "", ErrorBody{Error: fmt.Sprintf("روش %s پذیرفته نیست؛ %s", r.Method, list)})
	}
}

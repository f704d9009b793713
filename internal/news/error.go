package news

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to one status, in one place.
const (
	ECONFLICT     = "conflict"     // the story's state does not allow it
	ESTALE        = "stale"        // written from an older revision
	EINTERNAL     = "internal"     //
	EINVALID      = "invalid"      // bad input
	ENOTFOUND     = "not_found"    //
	EGONE         = "gone"         // killed: it existed and never will again
	EFORBIDDEN    = "forbidden"    // the actor may not
	EUNAUTHORIZED = "unauthorized" // nobody is logged in
	ETHROTTLED    = "throttled"    // too many attempts: wait
	ETOOLARGE     = "too_large"    // the input is larger than allowed
	EMEDIATYPE    = "media_type"   // the input is not of a type understood
	EUNAVAILABLE  = "unavailable"  // the database takes no writes now (full, read-only): nothing was stored
)

// Error is a domain error: a code for machines, a message for people
// and, for invalid input, the field at fault.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string { return "news: " + e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error about one field of the input.
func FieldErrorf(field, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Field: field}
}

// coder is an error that carries its own code, such as *Stale.
type coder interface{ ErrorCode() string }

// ErrorCode returns the code of the first *Error (or error with a code
// of its own) in err's chain, EINTERNAL for any other non-nil error,
// and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	var c coder
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.As(err, &c):
		return c.ErrorCode()
	}
	return EINTERNAL
}

// ErrorMessage returns the human message of the first *Error in err's
// chain, or a generic message for internal errors, so internals never
// reach a reader.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	if s, ok := errors.AsType[*Stale](err); ok {
		return s.Error()
	}
	return "internal error"
}

// ErrorField returns the field an EINVALID error is about, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

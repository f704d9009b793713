package news

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestErrorCodeAndMessage(t *testing.T) {
	notFound := Errorf(ENOTFOUND, "خبر %d پیدا نشد", 101870)
	tests := []struct {
		name        string
		err         error
		code, msg   string
		errorString string
	}{
		{"nil", nil, "", "internal error", ""},
		{"domain error", notFound, ENOTFOUND, "خبر 101870 پیدا نشد", "news: not_found: خبر 101870 پیدا نشد"},
		{"wrapped", fmt.Errorf("store: load story: %w", notFound), ENOTFOUND, "خبر 101870 پیدا نشد",
			"store: load story: news: not_found: خبر 101870 پیدا نشد"},
		{"wrapped twice", fmt.Errorf("web: %w", fmt.Errorf("store: %w", Errorf(ECONFLICT, "news code %d belongs to another story", 5))),
			ECONFLICT, "news code 5 belongs to another story", "web: store: news: conflict: news code 5 belongs to another story"},
		{"joined", errors.Join(io.EOF, Errorf(EFORBIDDEN, "دسترسی ندارید")), EFORBIDDEN, "دسترسی ندارید", "EOF\nnews: forbidden: دسترسی ندارید"},
		{"other error", io.ErrUnexpectedEOF, EINTERNAL, "internal error", "unexpected EOF"},
		{"wrapped other error", fmt.Errorf("store: connect: %w", io.EOF), EINTERNAL, "internal error", "store: connect: EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.msg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.msg)
			}
			if tt.err != nil && tt.err.Error() != tt.errorString {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.errorString)
			}
		})
	}
}

func TestErrorfMatchesWithErrorsAs(t *testing.T) {
	err := fmt.Errorf("import: %w", Errorf(EINVALID, "headline is required"))
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID || e.Message != "headline is required" {
		t.Errorf("errors.As found %+v", e)
	}
}

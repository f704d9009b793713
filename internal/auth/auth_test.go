package auth

import (
	"strings"
	"testing"
)

var fast = Params{Memory: 64, Time: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	for _, pw := range []string{"گذرواژهٔ بلند و امن", "correct horse battery staple", strings.Repeat("x", 1024)} {
		h := HashPassword(pw, fast)
		if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Fatalf("hash %q", h)
		}
		if ok, err := CheckPassword(pw, h); !ok || err != nil {
			t.Errorf("right password refused: %v", err)
		}
		if ok, _ := CheckPassword(pw+"!", h); ok {
			t.Error("wrong password accepted")
		}
		if h == HashPassword(pw, fast) {
			t.Error("two hashes of one password are equal: no salt")
		}
	}
	h := HashPassword("رمز پیش‌فرض", DefaultParams)
	if ok, _ := CheckPassword("رمز پیش‌فرض", h); !ok {
		t.Error("default params")
	}
}

func TestCheckPasswordRefusesBadHashes(t *testing.T) {
	good := HashPassword("pw-long-enough", fast)
	parts := strings.Split(good, "$")
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=18$" + strings.Join(parts[3:], "$"),
		"$argon2id$v=19$m=0,t=1,p=1$" + strings.Join(parts[4:], "$"),
		"$argon2id$v=19$m=99999999,t=1,p=1$" + strings.Join(parts[4:], "$"),
		"$argon2id$v=19$m=64,t=1,p=1$!!$" + parts[5],
	} {
		if ok, err := CheckPassword("pw-long-enough", bad); ok || err != ErrBadHash {
			t.Errorf("CheckPassword(%q) = %v, %v", bad, ok, err)
		}
	}
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	if len(a) != 43 || a == b {
		t.Errorf("secrets %q %q", a, b)
	}
	if tok := NewToken(); !strings.HasPrefix(tok, TokenPrefix) || len(tok) != len(TokenPrefix)+43 {
		t.Errorf("token %q", tok)
	}
	if Digest("x") == Digest("y") || len(Digest("x")) != 64 {
		t.Error("digest")
	}
	if !Equal(a, a) || Equal(a, b) || Equal("", "") {
		t.Error("Equal")
	}
	if p := NewPassword(); len(p) != 16 || strings.ContainsAny(p, "0O1lI") {
		t.Errorf("password %q", p)
	}
}

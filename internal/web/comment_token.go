package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"khabar/internal/news"
)

// The comment form carries a token instead of a session, so the article
// page stays the same for every reader and may be cached: an HMAC, keyed
// by the installation's secret, over the story, the time the page was
// made and a random nonce. It proves the form came from this site for
// this story, says how long the reader had it open (a robot posts at
// once), and with the content names a post, so the same form sent twice
// stores one comment.

// Bounds on how long a comment form may be open.
const (
	commentMinDelay = 3 * time.Second
	commentMaxAge   = 24 * time.Hour
)

const (
	tokenMAC = 16
	tokenLen = 8 + 8 + 8 + tokenMAC // story, time, nonce, MAC
)

// formToken is a comment form's token, read.
type formToken struct {
	story  int64
	issued time.Time
	nonce  []byte
}

// issueToken returns a new token for a comment form under the story.
func (s *server) issueToken(ctx context.Context, storyID int64) (string, error) {
	key, err := s.store.CommentSecret(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, tokenLen)
	binary.BigEndian.PutUint64(b[0:], uint64(storyID))
	binary.BigEndian.PutUint64(b[8:], uint64(s.now().Unix()))
	rand.Read(b[16:24])
	copy(b[24:], tokenSum(key, b[:24]))
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func tokenSum(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("khabar comment form\x00"))
	m.Write(msg)
	return m.Sum(nil)[:tokenMAC]
}

// Why a token is refused: the reader's form is kept, with a new token
// for the first two, the same for the last.
var (
	errTokenBad = news.FieldErrorf("token", news.EINVALID,
		"فرم نظر معتبر نیست یا از صفحهٔ خبر دیگری آمده است؛ نظرتان را نگه داشتیم، دوباره بفرستید.")
	errTokenOld = news.FieldErrorf("token", news.EINVALID,
		"این صفحه مدت زیادی باز بوده است؛ نظرتان را نگه داشتیم، دوباره بفرستید.")
	errTokenFast = news.FieldErrorf("token", news.EINVALID,
		"نظر خیلی زود فرستاده شد؛ چند ثانیه صبر کنید و دوباره بفرستید.")
)

// checkToken reads a form's token for the story: errTokenBad for one
// this site did not sign for it, errTokenOld for one past
// commentMaxAge, errTokenFast for one younger than commentMinDelay.
func (s *server) checkToken(ctx context.Context, token string, storyID int64) (formToken, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != tokenLen {
		return formToken{}, errTokenBad
	}
	key, err := s.store.CommentSecret(ctx)
	if err != nil {
		return formToken{}, err
	}
	if !hmac.Equal(b[24:], tokenSum(key, b[:24])) || int64(binary.BigEndian.Uint64(b[0:])) != storyID {
		return formToken{}, errTokenBad
	}
	t := formToken{story: storyID, issued: time.Unix(int64(binary.BigEndian.Uint64(b[8:])), 0), nonce: b[16:24]}
	age := s.now().Sub(t.issued)
	switch {
	case age > commentMaxAge || age < -time.Minute:
		return t, errTokenOld
	case age < commentMinDelay:
		return t, errTokenFast
	}
	return t, nil
}

// dedupKey names a form post by its token and what it says: sent twice,
// it is one comment; another reader's post with the same token (a page
// from a cache) is another.
func dedupKey(t formToken, d news.CommentDraft) string {
	h := sha256.New()
	h.Write(t.nonce)
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], uint64(t.story))
	h.Write(id[:])
	for _, f := range []string{d.Name, d.Email, d.Text} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	binary.BigEndian.PutUint64(id[:], uint64(d.ReplyTo))
	h.Write(id[:])
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

package news

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"khabar/internal/jalali"
	"khabar/internal/persian"
)

// Spam scores. A comment scoring SpamScore or more goes straight to the
// spam folder; under post-moderation, one scoring HoldScore or more
// waits for a moderator instead of being published.
const (
	SpamScore = 5
	HoldScore = 2
)

// Points each sign of spam adds to a comment's score.
const (
	pointsPerLink    = 2
	PointsPerBlocked = 3 // exported: the settings page says it
	pointsRepeated   = 2
	pointsDuplicate  = 3
	pointsLatin      = 2
)

// Limits on the blocked-words list.
const (
	MaxBlockedWords = 1000
	MaxBlockedWord  = 100
)

// SpamReason is one sign of spam in a comment and the points it added.
type SpamReason struct {
	// Code is links, blocked, repeated, duplicate or latin.
	Code   string
	Points int
	// Arg is the number of links, or the blocked word found.
	Arg string
}

// Text is the reason as moderators read it.
func (r SpamReason) Text() string {
	switch r.Code {
	case "links":
		return jalali.PersianNumber(atoi(r.Arg)) + " پیوند"
	case "blocked":
		return "واژهٔ ممنوع «" + r.Arg + "»"
	case "repeated":
		return "متن تکراری (واژه یا نویسه‌ای پشت سر هم)"
	case "duplicate":
		return "همین متن پیش‌تر فرستاده شده است"
	case "latin":
		return "متن یکسره با حروف لاتین"
	}
	return r.Code
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// EncodeReasons writes reasons as the store keeps them: a line each,
// "code<TAB>points<TAB>arg".
func EncodeReasons(rs []SpamReason) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Code + "\t" + strconv.Itoa(r.Points) + "\t" + strings.ReplaceAll(r.Arg, "\n", " ") + "\n")
	}
	return b.String()
}

// DecodeReasons reads what EncodeReasons wrote.
func DecodeReasons(s string) []SpamReason {
	var out []SpamReason
	for line := range strings.SplitSeq(s, "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			continue
		}
		out = append(out, SpamReason{Code: f[0], Points: atoi(f[1]), Arg: f[2]})
	}
	return out
}

// AssessComment scores a cleaned draft for spam: its links, the blocked
// words in its name and text, text repeating itself, text sent before
// (seenBefore, which the store knows) and text all in Latin letters on
// a Persian site. It returns the score and its reasons.
func AssessComment(d CommentDraft, blocked *BlockList, seenBefore bool) (int, []SpamReason) {
	var rs []SpamReason
	if n := len(FindLinks(d.Text)); n > 0 {
		rs = append(rs, SpamReason{Code: "links", Points: n * pointsPerLink, Arg: strconv.Itoa(n)})
	}
	seen := map[string]bool{}
	for _, w := range append(blocked.Find(d.Name), blocked.Find(d.Text)...) {
		if !seen[w] {
			seen[w] = true
			rs = append(rs, SpamReason{Code: "blocked", Points: PointsPerBlocked, Arg: w})
		}
	}
	if repeats(d.Text) {
		rs = append(rs, SpamReason{Code: "repeated", Points: pointsRepeated})
	}
	if seenBefore {
		rs = append(rs, SpamReason{Code: "duplicate", Points: pointsDuplicate})
	}
	if allLatin(d.Text) {
		rs = append(rs, SpamReason{Code: "latin", Points: pointsLatin})
	}
	score := 0
	for _, r := range rs {
		score += r.Points
	}
	return score, rs
}

// repeats reports text that says one thing over and over: a character
// run a dozen long, or many words of which few differ.
func repeats(text string) bool {
	var last rune
	run := 0
	for _, r := range text {
		if r == last && !unicode.IsSpace(r) {
			if run++; run >= 12 {
				return true
			}
		} else {
			last, run = r, 1
		}
	}
	words := strings.Fields(persian.Fold(text))
	if len(words) < 8 {
		return false
	}
	distinct := map[string]bool{}
	for _, w := range words {
		distinct[w] = true
	}
	return len(distinct)*10 < len(words)*3
}

// allLatin reports text with a fair number of Latin letters and not one
// Persian or Arabic letter.
func allLatin(text string) bool {
	latin := 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			return false
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	return latin >= 8
}

// minFingerprint is the length, in letters and digits, below which a
// text has no fingerprint: «عالی» and «ممنون» are written by many
// readers, and are not spam for that.
const minFingerprint = 20

// CommentFingerprint identifies a text however it is spelled, spaced or
// punctuated (folded, letters and digits only), so the same text sent
// again is known; "" for a short text.
func CommentFingerprint(text string) string {
	var b strings.Builder
	for _, r := range persian.Fold(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	if utf8.RuneCountInString(b.String()) < minFingerprint {
		return ""
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:16])
}

// BlockList is the blocked words and phrases, matched on the terms the
// search analyzer makes of them (persian.Tokens): folded, so «كلمه» and
// «کلمه» are one word, ZWNJ-insensitive, so «کلمه‌ها», «کلمهها» and
// «کلمه ها» all hold «کلمه», and with plural suffixes stripped.
type BlockList struct {
	entries []blockEntry
}

type blockEntry struct {
	word string
	// groups are the entry's terms by word position, relative to the
	// first: a text holds the entry where, at the same distances, it
	// holds one term of each group.
	groups []termGroup
}

type termGroup struct {
	pos   int
	terms []string
}

// NewBlockList returns the list of words; entries with no term (empty,
// or only stop words) are left out. A nil list blocks nothing.
func NewBlockList(words []string) *BlockList {
	b := &BlockList{}
	for _, w := range words {
		if groups := blockedTerms(w); len(groups) > 0 {
			b.entries = append(b.entries, blockEntry{word: w, groups: groups})
		}
	}
	return b
}

func blockedTerms(w string) []termGroup {
	var groups []termGroup
	for _, t := range persian.Tokens(w) {
		if n := len(groups); n > 0 && groups[n-1].pos == t.Pos {
			groups[n-1].terms = append(groups[n-1].terms, t.Term)
			continue
		}
		groups = append(groups, termGroup{pos: t.Pos, terms: []string{t.Term}})
	}
	for i := len(groups) - 1; i >= 0; i-- {
		groups[i].pos -= groups[0].pos
	}
	return groups
}

// Find returns the entries found in text, in list order.
func (b *BlockList) Find(text string) []string {
	if b == nil || len(b.entries) == 0 {
		return nil
	}
	toks := persian.Tokens(text)
	if len(toks) == 0 {
		return nil
	}
	at := map[int]map[string]bool{} // position → its terms
	for _, t := range toks {
		if at[t.Pos] == nil {
			at[t.Pos] = map[string]bool{}
		}
		at[t.Pos][t.Term] = true
	}
	var out []string
	for _, e := range b.entries {
		if e.foundIn(at) {
			out = append(out, e.word)
		}
	}
	return out
}

// foundIn reports whether the text whose terms by position are at holds
// e somewhere.
func (e blockEntry) foundIn(at map[int]map[string]bool) bool {
	for p := range at {
		all := true
		for _, g := range e.groups {
			if !anyOf(at[p+g.pos], g.terms) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func anyOf(set map[string]bool, terms []string) bool {
	for _, t := range terms {
		if set[t] {
			return true
		}
	}
	return false
}

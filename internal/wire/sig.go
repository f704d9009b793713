// Package wire is the wire desk's engine: it reads other agencies'
// feeds (RSS, Atom, ninjs), fetches them politely, and tells which
// items are the same story in other words.
//
// Near-duplicates are found with MinHash over word shingles of text
// analysed by internal/persian (folded letters, ZWNJ and spacing
// variants joined, suffixes stemmed, stop words dropped), and
// locality-sensitive hashing over bands of the signature, so finding an
// item's candidates costs a few index look-ups however many items the
// desk holds. The threshold is the one bench/wireeval measured.
package wire

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"strings"

	"khabar/internal/persian"
)

// The shape of a signature.
const (
	// SignatureSize is the number of MinHash values of a signature.
	SignatureSize = 64
	// Bands are the LSH keys, each made of bandRows values of the
	// signature: two items sharing all values of any one band are
	// candidates. 16 bands of 2 use the signature's first 32 values (the
	// similarity uses all 64): items whose shingle sets overlap by a
	// Jaccard index of 0.42 (the lowest 1% of bench/wireeval's
	// rewrites made all the ways at once) become candidates with
	// probability 0.95, of 0.5 with 0.99, and of 0.1 with 0.15. Each
	// key is an index entry written at random, so fewer keys is what
	// lets ingest keep its pace on a full desk. (Until migration 0010
	// items had 32 bands; the first 16 are these, so they still match.)
	Bands    = 16
	bandRows = 2
	// Threshold is the estimated Jaccard index of word-pair shingles
	// from which two items are the same story. On bench/wireeval's set
	// (1,000 stories), 99% of pairs of different stories of one topic
	// are under 0.08 (the closest 0.28) and 99% of rewrites made all the
	// ways at once are over 0.42: 0.3 stands between, with precision
	// 1.0 and recall 0.9994 there (0.9996 with 32 bands).
	Threshold = 0.3
	// shingleWords is the number of consecutive terms in a shingle.
	shingleWords = 2
)

// Signature is the MinHash signature of a text.
type Signature [SignatureSize]uint32

// Analysis is what grouping needs of one item's text.
type Analysis struct {
	// Fingerprint names the normalized text: two items with the same
	// one are exact duplicates, whatever their letters, ZWNJ or spacing.
	Fingerprint string
	Signature   Signature
	// Bands are the LSH keys of the signature, one per band.
	Bands [Bands]int64
	// Terms are the distinct index terms, for the desk's search.
	Terms []string
	// Empty is set when the text has no term: such an item groups with
	// nothing.
	Empty bool
}

// Analyze normalizes text (plain text: headline, lead and body) and
// computes its fingerprint, signature and bands.
func Analyze(text string) Analysis {
	var a Analysis
	terms := termsByPosition(text)
	h := sha256.New()
	for i, t := range terms {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(t))
	}
	a.Fingerprint = hex.EncodeToString(h.Sum(nil)[:16])
	seen := map[string]bool{}
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			a.Terms = append(a.Terms, t)
		}
	}
	for i := range a.Signature {
		a.Signature[i] = ^uint32(0)
	}
	n := len(terms) - shingleWords + 1
	if len(terms) > 0 && n < 1 {
		n = 1
	}
	if n < 1 {
		a.Empty = true
		return a
	}
	for i := 0; i < n; i++ {
		f := fnv.New64a()
		for j := i; j < i+shingleWords && j < len(terms); j++ {
			f.Write([]byte(terms[j]))
			f.Write([]byte{0})
		}
		x := f.Sum64()
		for k := range a.Signature {
			if v := permute(x, k); v < a.Signature[k] {
				a.Signature[k] = v
			}
		}
	}
	for b := range a.Bands {
		var buf [4*bandRows + 1]byte
		buf[0] = byte(b)
		for r := 0; r < bandRows; r++ {
			binary.LittleEndian.PutUint32(buf[1+4*r:], a.Signature[b*bandRows+r])
		}
		f := fnv.New64a()
		f.Write(buf[:])
		a.Bands[b] = int64(f.Sum64() >> 1) // positive: fits a signed column everywhere
	}
	return a
}

// termsByPosition returns the text's terms, one per word position (the
// first a word yields), in order.
func termsByPosition(text string) []string {
	toks := persian.Tokens(text)
	out := make([]string, 0, len(toks))
	last := -1
	for _, t := range toks {
		if t.Pos == last {
			continue
		}
		last = t.Pos
		out = append(out, t.Term)
	}
	return out
}

// permute is the k-th of the signature's hash functions, applied to a
// shingle's hash: a multiply and xor-shift with constants per k.
func permute(x uint64, k int) uint32 {
	x ^= uint64(k+1) * 0x9e3779b97f4a7c15
	x ^= x >> 31
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 29
	x *= 0x94d049bb133111eb
	x ^= x >> 32
	return uint32(x)
}

// Similarity estimates the Jaccard index of the shingle sets behind
// two signatures: the share of values they agree on.
func Similarity(a, b Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}

// Same reports whether two analysed items tell the same story.
func Same(a, b *Analysis) bool {
	if a.Empty || b.Empty {
		return false
	}
	return a.Fingerprint == b.Fingerprint || Similarity(a.Signature, b.Signature) >= Threshold
}

// Candidates reports whether two items share an LSH band: only such
// pairs are ever compared.
func Candidates(a, b *Analysis) bool {
	for i := range a.Bands {
		if a.Bands[i] == b.Bands[i] {
			return true
		}
	}
	return false
}

// EncodeSignature writes a signature as bytes, for storage.
func EncodeSignature(s Signature) []byte {
	out := make([]byte, 4*SignatureSize)
	for i, v := range s {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// DecodeSignature reads what EncodeSignature wrote; ok is false for
// bytes of another length.
func DecodeSignature(b []byte) (s Signature, ok bool) {
	if len(b) != 4*SignatureSize {
		return s, false
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s, true
}

// SearchText is the text of terms as the desk's search column holds
// it: each term between spaces, so a term is found with LIKE '% t %'.
func SearchText(terms []string) string {
	if len(terms) == 0 {
		return ""
	}
	return " " + strings.Join(terms, " ") + " "
}

// QueryTerms analyses a search of the desk as its items were analysed:
// every spelling of a word gives the same term.
func QueryTerms(q string) []string { return termsByPosition(q) }

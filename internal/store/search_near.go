package store

import (
	"hash/maphash"
	"slices"
	"unicode/utf8"

	"khabar/internal/persian"
)

// nearIndex finds the indexed terms one or two edits from a word without
// scanning the vocabulary, as SymSpell does. Every term is filed under
// the strings its first nearPrefix runes give with up to one rune
// deleted, and, when it is long and held by two stories or more, with
// two deleted; a word's candidates are the terms filed under the strings
// its own prefix gives the same way, and the caller checks their real
// distance. Since only a prefix is used, a lookup asks for at most 1+7
// (one edit) or 1+7+21 (two) strings whatever the word's length, and a
// term takes at most that many entries.
//
// Entries are packed in sorted arrays, 8 bytes each: the high bits of
// the string's hash, and the term's number. A hash collision only adds
// a candidate that the distance check turns away. Terms filed after the
// arrays were built wait in recent until there are enough of them to
// merge in; a term no story holds any more keeps its entries, and the
// caller checks the document frequency.
type nearIndex struct {
	seed  maphash.Seed
	terms []string
	ids   map[string]uint32
	filed []uint8 // per term: filedOne, filedTwo

	one, two []uint64 // sorted entries: one deletion or none; two
	// recent are the entries not yet merged into one and two, by key;
	// recentN counts them.
	recentOne, recentTwo map[uint64][]uint64
	recentN              int
}

const (
	nearPrefix = 7
	nearIDBits = 24
	nearIDMask = 1<<nearIDBits - 1
	// maxIndexedTerms is how many terms the index can number.
	maxIndexedTerms = nearIDMask
	// Terms filed under two deletions: this long, held this often.
	minTwoLen = 5
	minTwoDF  = 2

	filedOne = 1
	filedTwo = 2
)

func newNearIndex(df map[string]int) *nearIndex {
	x := &nearIndex{seed: maphash.MakeSeed(), ids: make(map[string]uint32, len(df))}
	for t, n := range df {
		x.file(t, n, func(e uint64) { x.one = append(x.one, e) }, func(e uint64) { x.two = append(x.two, e) })
	}
	slices.Sort(x.one)
	slices.Sort(x.two)
	x.one, x.two = slices.Compact(x.one), slices.Compact(x.two)
	return x
}

// add files term, held by df stories, under the strings it must be
// found by, unless it is there already, and merges the entries waiting
// in recent once there are enough of them.
func (x *nearIndex) add(term string, df int) {
	if x.recentOne == nil {
		x.recentOne, x.recentTwo = map[uint64][]uint64{}, map[uint64][]uint64{}
	}
	put := func(m map[uint64][]uint64) func(uint64) {
		return func(e uint64) {
			k := e &^ nearIDMask
			m[k] = append(m[k], e)
			x.recentN++
		}
	}
	x.file(term, df, put(x.recentOne), put(x.recentTwo))
	if x.recentN > max(4096, (len(x.one)+len(x.two))/16) {
		x.one, x.two = mergeEntries(x.one, x.recentOne), mergeEntries(x.two, x.recentTwo)
		x.recentOne, x.recentTwo, x.recentN = nil, nil, 0
	}
}

// file gives term, held by df stories, a number if it has none and
// passes the entries it lacks to one and two.
func (x *nearIndex) file(term string, df int, one, two func(uint64)) {
	n := utf8.RuneCountInString(term)
	if n < 2 || df <= 0 {
		return
	}
	id, ok := x.ids[term]
	if !ok {
		if len(x.terms) >= maxIndexedTerms {
			return
		}
		id = uint32(len(x.terms))
		x.ids[term] = id
		x.terms = append(x.terms, term)
		x.filed = append(x.filed, 0)
	}
	p := prefixOf(term)
	if x.filed[id]&filedOne == 0 {
		x.filed[id] |= filedOne
		one(x.entry(p, id))
		for _, d := range persian.Deletes(p) {
			one(x.entry(d, id))
		}
	}
	if x.filed[id]&filedTwo == 0 && n >= minTwoLen && df >= minTwoDF {
		x.filed[id] |= filedTwo
		for _, d := range twoDeletes(p) {
			two(x.entry(d, id))
		}
	}
}

// mergeEntries returns the sorted union of sorted a and the entries of m.
func mergeEntries(a []uint64, m map[uint64][]uint64) []uint64 {
	var b []uint64
	for _, es := range m {
		b = append(b, es...)
	}
	slices.Sort(b)
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var e uint64
		switch {
		case j == len(b) || i < len(a) && a[i] <= b[j]:
			e = a[i]
			i++
		default:
			e = b[j]
			j++
		}
		if len(out) == 0 || out[len(out)-1] != e {
			out = append(out, e)
		}
	}
	return out
}

func prefixOf(s string) string {
	n := 0
	for i := range s {
		if n == nearPrefix {
			return s[:i]
		}
		n++
	}
	return s
}

// twoDeletes returns the distinct strings s gives with two runes deleted.
func twoDeletes(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range persian.Deletes(s) {
		for _, dd := range persian.Deletes(d) {
			if !seen[dd] {
				seen[dd] = true
				out = append(out, dd)
			}
		}
	}
	return out
}

func (x *nearIndex) key(s string) uint64 {
	return maphash.String(x.seed, s) &^ nearIDMask
}

func (x *nearIndex) entry(s string, id uint32) uint64 { return x.key(s) | uint64(id) }

// candidates calls fn once for every term filed under a string that
// word's prefix gives with up to maxEdits (1 or 2) runes deleted: a
// superset of the terms within maxEdits edits of word.
func (x *nearIndex) candidates(word string, maxEdits int, fn func(term string)) {
	p := prefixOf(word)
	keys := append([]string{p}, persian.Deletes(p)...)
	if maxEdits >= 2 {
		keys = append(keys, twoDeletes(p)...)
	}
	// The terms found, each once, in the order of their numbers.
	var stack [256]uint32
	ids := stack[:0]
	visit := func(sorted []uint64, recent map[uint64][]uint64, k uint64) {
		i, _ := slices.BinarySearch(sorted, k)
		for ; i < len(sorted) && sorted[i]&^nearIDMask == k; i++ {
			ids = append(ids, uint32(sorted[i]&nearIDMask))
		}
		for _, e := range recent[k] {
			ids = append(ids, uint32(e&nearIDMask))
		}
	}
	for _, s := range keys {
		k := x.key(s)
		visit(x.one, x.recentOne, k)
		if maxEdits >= 2 {
			visit(x.two, x.recentTwo, k)
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		fn(x.terms[id])
	}
}

package main

import (
	"fmt"
	"os"
	"strings"
)

// checkQueries verifies that every query differs from its words the way
// its kind says, and prints the ones that do not.
func checkQueries(qs []query) int {
	bad := 0
	for _, q := range qs {
		if msg := checkQuery(q); msg != "" {
			bad++
			if bad <= 20 {
				fmt.Fprintf(os.Stderr, "self-check: query %d (%s): %s: %s ⇒ %s %v\n", q.ID, q.Kind, msg, q.Orig, visible(q.Q), q.Ops)
			}
		}
	}
	return bad
}

func squash(s string) string { return strings.NewReplacer(" ", "", sZW, "").Replace(s) }

func checkQuery(q query) string {
	if isSpellKind(q.Kind) {
		if q.Q == "" || (q.Kind != "nonsense") != (len(q.Want) > 0 && q.Target != "") {
			return "empty field"
		}
		return ""
	}
	if q.Q == "" || q.URI == "" || len(q.Accept) == 0 {
		return "empty field"
	}
	if q.Kind != "phrase" && q.Q == q.Orig {
		return "not perturbed"
	}
	ow, qw := strings.Fields(q.Orig), strings.Fields(q.Q)
	switch q.Kind {
	case "yk", "digits":
		if fold(q.Q) != fold(q.Orig) {
			return "changes more than letter/digit forms"
		}
	case "hamza":
		strip := func(s string) string {
			return strings.NewReplacer("ء", "", "ی", "", "و", "").Replace(fold(s))
		}
		if strip(q.Q) != strip(q.Orig) {
			return "changes more than hamza/heh forms"
		}
	case "zwnj", "prefix":
		if squash(q.Q) != squash(q.Orig) {
			return "changes more than spacing"
		}
	case "runtogether":
		if squash(q.Q) != squash(q.Orig) || len(qw) != len(ow)-1 {
			return "not two words run together"
		}
	case "typo":
		if len(qw) != len(ow) {
			return "word count changed"
		}
		diff := 0
		for i := range ow {
			if ow[i] != qw[i] {
				diff++
				if d := osa(ow[i], qw[i]); d != 1 {
					return fmt.Sprintf("edit distance %d", d)
				}
			}
		}
		if diff != 1 {
			return fmt.Sprintf("%d words changed", diff)
		}
	case "suffix":
		if len(qw) != len(ow) {
			return "word count changed"
		}
		for i := range ow {
			a, b := strings.Trim(ow[i], sZW), strings.Trim(qw[i], sZW)
			if a != b && !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a) {
				return "not a suffix change"
			}
		}
	}
	return ""
}

// osa is the optimal-string-alignment edit distance over runes: insert,
// delete, replace, or swap two neighbours, each costing one.
func osa(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			c := 1
			if x[i-1] == y[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

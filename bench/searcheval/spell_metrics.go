package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"text/tabwriter"
)

// speller is an engine that says what it understood: its suggestion,
// and whether the results are for that suggestion instead of the query.
type speller interface {
	engine
	spell(q string, k int) (spellAnswer, error)
}

type spellAnswer struct {
	uris       []string
	suggestion string
	corrected  bool
}

// spellScore sums one engine's answers to one spelling kind.
type spellScore struct {
	N int `json:"queries"`
	// Right: the suggestion names the words meant (spell1, spell2), or
	// there is none (nonsense, frequent).
	Right float64 `json:"suggestion_right"`
	// P10 is precision@k: the share of the top k whose headline or lead
	// holds the word meant; a missing result counts as a wrong one.
	P10 float64 `json:"precision_at_k"`
	// Reach is precision@k against what can be found: the top k's hits
	// over the smaller of k and the stories whose headline or lead holds
	// the word (a word in the headlines of four stories makes 0.4 the
	// best P@10 there is).
	Reach float64 `json:"precision_reachable"`
	// Zero: no result at all.
	Zero float64 `json:"zero_results"`
	// False: a suggestion that is wrong (spell1, spell2) or that should
	// not be there (nonsense, frequent).
	False     float64 `json:"false_suggestion"`
	Corrected float64 `json:"corrected"`
	Errors    int     `json:"errors"`
}

type spellEval struct {
	Kinds map[string]spellScore `json:"kinds"`
	// Answers lists, per query (in the order given), the suggestion, so
	// two runs can be compared query by query.
	Answers []string  `json:"suggestions"`
	Right   []bool    `json:"right"`
	Prec    []float64 `json:"precision"`
}

// holds reports whether the headline or lead of the story at uri holds
// the word w (see sameWord).
type headLeads map[string][]string

func newHeadLeads(docs []*doc) headLeads {
	hl := headLeads{}
	for _, d := range docs {
		hl[d.URI] = words(d.Headline + " " + d.Lead)
	}
	return hl
}

// count returns how many stories' headline or lead holds w.
func (hl headLeads) count(w string) int {
	n := 0
	for uri := range hl {
		if hl.holds(uri, w) {
			n++
		}
	}
	return n
}

func (hl headLeads) holds(uri, w string) bool {
	for _, x := range hl[uri] {
		if sameWord(x, w) {
			return true
		}
	}
	return false
}

// evaluateSpell runs the spelling queries on workers goroutines.
// When misses is above 0, up to that many wrong suggestions of each kind
// are listed on standard error.
func evaluateSpell(e speller, qs []query, k, workers int, hl headLeads, misses int) spellEval {
	ev := spellEval{Kinds: map[string]spellScore{}, Answers: make([]string, len(qs)), Right: make([]bool, len(qs)), Prec: make([]float64, len(qs))}
	type outcome struct {
		right, wrong, zero, corrected, failed bool
		prec, reach                           float64
	}
	reachable := map[string]int{}
	for _, q := range qs {
		if _, ok := reachable[q.Target]; q.Target != "" && !ok {
			reachable[q.Target] = hl.count(q.Target)
		}
	}
	res := make([]outcome, len(qs))
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	shown := 0
	for range max(1, workers) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(qs) {
					return
				}
				q := qs[i]
				a, err := e.spell(q.Q, k)
				o := &res[i]
				if err != nil {
					o.failed = true
					mu.Lock()
					if shown < 3 {
						shown++
						fmt.Fprintf(os.Stderr, "  %s: query %d %q: %v\n", e.name(), q.ID, q.Q, err)
					}
					mu.Unlock()
				}
				ev.Answers[i] = a.suggestion
				o.zero = len(a.uris) == 0
				o.corrected = a.corrected
				switch q.Kind {
				case "spell1", "spell2", "short":
					o.right = a.suggestion != "" && sameWords(a.suggestion, q.Want)
					o.wrong = a.suggestion != "" && !o.right
				default:
					o.right = a.suggestion == ""
					o.wrong = !o.right
				}
				if q.Target != "" {
					n := 0
					for j, u := range a.uris {
						if j < k && hl.holds(u, q.Target) {
							n++
						}
					}
					o.prec = float64(n) / float64(k)
					o.reach = 1
					if r := min(k, reachable[q.Target]); r > 0 {
						o.reach = float64(n) / float64(r)
					}
				}
			}
		})
	}
	wg.Wait()
	sums := map[string]*spellScore{}
	listed := map[string]int{}
	for i, q := range qs {
		if o := res[i]; o.wrong && listed[q.Kind] < misses {
			listed[q.Kind]++
			fmt.Fprintf(os.Stderr, "  %s %s: %q (meant %q, %v) suggested %q\n", e.name(), q.Kind, q.Q, q.Want, q.Ops, ev.Answers[i])
		}
		s := sums[q.Kind]
		if s == nil {
			s = &spellScore{}
			sums[q.Kind] = s
		}
		o := res[i]
		ev.Right[i] = o.right
		ev.Prec[i] = o.prec
		s.N++
		add := func(f *float64, b bool) {
			if b {
				*f++
			}
		}
		add(&s.Right, o.right)
		add(&s.False, o.wrong)
		add(&s.Zero, o.zero)
		add(&s.Corrected, o.corrected)
		s.P10 += o.prec
		s.Reach += o.reach
		if o.failed {
			s.Errors++
		}
	}
	for kind, s := range sums {
		n := float64(s.N)
		s.Right, s.P10, s.Reach, s.Zero, s.False, s.Corrected = s.Right/n, s.P10/n, s.Reach/n, s.Zero/n, s.False/n, s.Corrected/n
		ev.Kinds[kind] = *s
	}
	return ev
}

// printSpell prints the spelling table of each engine that has one.
func printSpell(rep report, k int) {
	for _, name := range rep.Order {
		ev, ok := rep.Spell[name]
		if !ok {
			continue
		}
		fmt.Printf("\nspelling, %s\n", name)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "kind\tqueries\tsuggestion right\tP@%d\tof reachable\tzero results\tfalse suggestion\tcorrected\terrors\t\n", k)
		for _, kind := range spellKinds {
			s, ok := ev.Kinds[kind]
			if !ok {
				continue
			}
			p, r := fmt.Sprintf("%.3f", s.P10), fmt.Sprintf("%.3f", s.Reach)
			if kind == "nonsense" {
				p, r = "-", "-"
			}
			fmt.Fprintf(tw, "%s\t%d\t%.3f\t%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t\n", kind, s.N, s.Right, p, r, s.Zero, s.False, s.Corrected, s.Errors)
		}
		tw.Flush()
	}
}

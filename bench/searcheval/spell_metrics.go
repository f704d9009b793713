package main

import (
	"fmt"
	"os"
	"strings"
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
	// the word and whose text holds the query's other words (a word in
	// the headlines of four stories makes 0.4 the best P@10 there is).
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

// headLeads holds, per story, the words of its headline and lead, and
// the folded words of all its text.
type headLeads struct {
	head map[string][]string
	all  map[string]map[string]bool
}

func newHeadLeads(docs []*doc) headLeads {
	hl := headLeads{head: map[string][]string{}, all: map[string]map[string]bool{}}
	for _, d := range docs {
		hl.head[d.URI] = words(d.Headline + " " + d.Lead)
		all := map[string]bool{}
		for _, w := range words(d.Headline + " " + d.Lead + " " + d.Body()) {
			all[fold(w)] = true
		}
		hl.all[d.URI] = all
	}
	return hl
}

// reachable returns how many stories' headline or lead holds target and
// whose text holds each of the others too: as many as a search for all
// the words can find that count for precision.
func (hl headLeads) reachable(target string, others []string) int {
	n := 0
	for uri := range hl.head {
		if !hl.holds(uri, target) {
			continue
		}
		ok := true
		for _, o := range others {
			ok = ok && hl.mentions(uri, o)
		}
		if ok {
			n++
		}
	}
	return n
}

// holds reports whether the headline or lead of the story at uri holds
// the word w (see sameWord).
func (hl headLeads) holds(uri, w string) bool {
	for _, x := range hl.head[uri] {
		if sameWord(x, w) {
			return true
		}
	}
	return false
}

// mentions reports whether the story at uri holds the word w anywhere,
// as sameWord reads it: w itself, w with an ending, or w without one.
func (hl headLeads) mentions(uri, w string) bool {
	all, f := hl.all[uri], fold(w)
	if all[f] {
		return true
	}
	for _, s := range inflections {
		if all[f+s] || strings.HasSuffix(f, s) && all[strings.TrimSuffix(f, s)] {
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
		if _, ok := reachable[q.Orig]; q.Target != "" && !ok {
			var others []string
			for _, w := range q.Want {
				if w != q.Target {
					others = append(others, w)
				}
			}
			reachable[q.Orig] = hl.reachable(q.Target, others)
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
					if r := min(k, reachable[q.Orig]); r > 0 {
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

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// writes are the newsroom's side of a phase: drafts saved, stories
// created and published.
type writes struct {
	save       sample
	publish    sample // create and transition, as the editor waits for both
	transition sample // the transition alone
	// Saves and stories skipped because a write was still running.
	missed, missedFiles int
}

// writer plays an editor: it keeps one draft open and saves it, and
// now and then files a story and publishes it.
type writer struct {
	c       *client
	section string
	texts   []content
	errlog  func(error)

	draft  int64
	rev    int64
	saves  int
	stored int
}

// start creates the draft the saves go to.
func (w *writer) start() error {
	st, _, err := w.c.create(w.draftContent())
	if err != nil {
		return err
	}
	w.draft, w.rev = st.ID, st.Revision
	return nil
}

// draftContent is the draft as it stands after w.saves saves: the same
// story, its body one short paragraph longer each time, as an editor
// who keeps writing.
func (w *writer) draftContent() content {
	ct := w.texts[0]
	var b strings.Builder
	b.WriteString(ct.Body)
	for i := 1; i <= w.saves%50; i++ {
		fmt.Fprintf(&b, "<p>بند %s افزوده در ویرایش.</p>", persianDigits(i))
	}
	ct.Body = b.String()
	ct.Section = w.section
	return ct
}

// saveDraft saves the draft once, from its current revision.
func (w *writer) saveDraft(out *writes) {
	w.saves++
	st, d, err := w.c.save(w.draft, w.rev, w.draftContent())
	out.save.add(d, err)
	if err != nil {
		w.errlog(err)
		return
	}
	w.rev = st.Revision
}

// file creates a story from the next text and publishes it.
func (w *writer) file(out *writes) {
	ct := w.texts[1+w.stored%(len(w.texts)-1)] // texts[0] is the draft's
	ct.Section = w.section
	w.stored++
	st, dc, err := w.c.create(ct)
	if err != nil {
		out.publish.add(0, err)
		w.errlog(err)
		return
	}
	_, dt, err := w.c.publish(st.ID)
	out.transition.add(dt, err)
	out.publish.add(dc+dt, err)
	if err != nil {
		w.errlog(err)
	}
}

// run saves every saveEvery and files a story every publishEvery
// until stop is closed; the write under way when it is, finishes.
func (w *writer) run(stop <-chan struct{}, saveEvery, publishEvery time.Duration, out *writes, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(saveEvery)
	defer t.Stop()
	started := time.Now()
	nextFile := started.Add(publishEvery)
	for tick := 1; ; tick++ {
		select {
		case <-stop:
			return
		case now := <-t.C:
			// The ticker drops the ticks a slow write overran: count them.
			if due := int(now.Sub(started) / saveEvery); due > tick {
				out.missed += due - tick
				tick = due
			}
		}
		w.saveDraft(out)
		if now := time.Now(); !now.Before(nextFile) {
			w.file(out)
			for nextFile = nextFile.Add(publishEvery); !nextFile.After(time.Now()); nextFile = nextFile.Add(publishEvery) {
				out.missedFiles++
			}
		}
	}
}

// readTexts reads up to n stories of a ninjs JSON Lines file, of
// ordinary length, as content for the writer.
func readTexts(path string, n int) ([]content, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []content
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 32<<20)
	for sc.Scan() && len(out) < n {
		var it struct {
			Headlines    []struct{ Role, Value string }
			Descriptions []struct{ Role, Value string }
			Bodies       []struct{ Role, Value string }
			Keywords     []string
		}
		if json.Unmarshal(sc.Bytes(), &it) != nil || len(it.Headlines) == 0 || len(it.Bodies) == 0 {
			continue
		}
		ct := content{Headline: it.Headlines[0].Value, Body: it.Bodies[0].Value,
			Credit: "خبرگزاری خبر", Byline: "دبیر آزمون بار", Tags: it.Keywords}
		if len(it.Descriptions) > 0 {
			ct.Lead = it.Descriptions[0].Value
		}
		if len(ct.Body) < 500 || len(ct.Body) > 20000 || strings.TrimSpace(ct.Headline) == "" {
			continue
		}
		out = append(out, ct)
	}
	return out, sc.Err()
}

// textsFromQueries makes stories out of the query file when no corpus
// is given: each a run of queries, so their words are the corpus's.
func textsFromQueries(queries []string, n int) []content {
	var out []content
	for i := 0; i < n && len(queries) > 0; i++ {
		q := func(k int) string { return queries[(i*40+k)%len(queries)] }
		var body strings.Builder
		for p := range 6 {
			body.WriteString("<p>")
			for k := range 6 {
				body.WriteString(q(4 + p*6 + k))
				body.WriteString("، ")
			}
			body.WriteString("</p>")
		}
		out = append(out, content{Headline: q(0) + " " + q(1), Lead: q(2) + " " + q(3), Body: body.String(),
			Credit: "خبرگزاری خبر", Byline: "دبیر آزمون بار"})
	}
	return out
}

func persianDigits(n int) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '۰' + r - '0'
		}
		return r
	}, fmt.Sprint(n))
}

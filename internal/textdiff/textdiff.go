// Package textdiff compares two versions of a story's text word by word,
// for the revision history and for the message shown when two editors
// change a story at once.
//
// The diff is exact: a word that gained a ZWNJ (کتاب ها → کتاب‌ها) or lost an
// Arabic letter form (علي → علی) shows as changed. Equivalent tells such
// spelling corrections apart from changes a reader's search would notice.
package textdiff

import (
	"strconv"
	"strings"
)

// Op says what a Chunk does to the old text.
type Op int8

// The kinds of chunk.
const (
	// Equal text is in both versions.
	Equal Op = iota
	// Insert text is only in the new version.
	Insert
	// Delete text is only in the old version.
	Delete
)

// String returns "equal", "insert" or "delete".
func (o Op) String() string {
	switch o {
	case Equal:
		return "equal"
	case Insert:
		return "insert"
	case Delete:
		return "delete"
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// Chunk is a run of text that one version has and the other has or lacks.
type Chunk struct {
	Op   Op
	Text string
}

// chunker builds chunks from an edit script, merging neighbours of one
// kind and putting the deletions of a change before its insertions.
type chunker struct {
	out      []Chunk
	eq       strings.Builder
	del, ins strings.Builder
}

func (c *chunker) equal(s string) {
	if s == "" {
		return
	}
	c.flushChange()
	c.eq.WriteString(s)
}

func (c *chunker) delete(s string) {
	if s != "" {
		c.flushEqual()
		c.del.WriteString(s)
	}
}

func (c *chunker) insert(s string) {
	if s != "" {
		c.flushEqual()
		c.ins.WriteString(s)
	}
}

func (c *chunker) flushEqual() {
	if c.eq.Len() > 0 {
		c.out = append(c.out, Chunk{Equal, c.eq.String()})
		c.eq.Reset()
	}
}

func (c *chunker) flushChange() {
	if c.del.Len() > 0 {
		c.out = append(c.out, Chunk{Delete, c.del.String()})
		c.del.Reset()
	}
	if c.ins.Len() > 0 {
		c.out = append(c.out, Chunk{Insert, c.ins.String()})
		c.ins.Reset()
	}
}

func (c *chunker) chunks() []Chunk {
	c.flushEqual()
	c.flushChange()
	return c.out
}

package textdiff

import "strings"

// Lines returns the changes that turn a into b, line by line; a line
// keeps its line break. As with Words, the Equal and Delete texts joined
// give a back and the Equal and Insert texts give b, and the work is
// bounded the same way.
func Lines(a, b string) []Chunk {
	la, lb := splitLines(a), splitLines(b)
	var c chunker
	i, j := 0, 0
	for _, op := range script(la, lb) {
		switch op {
		case Equal:
			c.equal(la[i])
			i++
			j++
		case Delete:
			c.delete(la[i])
			i++
		case Insert:
			c.insert(lb[j])
			j++
		}
	}
	return c.chunks()
}

// splitLines splits s after each \n.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

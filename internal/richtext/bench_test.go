package richtext

import (
	"slices"
	"testing"
)

// typicalBody returns the corpus body of median length.
func typicalBody(b *testing.B) string {
	bodies := corpusBodies(b)
	slices.SortFunc(bodies, func(x, y string) int { return len(x) - len(y) })
	return bodies[len(bodies)/2]
}

func BenchmarkSanitize(b *testing.B) {
	body := typicalBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Sanitize(body)
	}
}

func BenchmarkSanitizeCorpus(b *testing.B) {
	bodies := corpusBodies(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		Sanitize(bodies[n%len(bodies)])
		n++
	}
}

func BenchmarkText(b *testing.B) {
	body := Sanitize(typicalBody(b))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Text(body)
	}
}

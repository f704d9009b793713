package importer

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// BenchmarkReadWXR reads a WordPress export of 1,000 posts (the test
// sample's first post, repeated): posts decoded per second, storing none.
func BenchmarkReadWXR(b *testing.B) {
	data, err := os.ReadFile("testdata/site.xml")
	if err != nil {
		b.Fatal(err)
	}
	head, rest, _ := bytes.Cut(data, []byte("<item>"))
	item, _, _ := bytes.Cut(rest, []byte("</item>"))
	var buf bytes.Buffer
	buf.Write(head)
	for i := range 1000 {
		buf.WriteString("<item>")
		buf.Write(bytes.Replace(item, []byte("<wp:post_id>1201</wp:post_id>"), fmt.Appendf(nil, "<wp:post_id>%d</wp:post_id>", i+1), 1))
		buf.WriteString("</item>\n")
	}
	buf.WriteString("</channel></rss>")
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		n := 0
		if err := Read(bytes.NewReader(buf.Bytes()), func(r Record) error { n++; return r.Err }); err != nil || n != 1000 {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "posts/s")
}

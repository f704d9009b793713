package main

import (
	"compress/gzip"
	"io"
)

// gzipWriter compresses as a proxy in front of khabar would.
func gzipWriter(w io.Writer) io.WriteCloser {
	zw, _ := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	return zw
}

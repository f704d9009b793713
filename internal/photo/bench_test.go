package photo

import (
	"bytes"
	"testing"

	"khabar/internal/photo/phototest"
)

// The processing of one camera photo into every rendition; bench/photos
// measures the same with its peak memory. go test -bench Render -benchtime 3x ./internal/photo/
func BenchmarkRender(b *testing.B) {
	for _, c := range []struct {
		name   string
		w, h   int
		webp   bool
		source []byte
	}{{name: "24MP-JPEG+WebP", w: 6000, h: 4000, webp: true}, {name: "24MP-JPEG", w: 6000, h: 4000},
		{name: "12MP-JPEG+WebP", w: 4240, h: 2832, webp: true}} {
		b.Run(c.name, func(b *testing.B) {
			src := phototest.CameraJPEG(c.w, c.h, 1)
			info, err := inspect(src)
			if err != nil {
				b.Fatal(err)
			}
			Render(bytes.NewReader(phototest.CameraJPEG(64, 48, 1)), Info{Format: "jpeg", Width: 64, Height: 48, Orientation: 1}, c.webp)
			b.ResetTimer()
			for b.Loop() {
				if _, err := Render(bytes.NewReader(src), info, c.webp); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "photos/s")
		})
	}
}

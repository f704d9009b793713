package photo

import (
	"image"
	"image/color"
)

// halve returns src at half its size, each pixel the mean of the two
// by two it stands for (an edge row or column of an odd size stands
// alone). YCbCr, RGBA, NRGBA and Gray images keep their kind, plane by
// plane; others become NRGBA.
func halve(src image.Image) image.Image {
	b := src.Bounds()
	w, h := (b.Dx()+1)/2, (b.Dy()+1)/2
	switch s := src.(type) {
	case *image.YCbCr:
		if b.Min != (image.Point{}) {
			break
		}
		d := image.NewYCbCr(image.Rect(0, 0, w, h), s.SubsampleRatio)
		halveInto(d.Y, d.YStride, w, h, s.Y, s.YStride, b.Dx(), b.Dy(), 1)
		cw, ch := chromaSize(s.SubsampleRatio, b.Dx(), b.Dy())
		dcw, dch := chromaSize(s.SubsampleRatio, w, h)
		halveInto(d.Cb, d.CStride, dcw, dch, s.Cb, s.CStride, cw, ch, 1)
		halveInto(d.Cr, d.CStride, dcw, dch, s.Cr, s.CStride, cw, ch, 1)
		return d
	case *image.RGBA:
		if b.Min != (image.Point{}) {
			break
		}
		d := image.NewRGBA(image.Rect(0, 0, w, h))
		halveInto(d.Pix, d.Stride, w, h, s.Pix, s.Stride, b.Dx(), b.Dy(), 4)
		return d
	case *image.NRGBA:
		if b.Min != (image.Point{}) {
			break
		}
		d := image.NewNRGBA(image.Rect(0, 0, w, h))
		halveInto(d.Pix, d.Stride, w, h, s.Pix, s.Stride, b.Dx(), b.Dy(), 4)
		return d
	case *image.Gray:
		if b.Min != (image.Point{}) {
			break
		}
		d := image.NewGray(image.Rect(0, 0, w, h))
		halveInto(d.Pix, d.Stride, w, h, s.Pix, s.Stride, b.Dx(), b.Dy(), 1)
		return d
	}
	d := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var r, g, bl, a, n uint32
			for dy := 0; dy < 2; dy++ {
				for dx := 0; dx < 2; dx++ {
					px, py := b.Min.X+2*x+dx, b.Min.Y+2*y+dy
					if px >= b.Max.X || py >= b.Max.Y {
						continue
					}
					c := color.NRGBA64Model.Convert(src.At(px, py)).(color.NRGBA64)
					r, g, bl, a, n = r+uint32(c.R), g+uint32(c.G), bl+uint32(c.B), a+uint32(c.A), n+1
				}
			}
			i := d.PixOffset(x, y)
			d.Pix[i], d.Pix[i+1], d.Pix[i+2], d.Pix[i+3] = uint8(r/n>>8), uint8(g/n>>8), uint8(bl/n>>8), uint8(a/n>>8)
		}
	}
	return d
}

// chromaSize returns the size of the chroma planes of a w × h YCbCr
// image.
func chromaSize(r image.YCbCrSubsampleRatio, w, h int) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// halveInto writes into the dw × dh plane dst the two-by-two means of
// the sw × sh plane src, of pixels n bytes wide; a square that runs
// past the source's edge repeats its edge pixels.
func halveInto(dst []byte, dstStride, dw, dh int, src []byte, srcStride, sw, sh, n int) {
	for y := 0; y < dh; y++ {
		y0 := min(2*y, sh-1)
		y1 := min(2*y+1, sh-1)
		r0, r1 := src[y0*srcStride:], src[y1*srcStride:]
		out := dst[y*dstStride:]
		for x := 0; x < dw; x++ {
			x0 := min(2*x, sw-1) * n
			x1 := min(2*x+1, sw-1) * n
			for c := 0; c < n; c++ {
				sum := uint(r0[x0+c]) + uint(r0[x1+c]) + uint(r1[x0+c]) + uint(r1[x1+c])
				out[x*n+c] = uint8((sum + 2) / 4)
			}
		}
	}
}

// orient returns m turned and flipped as EXIF orientation o says, so
// that it shows upright.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return m
	}
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch o {
			case 2: // mirrored
				nx, ny = w-1-x, y
			case 3: // upside down
				nx, ny = w-1-x, h-1-y
			case 4: // upside down, mirrored
				nx, ny = x, h-1-y
			case 5: // transposed
				nx, ny = y, x
			case 6: // turned a quarter clockwise to show
				nx, ny = h-1-y, x
			case 7: // transversed
				nx, ny = h-1-y, w-1-x
			case 8: // turned a quarter counter-clockwise to show
				nx, ny = y, w-1-x
			}
			si, di := m.PixOffset(x, y), out.PixOffset(nx, ny)
			copy(out.Pix[di:di+4], m.Pix[si:si+4])
		}
	}
	return out
}

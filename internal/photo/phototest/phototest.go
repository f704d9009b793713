// Package phototest makes the images photo tests need: a camera photo
// with its GPS position in EXIF, and the hostile files an upload must
// refuse. It also finds metadata left in a served file.
package phototest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
)

// GPS is the position CameraJPEG writes, as its EXIF rationals' text
// would read: 35° 41' 22" N, 51° 25' 10" E (Tehran).
var GPS = [2][3]uint32{{35, 41, 22}, {51, 25, 10}}

// Picture returns a photo-like image: smooth light with detail in it,
// so that it compresses as photos do (not as flat colour or noise do).
func Picture(w, h int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			v := 110 + 70*math.Sin(6*fx+2*fy) + 30*math.Sin(float64(x*7+y*3)/23) + 12*math.Sin(float64(x*y)/97)
			img.Y[img.YOffset(x, y)] = uint8(max(0, min(255, v)))
		}
	}
	for y := 0; y < (h+1)/2; y++ {
		for x := 0; x < (w+1)/2; x++ {
			i := y*img.CStride + x
			img.Cb[i] = uint8(128 + 40*math.Sin(float64(x)/float64(w)*9))
			img.Cr[i] = uint8(128 + 40*math.Cos(float64(y)/float64(h)*7))
		}
	}
	return img
}

// CameraJPEG returns a w × h JPEG as cameras write it: an EXIF block
// (APP1) with the camera's make, an orientation and a GPS position, an
// XMP block (APP1) and a comment (COM) that names the place.
func CameraJPEG(w, h, orientation int) []byte {
	var buf bytes.Buffer
	jpeg.Encode(&buf, Picture(w, h), &jpeg.Options{Quality: 90})
	body := buf.Bytes()[2:] // after SOI
	var out bytes.Buffer
	out.Write([]byte{0xff, 0xd8})
	writeSegment(&out, 0xe1, append([]byte("Exif\x00\x00"), Exif(orientation)...))
	writeSegment(&out, 0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>35,41.37N</exif:GPSLatitude></x:xmpmeta>"))
	writeSegment(&out, 0xfe, []byte("GPS: Tehran, Valiasr street"))
	out.Write(body)
	return out.Bytes()
}

func writeSegment(b *bytes.Buffer, marker byte, data []byte) {
	b.Write([]byte{0xff, marker})
	binary.Write(b, binary.BigEndian, uint16(len(data)+2))
	b.Write(data)
}

// Exif returns a little-endian TIFF block: IFD0 with Make, Orientation
// and a pointer to a GPS IFD holding latitude and longitude.
func Exif(orientation int) []byte {
	le := binary.LittleEndian
	var b bytes.Buffer
	b.WriteString("II")
	binary.Write(&b, le, uint16(42))
	binary.Write(&b, le, uint32(8))
	// IFD0 at 8: 3 entries, then the next-IFD offset.
	ifd0 := 8
	gpsIFD := ifd0 + 2 + 3*12 + 4
	gpsEntries := 4
	data := gpsIFD + 2 + gpsEntries*12 + 4 // values that do not fit in an entry
	makeOff := data
	latOff := makeOff + 8
	lonOff := latOff + 24
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&b, le, tag)
		binary.Write(&b, le, typ)
		binary.Write(&b, le, count)
		binary.Write(&b, le, value)
	}
	binary.Write(&b, le, uint16(3))
	entry(0x010f, 2, 8, uint32(makeOff)) // Make
	var o [4]byte
	le.PutUint16(o[:], uint16(orientation))
	entry(0x0112, 3, 1, le.Uint32(o[:])) // Orientation
	entry(0x8825, 4, 1, uint32(gpsIFD))  // GPS IFD
	binary.Write(&b, le, uint32(0))
	binary.Write(&b, le, uint16(gpsEntries))
	entry(1, 2, 2, uint32('N'))    // GPSLatitudeRef
	entry(2, 5, 3, uint32(latOff)) // GPSLatitude
	entry(3, 2, 2, uint32('E'))    // GPSLongitudeRef
	entry(4, 5, 3, uint32(lonOff)) // GPSLongitude
	binary.Write(&b, le, uint32(0))
	b.WriteString("Camera\x00\x00")
	for _, v := range GPS {
		for _, n := range v {
			binary.Write(&b, le, n)
			binary.Write(&b, le, uint32(1))
		}
	}
	return b.Bytes()
}

// PNG returns a w × h PNG with a tEXt chunk.
func PNG(w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 200, uint8(128 + x%128)})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return insertPNGChunk(buf.Bytes(), "tEXt", []byte("Comment\x00made for a test"))
}

// insertPNGChunk adds a chunk right after IHDR.
func insertPNGChunk(p []byte, kind string, data []byte) []byte {
	at := 8 + 8 + 13 + 4
	var c bytes.Buffer
	binary.Write(&c, binary.BigEndian, uint32(len(data)))
	c.WriteString(kind)
	c.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	binary.Write(&c, binary.BigEndian, crc.Sum32())
	return append(append(append([]byte{}, p[:at]...), c.Bytes()...), p[at:]...)
}

// The hostile files.

// TextAsJPEG is a text file, as if named photo.jpg.
func TextAsJPEG() []byte { return []byte("این یک فایل متنی است، نه عکس.\n") }

// TruncatedJPEG is a camera photo cut in the middle of its image data.
func TruncatedJPEG() []byte {
	b := CameraJPEG(800, 600, 1)
	return b[:len(b)*2/3]
}

// BombPNG is a 30,000 × 30,000 PNG: a few hundred bytes that would
// decode to 3.6 GB.
func BombPNG() []byte {
	var ihdr bytes.Buffer
	binary.Write(&ihdr, binary.BigEndian, uint32(30000))
	binary.Write(&ihdr, binary.BigEndian, uint32(30000))
	ihdr.Write([]byte{8, 6, 0, 0, 0}) // 8-bit RGBA
	var idat bytes.Buffer
	zw := zlib.NewWriter(&idat)
	zw.Write(make([]byte, 1<<16)) // the first rows: zeros, compressed to almost nothing
	zw.Close()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk(&out, "IHDR", ihdr.Bytes())
	chunk(&out, "IDAT", idat.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

func chunk(b *bytes.Buffer, kind string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(kind)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

// SVGWithScript is an SVG image carrying a script.
func SVGWithScript() []byte {
	return []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100"/></svg>`)
}

// ZTXtPNG is a small PNG carrying a zTXt chunk of 2 MiB.
func ZTXtPNG() []byte {
	var z bytes.Buffer
	z.WriteString("Comment\x00\x00")
	zw := zlib.NewWriter(&z)
	r := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 2<<20)
	for i := range junk {
		junk[i] = byte(r.Uint32())
	}
	zw.Write(junk) // random: it stays 2 MiB compressed
	zw.Close()
	return insertPNGChunk(PNG(64, 48), "zTXt", z.Bytes())
}

// BadExifJPEG is a photo whose EXIF block points past its own end.
func BadExifJPEG() []byte {
	good := CameraJPEG(320, 240, 1)
	exif := Exif(1)
	bad := append([]byte(nil), exif...)
	binary.LittleEndian.PutUint32(bad[4:], 0x7fff0000) // IFD0 far past the end
	i := bytes.Index(good, exif)
	return append(append(append([]byte{}, good[:i]...), bad...), good[i+len(exif):]...)
}

// Metadata lists the metadata blocks a served JPEG or WebP still
// carries: APP1 to APP15 and COM segments of a JPEG (APP0, JFIF, holds
// none), EXIF, XMP and ICCP chunks of a WebP; and "GPS" when CameraJPEG's
// position is anywhere in the file: the bytes of its EXIF rationals, its
// XMP property or its comment.
func Metadata(b []byte) []string {
	var found []string
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xd8}):
		for pos := 2; pos+4 <= len(b); {
			if b[pos] != 0xff {
				found = append(found, "broken segment")
				break
			}
			m := b[pos+1]
			if m == 0xda || m == 0xd9 {
				break
			}
			n := int(binary.BigEndian.Uint16(b[pos+2:]))
			if m >= 0xe1 && m <= 0xef || m == 0xfe {
				found = append(found, segmentName(m))
			}
			pos += 2 + n
		}
	case len(b) > 12 && string(b[:4]) == "RIFF":
		for pos := 12; pos+8 <= len(b); {
			kind := string(b[pos : pos+4])
			n := int(binary.LittleEndian.Uint32(b[pos+4:]))
			if kind == "EXIF" || kind == "XMP " || kind == "ICCP" {
				found = append(found, kind)
			}
			pos += 8 + n + n&1
		}
	}
	var rat bytes.Buffer
	binary.Write(&rat, binary.LittleEndian, [2]uint32{GPS[0][0], 1})
	binary.Write(&rat, binary.LittleEndian, [2]uint32{GPS[0][1], 1})
	if bytes.Contains(b, rat.Bytes()) || bytes.Contains(b, []byte("GPSLatitude")) || bytes.Contains(b, []byte("Valiasr")) {
		found = append(found, "GPS")
	}
	return found
}

func segmentName(m byte) string {
	if m == 0xfe {
		return "COM"
	}
	return fmt.Sprintf("APP%d", m-0xe0)
}

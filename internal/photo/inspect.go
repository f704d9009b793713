package photo

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"strings"

	"khabar/internal/jalali"
)

// Info is what an image's header says, read before anything is
// decoded.
type Info struct {
	Format string // "jpeg", "png" or "webp"
	// Width and Height are the stored image's, before orientation.
	Width, Height int
	// Orientation is the EXIF orientation, 1 (as stored) to 8.
	Orientation int
	// DecodeBytes is about the most memory decoding takes.
	DecodeBytes int64
}

// Shown returns the size the photo is shown at: turned a quarter when
// its orientation says so.
func (i Info) Shown() (w, h int) {
	if i.Orientation >= 5 {
		return i.Height, i.Width
	}
	return i.Width, i.Height
}

// Inspect reads the header of the file f of size bytes: its format
// from its first bytes, its size, and the structure of what it carries
// besides pixels. It returns an EINVALID error, in Persian, for a file
// that is not a JPEG, PNG or WebP image, one cut short, one too large
// to decode safely, an animation, or one whose EXIF or text chunks are
// malformed or too large.
func Inspect(f io.ReaderAt, size int64) (Info, error) {
	if size == 0 {
		return Info{}, errEmpty
	}
	head := make([]byte, 32)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	var info Info
	var err error
	switch format := sniff(head); format {
	case "jpeg":
		info, err = inspectJPEG(f, size)
	case "png":
		info, err = inspectPNG(f, size)
	case "webp":
		info, err = inspectWebP(f, size)
	case "":
		return Info{}, errNotImage
	default:
		return Info{}, invalid("عکس %s پذیرفته نیست: تنها JPEG، PNG و WebP پذیرفته می‌شوند", format)
	}
	if err != nil {
		return Info{}, err
	}
	info.Format = sniff(head)
	if info.Orientation == 0 {
		info.Orientation = 1
	}
	return info, checkSize(info)
}

// sniff names the format of a file from its first bytes: "jpeg", "png"
// or "webp"; the name of another image format it knows, to say so; or
// "" for anything else.
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "webp"
	case bytes.HasPrefix(head, []byte("GIF8")):
		return "GIF"
	case bytes.HasPrefix(head, []byte("BM")) && len(head) > 14:
		return "BMP"
	case bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*")):
		return "TIFF"
	case len(head) >= 12 && string(head[4:8]) == "ftyp" && strings.Contains("heic heix mif1 avif", string(head[8:12])):
		return "HEIC/AVIF"
	}
	text := strings.ToLower(string(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")))
	if strings.HasPrefix(text, "<svg") || strings.HasPrefix(text, "<?xml") || strings.HasPrefix(text, "<!doctype svg") {
		return "SVG"
	}
	return ""
}

// checkSize refuses an image too large to decode safely.
func checkSize(i Info) error {
	w, h := int64(i.Width), int64(i.Height)
	switch {
	case w <= 0 || h <= 0:
		return invalid("اندازهٔ عکس در فایلش نیامده است")
	case w > MaxSide || h > MaxSide || w*h > MaxPixels:
		return invalid("عکس %s × %s پیکسل است، بزرگ‌تر از آنچه پذیرفته می‌شود (تا %s میلیون پیکسل و هر ضلع تا %s پیکسل)؛ عکس کوچک‌تری بفرستید",
			jalali.PersianNumber(int(w)), jalali.PersianNumber(int(h)), jalali.PersianNumber(MaxPixels/1_000_000), jalali.PersianNumber(MaxSide))
	case i.DecodeBytes > MaxDecodeBytes:
		return invalid("بازکردن این عکس بیش از %s مگابایت حافظه می‌خواهد؛ آن را کوچک‌تر یا با عمق رنگ کمتر ذخیره کنید",
			jalali.PersianNumber(MaxDecodeBytes>>20))
	}
	return nil
}

// inspectJPEG walks the segments of a JPEG up to its first scan, and
// makes sure its end is there.
func inspectJPEG(f io.ReaderAt, size int64) (Info, error) {
	var info Info
	r := bufio.NewReaderSize(io.NewSectionReader(f, 0, size), 64<<10)
	r.Discard(2) // SOI
	pos := int64(2)
	exifSeen := false
	for {
		b, err := r.ReadByte()
		if err != nil {
			return info, truncated("JPEG")
		}
		pos++
		if b != 0xff {
			return info, invalid("ساختار فایل JPEG خراب است")
		}
		m, err := r.ReadByte()
		for err == nil && m == 0xff { // fill bytes
			pos++
			m, err = r.ReadByte()
		}
		if err != nil {
			return info, truncated("JPEG")
		}
		pos++
		switch {
		case m == 0xd8 || m == 0x01 || m >= 0xd0 && m <= 0xd7:
			continue // no length
		case m == 0xd9:
			return info, invalid("فایل JPEG پیش از تصویرش به پایان رسیده است")
		}
		var lb [2]byte
		if _, err := io.ReadFull(r, lb[:]); err != nil {
			return info, truncated("JPEG")
		}
		length := int64(binary.BigEndian.Uint16(lb[:]))
		if length < 2 || pos+length > size {
			return info, truncated("JPEG")
		}
		body := length - 2
		pos += length
		switch {
		case m == 0xe1 && !exifSeen:
			data := make([]byte, body)
			if _, err := io.ReadFull(r, data); err != nil {
				return info, truncated("JPEG")
			}
			if bytes.HasPrefix(data, []byte("Exif\x00")) {
				exifSeen = true
				if info.Orientation, err = exifOrientation(data); err != nil {
					return info, err
				}
			}
		case isSOF(m):
			data := make([]byte, body)
			if _, err := io.ReadFull(r, data); err != nil {
				return info, truncated("JPEG")
			}
			if len(data) < 6 {
				return info, invalid("ساختار فایل JPEG خراب است")
			}
			info.Height = int(binary.BigEndian.Uint16(data[1:]))
			info.Width = int(binary.BigEndian.Uint16(data[3:]))
			info.DecodeBytes = jpegDecodeBytes(data, m == 0xc2 || m == 0xc6 || m == 0xca || m == 0xce)
		case m == 0xda:
			if info.Width == 0 {
				return info, invalid("ساختار فایل JPEG خراب است")
			}
			if _, err := r.Discard(int(body)); err != nil {
				return info, truncated("JPEG")
			}
			// Scan data never holds FF D9 (an FF in it is followed by 00
			// or a restart marker), so the first one after the first scan
			// ends the image: without one, the file was cut.
			if !findEOI(r) {
				return info, truncated("JPEG")
			}
			return info, nil
		default:
			if _, err := r.Discard(int(body)); err != nil {
				return info, truncated("JPEG")
			}
		}
	}
}

func isSOF(m byte) bool {
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc
}

// jpegDecodeBytes estimates what decoding a JPEG takes from its frame
// header: each component's plane, and for a progressive JPEG its
// coefficients (two bytes each) as well.
func jpegDecodeBytes(sof []byte, progressive bool) int64 {
	h, w := int64(binary.BigEndian.Uint16(sof[1:])), int64(binary.BigEndian.Uint16(sof[3:]))
	n := int(sof[5])
	if len(sof) < 6+3*n || n == 0 {
		return w * h * 4
	}
	var hmax, vmax int64 = 1, 1
	for i := 0; i < n; i++ {
		s := sof[6+3*i+1]
		hmax, vmax = max(hmax, int64(s>>4)), max(vmax, int64(s&15))
	}
	var total int64
	for i := 0; i < n; i++ {
		s := sof[6+3*i+1]
		hs, vs := max(int64(s>>4), 1), max(int64(s&15), 1)
		pw, ph := (w*hs+hmax-1)/hmax, (h*vs+vmax-1)/vmax
		total += pw * ph
	}
	if n == 4 {
		total += w * h * 4 // CMYK is converted
	}
	if progressive {
		total *= 3
	}
	return total
}

// findEOI reads r to its end and reports whether it held an FF D9.
func findEOI(r io.Reader) bool {
	prevFF := false
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if chunk := buf[:n]; n > 0 {
			if prevFF && chunk[0] == 0xd9 || bytes.Contains(chunk, []byte{0xff, 0xd9}) {
				return true
			}
			prevFF = chunk[n-1] == 0xff
		}
		if err != nil {
			return false
		}
	}
}

// PNG chunks that carry text and metadata.
var pngTextChunks = map[string]bool{"tEXt": true, "zTXt": true, "iTXt": true, "eXIf": true}

// inspectPNG walks the chunks of a PNG to its IEND.
func inspectPNG(f io.ReaderAt, size int64) (Info, error) {
	var info Info
	pos := int64(8)
	var text int64
	first := true
	var hdr [8]byte
	for {
		if _, err := f.ReadAt(hdr[:], pos); err != nil {
			return info, truncated("PNG")
		}
		length := int64(binary.BigEndian.Uint32(hdr[:4]))
		kind := string(hdr[4:])
		if length > 1<<31-1 || pos+12+length > size {
			return info, truncated("PNG")
		}
		switch {
		case first && kind != "IHDR", first && length != 13:
			return info, invalid("ساختار فایل PNG خراب است")
		case kind == "IHDR":
			ihdr := make([]byte, 13)
			f.ReadAt(ihdr, pos+8)
			info.Width = int(binary.BigEndian.Uint32(ihdr))
			info.Height = int(binary.BigEndian.Uint32(ihdr[4:]))
			info.DecodeBytes = int64(info.Width) * int64(info.Height) * pngPixelBytes(ihdr[8], ihdr[9])
		case pngTextChunks[kind]:
			if text += length; text > MaxTextChunks {
				return info, invalid("این فایل PNG بیش از %s مگابایت متن و فراداده (zTXt، tEXt، iTXt) در خود دارد؛ چنین فایلی پذیرفته نیست", jalali.PersianNumber(MaxTextChunks>>20))
			}
			if kind == "eXIf" && info.Orientation == 0 {
				data := make([]byte, length)
				f.ReadAt(data, pos+8)
				o, err := exifOrientation(data)
				if err != nil {
					return info, err
				}
				info.Orientation = o
			}
		case kind == "IEND":
			return info, nil
		}
		first = false
		pos += 12 + length
	}
}

// pngPixelBytes is what one pixel of a PNG takes decoded, by its bit
// depth and color type.
func pngPixelBytes(depth, colorType byte) int64 {
	wide := int64(1)
	if depth == 16 {
		wide = 2
	}
	switch colorType {
	case 0: // gray
		return wide
	case 3: // palette
		return 1
	default: // RGB, gray and alpha, RGBA: decoded four channels wide
		return 4 * wide
	}
}

// inspectWebP walks the chunks of a WebP file.
func inspectWebP(f io.ReaderAt, size int64) (Info, error) {
	var info Info
	var riff [12]byte
	if _, err := f.ReadAt(riff[:], 0); err != nil {
		return info, truncated("WebP")
	}
	if end := 8 + int64(binary.LittleEndian.Uint32(riff[4:])); end > size {
		return info, truncated("WebP")
	} else {
		size = end
	}
	pos := int64(12)
	var hdr [8]byte
	for pos+8 <= size {
		f.ReadAt(hdr[:], pos)
		kind, length := string(hdr[:4]), int64(binary.LittleEndian.Uint32(hdr[4:]))
		if pos+8+length > size {
			return info, truncated("WebP")
		}
		switch kind {
		case "VP8X":
			var x [10]byte
			if length < 10 {
				return info, invalid("ساختار فایل WebP خراب است")
			}
			f.ReadAt(x[:], pos+8)
			if x[0]&0x02 != 0 {
				return info, invalid("عکس متحرک (WebP متحرک) پذیرفته نیست؛ یک عکس ثابت بفرستید")
			}
			info.Width = 1 + (int(x[4]) | int(x[5])<<8 | int(x[6])<<16)
			info.Height = 1 + (int(x[7]) | int(x[8])<<8 | int(x[9])<<16)
		case "ANIM", "ANMF":
			return info, invalid("عکس متحرک (WebP متحرک) پذیرفته نیست؛ یک عکس ثابت بفرستید")
		case "EXIF":
			if info.Orientation == 0 {
				data := make([]byte, length)
				f.ReadAt(data, pos+8)
				o, err := exifOrientation(data)
				if err != nil {
					return info, err
				}
				info.Orientation = o
			}
		case "VP8 ", "VP8L":
			w, h, lossless, err := webpFrameSize(f, pos+8, length, kind)
			if err != nil {
				return info, err
			}
			if info.Width == 0 {
				info.Width, info.Height = w, h
			}
			info.DecodeBytes = int64(info.Width) * int64(info.Height) * 3
			if lossless {
				info.DecodeBytes = int64(info.Width) * int64(info.Height) * 8
			}
		}
		pos += 8 + length + length&1
	}
	if info.DecodeBytes == 0 {
		return info, truncated("WebP")
	}
	return info, nil
}

// webpFrameSize reads the size of a VP8 or VP8L frame.
func webpFrameSize(f io.ReaderAt, at, length int64, kind string) (w, h int, lossless bool, err error) {
	var b [10]byte
	if length < 10 {
		return 0, 0, false, truncated("WebP")
	}
	f.ReadAt(b[:], at)
	if kind == "VP8L" {
		if b[0] != 0x2f {
			return 0, 0, false, invalid("ساختار فایل WebP خراب است")
		}
		bits := binary.LittleEndian.Uint32(b[1:])
		return int(bits&0x3fff) + 1, int(bits>>14&0x3fff) + 1, true, nil
	}
	if b[3] != 0x9d || b[4] != 0x01 || b[5] != 0x2a {
		return 0, 0, false, invalid("ساختار فایل WebP خراب است")
	}
	return int(binary.LittleEndian.Uint16(b[6:]) & 0x3fff), int(binary.LittleEndian.Uint16(b[8:]) & 0x3fff), false, nil
}

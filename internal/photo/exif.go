package photo

import (
	"bytes"
	"encoding/binary"
)

// EXIF is read for one thing, the orientation, and checked for one
// more: that its structure holds, so a block built to mislead a reader
// (offsets past its end, loops between directories) is refused rather
// than half-read. Nothing of it is kept.

var errBadExif = invalid("اطلاعات EXIF این عکس خراب است (ساختارش درست نیست)؛ عکس را در برنامهٔ دیگری باز و دوباره ذخیره کنید، یا اطلاعاتش را پاک کنید")

// Tags of the directories an EXIF block may point to.
const (
	tagOrientation = 0x0112
	tagExifIFD     = 0x8769
	tagGPSIFD      = 0x8825
	tagInteropIFD  = 0xa005
)

// Limits on what an EXIF block may hold.
const (
	maxIFDEntries = 1000
	maxIFDs       = 8
)

// typeSizes are the sizes of the TIFF field types, by type number.
var typeSizes = [...]uint64{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}

// exifOrientation checks an EXIF block (TIFF data, with or without the
// "Exif\0\0" a JPEG puts before it) and returns its orientation, 1 to
// 8 (1 when it has none or one out of range), or errBadExif.
func exifOrientation(b []byte) (int, error) {
	b = bytes.TrimPrefix(b, []byte("Exif\x00\x00"))
	if len(b) < 8 {
		return 0, errBadExif
	}
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, errBadExif
	}
	if bo.Uint16(b[2:]) != 42 {
		return 0, errBadExif
	}
	r := exifReader{b: b, bo: bo, seen: map[uint32]bool{}, orientation: 1}
	if err := r.ifd(bo.Uint32(b[4:]), true); err != nil {
		return 0, err
	}
	return r.orientation, nil
}

type exifReader struct {
	b           []byte
	bo          binary.ByteOrder
	seen        map[uint32]bool
	orientation int
}

// ifd checks the directory at off and those it points to; first marks
// IFD0, the one whose orientation counts.
func (r *exifReader) ifd(off uint32, first bool) error {
	for chain := 0; off != 0; chain++ {
		if r.seen[off] || len(r.seen) >= maxIFDs || chain >= maxIFDs {
			return errBadExif // a loop, or more directories than any camera writes
		}
		r.seen[off] = true
		size := uint64(len(r.b))
		if uint64(off)+2 > size {
			return errBadExif
		}
		n := uint64(r.bo.Uint16(r.b[off:]))
		end := uint64(off) + 2 + 12*n
		if n > maxIFDEntries || end+4 > size {
			return errBadExif
		}
		var subs []uint32
		for i := uint64(0); i < n; i++ {
			e := r.b[uint64(off)+2+12*i:]
			tag, typ, count := r.bo.Uint16(e), r.bo.Uint16(e[2:]), uint64(r.bo.Uint32(e[4:]))
			if int(typ) < len(typeSizes) && typeSizes[typ] > 0 {
				if sz := typeSizes[typ] * count; sz > 4 && uint64(r.bo.Uint32(e[8:]))+sz > size {
					return errBadExif
				}
			}
			switch tag {
			case tagOrientation:
				if first && typ == 3 && count == 1 {
					if v := int(r.bo.Uint16(e[8:])); v >= 1 && v <= 8 {
						r.orientation = v
					}
				}
			case tagExifIFD, tagGPSIFD, tagInteropIFD:
				if typ != 4 && typ != 13 || count != 1 {
					return errBadExif
				}
				subs = append(subs, r.bo.Uint32(e[8:]))
			}
		}
		for _, sub := range subs {
			if err := r.ifd(sub, false); err != nil {
				return err
			}
		}
		off = r.bo.Uint32(r.b[end:])
		first = false
	}
	return nil
}

// Package photo turns uploaded images into the photos khabar serves.
//
// An upload is read to a temporary file and hashed; a photo with that
// hash is the same photo, stored once. Its type comes from its content
// (JPEG, PNG or WebP; never its name or the client's word), and its
// header is checked before anything is decoded: the pixel count and
// the memory decoding would take (a decompression bomb is refused, not
// decoded), the structure of its EXIF and the size of its text chunks.
// Then, in a bounded pool of workers off the request's goroutine, it is
// decoded, turned by its EXIF orientation, resized to news.PhotoWidths
// (never enlarged) with Catmull-Rom (golang.org/x/image/draw), and
// encoded afresh as JPEG and WebP: no EXIF, GPS, XMP, ICC profile or
// comment of the original reaches any served file. The renditions are
// written to the media storage first and the photo recorded after, so
// a recorded photo always has its files; a failure removes what it
// wrote.
//
// WebP is encoded by libwebp compiled to WebAssembly and run by wazero
// (github.com/gen2brain/webp): pure Go, no cgo. The original file is not
// kept: it may carry the photographer's position.
package photo

import (
	"khabar/internal/jalali"
	"khabar/internal/news"
)

// Limits on uploads.
const (
	// MaxBytes is the largest file accepted.
	MaxBytes = 20 << 20
	// MaxPixels is the most pixels a photo may have.
	MaxPixels = 50_000_000
	// MaxDecodeBytes bounds the memory decoding a photo may take, as
	// its header tells (its pixels, their depth, a progressive JPEG's
	// coefficients).
	MaxDecodeBytes = 256 << 20
	// MaxTextChunks bounds the text a PNG may carry (tEXt, zTXt, iTXt,
	// eXIf): more is no photo's caption but a hiding place.
	MaxTextChunks = 1 << 20
	// MaxSide is the longest side accepted, however few the pixels.
	MaxSide = 20000
)

// Field is the form field photo errors name: the editor's file input.
const Field = "upload"

// invalid returns the EINVALID error of an upload, in Persian.
func invalid(format string, args ...any) error {
	return news.FieldErrorf(Field, news.EINVALID, format, args...)
}

// Errors an upload can get besides the format-specific ones.
var (
	errNotImage = invalid("این فایل عکس نیست: تنها عکس‌های JPEG، PNG و WebP پذیرفته می‌شوند (نوع فایل از محتوای آن شناخته می‌شود، نه از نامش)")
	errEmpty    = invalid("فایل عکس خالی است")
	errTooLarge = news.FieldErrorf(Field, news.ETOOLARGE, "حجم عکس بیش از %s مگابایت است؛ عکس کوچک‌تری بفرستید", jalali.PersianNumber(MaxBytes>>20))
	errBusy     = news.FieldErrorf(Field, news.ETHROTTLED, "سرور سرگرم پردازش عکس‌های دیگر است؛ چند لحظه دیگر دوباره بفرستید")
)

// truncated is the error of a file that ends too early.
func truncated(kind string) error {
	return invalid("فایل %s ناقص است (پیش از پایانش بریده شده)؛ فایل کامل را دوباره بفرستید", kind)
}

package jalali

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MonthNames holds the Jalali month names, فروردین first: MonthNames[m-1]
// names month m.
var MonthNames = [12]string{
	"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
	"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
}

// weekdayNames holds the Persian weekday names as CLDR spells them,
// indexed by time.Weekday (Sunday first).
var weekdayNames = [7]string{
	"یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه",
}

const (
	persianZero = '۰' // U+06F0 EXTENDED ARABIC-INDIC DIGIT ZERO
	arabicZero  = '٠' // U+0660 ARABIC-INDIC DIGIT ZERO
)

// PersianDigits returns s with ASCII and Arabic-Indic digits replaced by
// the Persian digits ۰-۹; everything else is unchanged.
func PersianDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return persianZero + r - '0'
		case r >= arabicZero && r <= arabicZero+9:
			return persianZero + r - arabicZero
		}
		return r
	}, s)
}

// PersianNumber writes n in Persian digits, as messages and pages
// show numbers.
func PersianNumber(n int) string { return PersianDigits(strconv.Itoa(n)) }

// PersianValue writes a number, or any value, as text with Persian
// digits: the "fa" of the site's and the newsroom's templates.
func PersianValue(v any) string {
	switch v := v.(type) {
	case string:
		return PersianDigits(v)
	case int:
		return PersianNumber(v)
	case int64:
		return PersianDigits(strconv.FormatInt(v, 10))
	}
	return PersianDigits(fmt.Sprint(v))
}

// LatinDigits returns s with Persian and Arabic-Indic digits replaced by
// the ASCII digits 0-9; everything else is unchanged.
func LatinDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= persianZero && r <= persianZero+9:
			return '0' + r - persianZero
		case r >= arabicZero && r <= arabicZero+9:
			return '0' + r - arabicZero
		}
		return r
	}, s)
}

// FormatNumeric returns t in Tehran as the model page prints a publish
// time, "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵", in Persian digits.
func FormatNumeric(t time.Time) string {
	d, hour, minute, _ := clock(t)
	b := make([]byte, 0, 40) // 14 digits of 2 bytes, 6 ASCII bytes
	b = appendDigits(b, d.Year, 4)
	b = append(b, '/')
	b = appendDigits(b, d.Month, 2)
	b = append(b, '/')
	b = appendDigits(b, d.Day, 2)
	b = append(b, " - "...)
	b = appendClock(b, hour, minute)
	return string(b)
}

// FormatLong returns t in Tehran with the weekday and month spelled out,
// "پنجشنبه ۴ آبان ۱۴۰۲ - ۱۶:۴۵", in Persian digits.
func FormatLong(t time.Time) string {
	d, hour, minute, weekday := clock(t)
	b := make([]byte, 0, 64)
	b = append(b, weekdayNames[weekday]...)
	b = append(b, ' ')
	b = appendLongDate(b, d)
	b = append(b, " - "...)
	b = appendClock(b, hour, minute)
	return string(b)
}

// FormatDate returns d as "۴ آبان ۱۴۰۲", in Persian digits. A d whose
// month is outside 1-12 is returned as PersianDigits(d.String()).
func FormatDate(d Date) string {
	if d.Month < 1 || d.Month > 12 {
		return PersianDigits(d.String())
	}
	return string(appendLongDate(make([]byte, 0, 32), d))
}

func appendLongDate(b []byte, d Date) []byte {
	b = appendDigits(b, d.Day, 1)
	b = append(b, ' ')
	b = append(b, MonthNames[d.Month-1]...)
	b = append(b, ' ')
	return appendDigits(b, d.Year, 1)
}

func appendClock(b []byte, hour, minute int) []byte {
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	return appendDigits(b, minute, 2)
}

// appendDigits appends n in Persian digits, zero-padded to width digits.
func appendDigits(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 || width > 0 {
		i--
		buf[i] = byte(n % 10)
		n /= 10
		width--
	}
	for _, digit := range buf[i:] {
		b = utf8.AppendRune(b, persianZero+rune(digit))
	}
	return b
}

package jalali

import (
	"testing"
	"time"
)

// FuzzParseDateTime: whatever an editor types, ParseDateTime returns a
// time or an error, never panics, and a time it returns is printed by
// FormatNumeric as a text it reads back to the same minute (the
// seconds dropped).
// Seeds: below and testdata/fuzz/FuzzParseDateTime.
func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"1402/08/04 - 16:45", "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵", "1402/8/4 16:45", "1402-08-04",
		"1402/08/04 16:45:30", "1403/12/30", "1402/12/30", "0001/01/01", "9999/12/29 23:59", "١٤٠٢/٠١/٠١"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseDateTime(s)
		if err != nil {
			return
		}
		if y := FromTime(tm).Year; y < 1 || y > 9999 {
			return // FormatNumeric writes four-digit years
		}
		printed := FormatNumeric(tm)
		back, err := ParseDateTime(printed)
		if err != nil {
			t.Fatalf("ParseDateTime(%q) = %v, printed %q, which does not parse: %v", s, tm, printed, err)
		}
		if again := FormatNumeric(back); again != printed || back.After(tm) || tm.Sub(back) >= time.Minute {
			t.Fatalf("ParseDateTime(%q) = %v, printed %q, read back as %v, printed %q", s, tm, printed, back, again)
		}
	})
}

// FuzzDateRoundTrip: every day from year 1 to 9999 is printed and read
// back as itself, and FromTime of its Gregorian noon gives it again.
func FuzzDateRoundTrip(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(19656)) // 1402/08/04
	f.Add(int64(-492000))
	f.Add(int64(2900000))
	f.Fuzz(func(t *testing.T, day int64) {
		first, last := Date{1, 1, 1}.days(), Date{9999, 12, MonthLength(9999, 12)}.days()
		if day < first || day > last {
			return
		}
		d := fromDays(day)
		if !d.Valid() {
			t.Fatalf("day %d is %v, not a valid date", day, d)
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, %v; want %v", d.String(), back, err, d)
		}
		y, m, dd := d.Gregorian()
		if got := FromTime(time.Date(y, m, dd, 12, 0, 0, 0, Tehran)); got != d {
			t.Fatalf("FromTime of %v's noon = %v", d, got)
		}
	})
}

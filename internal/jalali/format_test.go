package jalali

import (
	"testing"
	"time"
)

// published is the model page's publish time, 1402/08/04 16:45 in Tehran
// (UTC+03:30: Iran kept standard time all year from 2023).
var published = time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC)

func TestDigits(t *testing.T) {
	tests := []struct{ in, persian, latin string }{
		{"1402/08/04", "۱۴۰۲/۰۸/۰۴", "1402/08/04"},
		{"۱۴۰۲/۰۸/۰۴", "۱۴۰۲/۰۸/۰۴", "1402/08/04"},
		{"١٤٠٢/٠٨/٠٤", "۱۴۰۲/۰۸/۰۴", "1402/08/04"}, // Arabic-Indic
		{"کد خبر: 101870", "کد خبر: ۱۰۱۸۷۰", "کد خبر: 101870"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := PersianDigits(tt.in); got != tt.persian {
			t.Errorf("PersianDigits(%q) = %q, want %q", tt.in, got, tt.persian)
		}
		if got := LatinDigits(tt.in); got != tt.latin {
			t.Errorf("LatinDigits(%q) = %q, want %q", tt.in, got, tt.latin)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		t             time.Time
		numeric, long string
	}{
		{published, "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵", "پنجشنبه ۴ آبان ۱۴۰۲ - ۱۶:۴۵"},
		{published.In(time.FixedZone("EST", -5*3600)), "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵", "پنجشنبه ۴ آبان ۱۴۰۲ - ۱۶:۴۵"},
		// Nowruz 1404 began at 00:00 Tehran, 20:30 UTC the day before.
		{time.Date(2025, 3, 20, 20, 30, 0, 0, time.UTC), "۱۴۰۴/۰۱/۰۱ - ۰۰:۰۰", "جمعه ۱ فروردین ۱۴۰۴ - ۰۰:۰۰"},
		{time.Date(2025, 3, 20, 20, 29, 0, 0, time.UTC), "۱۴۰۳/۱۲/۳۰ - ۲۳:۵۹", "پنجشنبه ۳۰ اسفند ۱۴۰۳ - ۲۳:۵۹"},
		// Summer 1400: daylight saving, UTC+04:30.
		{time.Date(2021, 7, 20, 8, 0, 0, 0, time.UTC), "۱۴۰۰/۰۴/۲۹ - ۱۲:۳۰", "سه‌شنبه ۲۹ تیر ۱۴۰۰ - ۱۲:۳۰"},
	}
	for _, tt := range tests {
		if got := FormatNumeric(tt.t); got != tt.numeric {
			t.Errorf("FormatNumeric(%v) = %q, want %q", tt.t, got, tt.numeric)
		}
		if got := FormatLong(tt.t); got != tt.long {
			t.Errorf("FormatLong(%v) = %q, want %q", tt.t, got, tt.long)
		}
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		d    Date
		want string
	}{
		{Date{1402, 8, 4}, "۴ آبان ۱۴۰۲"},
		{Date{1403, 12, 30}, "۳۰ اسفند ۱۴۰۳"},
		{Date{1404, 1, 1}, "۱ فروردین ۱۴۰۴"},
		{Date{1402, 13, 1}, "۱۴۰۲/۱۳/۰۱"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.d); got != tt.want {
			t.Errorf("FormatDate(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestTehranOffset(t *testing.T) {
	// The tz database: UTC+03:30 since Iran abolished daylight saving in 2022.
	for _, ts := range []time.Time{published, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)} {
		if _, offset := ts.In(Tehran).Zone(); offset != 3*3600+30*60 {
			t.Errorf("Tehran offset at %v = %ds, want 12600", ts, offset)
		}
	}
}

func BenchmarkFromTime(b *testing.B) {
	for b.Loop() {
		FromTime(published)
	}
}

func BenchmarkFormatNumeric(b *testing.B) {
	for b.Loop() {
		FormatNumeric(published)
	}
}

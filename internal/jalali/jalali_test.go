package jalali

import (
	"testing"
	"time"
)

func TestKnownDates(t *testing.T) {
	tests := []struct {
		jalali Date
		y      int
		m      time.Month
		d      int
	}{
		{Date{1402, 8, 4}, 2023, time.October, 26}, // the model page
		{Date{1403, 12, 30}, 2025, time.March, 20}, // 1403 is leap
		{Date{1404, 1, 1}, 2025, time.March, 21},
		{Date{1403, 1, 1}, 2024, time.March, 20},
		{Date{1357, 11, 22}, 1979, time.February, 11},
		{Date{1, 1, 1}, 622, time.March, 21}, // ICU's epoch, proleptic Gregorian
	}
	for _, tt := range tests {
		if got := FromGregorian(tt.y, tt.m, tt.d); got != tt.jalali {
			t.Errorf("FromGregorian(%d, %v, %d) = %v, want %v", tt.y, tt.m, tt.d, got, tt.jalali)
		}
		if y, m, d := tt.jalali.Gregorian(); y != tt.y || m != tt.m || d != tt.d {
			t.Errorf("%v.Gregorian() = %d %v %d, want %d %v %d", tt.jalali, y, m, d, tt.y, tt.m, tt.d)
		}
	}
}

func TestLeapYears(t *testing.T) {
	// The leap years of the 33-year cycle 1399-1431 (1399 ≡ 1366 mod 33).
	leap := map[int]bool{1399: true, 1403: true, 1408: true, 1412: true,
		1416: true, 1420: true, 1424: true, 1428: true}
	for y := 1399; y <= 1431; y++ {
		if got := IsLeap(y); got != leap[y] {
			t.Errorf("IsLeap(%d) = %v, want %v", y, got, leap[y])
		}
		days := 0
		for m := 1; m <= 12; m++ {
			days += MonthLength(y, m)
		}
		if want := map[bool]int{false: 365, true: 366}[leap[y]]; days != want {
			t.Errorf("year %d has %d days, want %d", y, days, want)
		}
	}
	if MonthLength(1402, 0) != 0 || MonthLength(1402, 13) != 0 {
		t.Error("MonthLength of month 0 or 13 is not 0")
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{1402, 8, 4}, true},
		{Date{1403, 12, 30}, true},
		{Date{1402, 12, 30}, false},
		{Date{1402, 13, 1}, false},
		{Date{1402, 0, 1}, false},
		{Date{1402, 7, 31}, false},
		{Date{1402, 6, 31}, true},
		{Date{1402, 1, 0}, false},
		{Date{}, false},
	}
	for _, tt := range tests {
		if got := tt.d.Valid(); got != tt.want {
			t.Errorf("%v.Valid() = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := FromGregorian(2023, time.September, 31); got != (Date{1402, 7, 9}) {
		t.Errorf("FromGregorian(2023-09-31) = %v, want 1402/07/09 (October 1)", got)
	}
	if y, m, d := (Date{1402, 12, 30}).Gregorian(); y != 2024 || m != time.March || d != 20 {
		t.Errorf("1402/12/30 Gregorian = %d %v %d, want 1403/01/01 = 2024-03-20", y, m, d)
	}
	if y, m, d := (Date{1402, 13, 1}).Gregorian(); y != 2024 || m != time.March || d != 20 {
		t.Errorf("1402/13/01 Gregorian = %d %v %d, want 1403/01/01 = 2024-03-20", y, m, d)
	}
}

func TestString(t *testing.T) {
	if got := (Date{1402, 8, 4}).String(); got != "1402/08/04" {
		t.Errorf("String() = %q, want 1402/08/04", got)
	}
}

// TestStart checks, for every day from 1900 to 2100, that Start is the first
// instant of the day in Tehran, including the days before 2023 whose
// midnight daylight saving skipped or repeated.
func TestStart(t *testing.T) {
	want := time.Date(2023, 10, 25, 20, 30, 0, 0, time.UTC)
	if got := (Date{1402, 8, 4}).Start(); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("1402/08/04 Start() = %v, want %v", got, want)
	}
	// 1401/01/02: clocks went from 24:00 on 1401/01/01 to 01:00.
	want = time.Date(2022, 3, 21, 20, 30, 0, 0, time.UTC)
	if got := (Date{1401, 1, 2}).Start(); !got.Equal(want) {
		t.Errorf("1401/01/02 Start() = %v, want %v", got, want)
	}
	// 1357/05/14: clocks went from 00:59:59 back to 00:00.
	want = time.Date(1978, 8, 4, 19, 0, 0, 0, time.UTC)
	if got := (Date{1357, 5, 14}).Start(); !got.Equal(want) {
		t.Errorf("1357/05/14 Start() = %v, want %v", got, want)
	}
	for d := FromGregorian(1900, 1, 1); d.Year < 1480; d = d.next() {
		start := d.Start()
		if got := FromTime(start); got != d {
			t.Fatalf("FromTime(%v.Start()) = %v", d, got)
		}
		if before := FromTime(start.Add(-time.Nanosecond)); before == d {
			t.Fatalf("%v.Start() = %v is not the first instant of the day", d, start)
		}
	}
}

// next returns the day after d.
func (d Date) next() Date { return fromDays(d.days() + 1) }

func TestFromTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		want Date
	}{
		// 20:29 UTC is 23:59 in Tehran, 20:30 UTC the next day's midnight.
		{time.Date(2023, 10, 25, 20, 29, 59, 0, time.UTC), Date{1402, 8, 3}},
		{time.Date(2023, 10, 25, 20, 30, 0, 0, time.UTC), Date{1402, 8, 4}},
		{time.Date(2025, 3, 20, 20, 30, 0, 0, time.UTC), Date{1404, 1, 1}},
		{time.Date(2023, 10, 26, 1, 0, 0, 0, time.FixedZone("PST", -8*3600)), Date{1402, 8, 4}},
	}
	for _, tt := range tests {
		if got := FromTime(tt.t); got != tt.want {
			t.Errorf("FromTime(%v) = %v, want %v", tt.t, got, tt.want)
		}
	}
}

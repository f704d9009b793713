package jalali

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// icuMonth is one line of testdata/icu-persian-1900-2100.txt: a Jalali month
// as ICU's Persian calendar sees it.
type icuMonth struct {
	year, month int
	start       time.Time // Gregorian date of day 1, at 00:00 UTC
	length      int
}

// readICU reads the fixture written by testdata/gen.mjs.
func readICU(t *testing.T) []icuMonth {
	t.Helper()
	f, err := os.Open("testdata/icu-persian-1900-2100.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var months []icuMonth
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var m icuMonth
		fields := strings.Fields(text)
		if len(fields) != 3 {
			t.Fatalf("line %d: want 3 fields, got %q", line, text)
		}
		y, mo, ok := strings.Cut(fields[0], "/")
		m.year, err = strconv.Atoi(y)
		if err == nil {
			m.month, err = strconv.Atoi(mo)
		}
		if err == nil {
			m.start, err = time.Parse(time.DateOnly, fields[1])
		}
		if err == nil {
			m.length, err = strconv.Atoi(fields[2])
		}
		if err != nil || !ok {
			t.Fatalf("line %d: bad line %q: %v", line, text, err)
		}
		months = append(months, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return months
}

// TestICU checks every day from 1900-01-01 to 2100-12-31, both ways, against
// ICU's Persian calendar.
func TestICU(t *testing.T) {
	months := readICU(t)
	first := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
	if len(months) == 0 || months[0].start.After(first) {
		t.Fatalf("fixture does not start by %v", first)
	}
	if end := months[len(months)-1]; end.start.AddDate(0, 0, end.length-1).Before(last) {
		t.Fatalf("fixture does not reach %v", last)
	}
	days, mismatches := 0, 0
	next := months[0].start
	for _, m := range months {
		if !m.start.Equal(next) {
			t.Fatalf("fixture gap: %04d/%02d starts %v, want %v", m.year, m.month, m.start, next)
		}
		next = m.start.AddDate(0, 0, m.length)
		if got := MonthLength(m.year, m.month); got != m.length {
			t.Errorf("MonthLength(%d, %d) = %d, ICU says %d", m.year, m.month, got, m.length)
		}
		for day := 1; day <= m.length; day++ {
			g := m.start.AddDate(0, 0, day-1)
			if g.Before(first) || g.After(last) {
				continue
			}
			days++
			want := Date{m.year, m.month, day}
			y, mo, d := g.Date()
			if got := FromGregorian(y, mo, d); got != want {
				mismatches++
				t.Errorf("FromGregorian(%v) = %v, ICU says %v", g.Format(time.DateOnly), got, want)
			}
			if gy, gm, gd := want.Gregorian(); gy != y || gm != mo || gd != d {
				mismatches++
				t.Errorf("%v.Gregorian() = %d-%02d-%02d, ICU says %v", want, gy, gm, gd, g.Format(time.DateOnly))
			}
			if mismatches > 20 {
				t.Fatal("too many mismatches")
			}
		}
	}
	if want := int(last.Sub(first).Hours()/24) + 1; days != want {
		t.Errorf("checked %d days, want %d", days, want)
	}
	t.Logf("%d days, %d months agree with ICU", days, len(months))
}

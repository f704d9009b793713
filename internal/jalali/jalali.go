// Package jalali converts between the Gregorian and the Solar Hijri (Jalali,
// Persian) calendars, and formats and parses Jalali dates the way Iranian
// news sites print them: Tehran time, Persian digits.
//
// The calendar is the arithmetic one of ICU (persncal.cpp): a 33-year cycle
// of 8 leap years, with year Y leap when (25Y+11) mod 33 < 8. It agrees with
// ICU on every day from 1900 to 2100 (see testdata/gen.mjs). It is not the
// astronomical calendar Iran officially observes, which starts the year at
// the March equinox as seen from Tehran: the two agree on present-day years
// (1403 is leap in both) but may differ by a day in some years far from now.
// Dates before the 1304 (1925) reform are proleptic: the months then had
// other lengths.
package jalali

import (
	"fmt"
	"time"
)

// Date is a Jalali calendar date. Month runs from 1 (فروردین) to 12 (اسفند).
// The zero Date is not valid.
type Date struct{ Year, Month, Day int }

// persianEpoch is the Unix day number (days since 1970-01-01) of 1/1/1,
// 622-03-21 in the proleptic Gregorian calendar: ICU's PERSIAN_EPOCH,
// Julian day 1948320, less the Julian day of 1970-01-01.
const persianEpoch = 1948320 - 2440588

// IsLeap reports whether the Jalali year has 366 days, its اسفند 30 days.
func IsLeap(year int) bool {
	return mod(25*year+11, 33) < 8
}

// MonthLength returns the number of days in the month of the Jalali year:
// 31 for months 1-6, 30 for 7-11, and 29 or 30 (leap years) for 12.
// It returns 0 for a month outside 1-12.
func MonthLength(year, month int) int {
	switch {
	case month >= 1 && month <= 6:
		return 31
	case month >= 7 && month <= 11:
		return 30
	case month == 12 && IsLeap(year):
		return 30
	case month == 12:
		return 29
	}
	return 0
}

// Valid reports whether d names a day that exists: Year at least 1, Month
// in 1-12 and Day within the month's length.
func (d Date) Valid() bool {
	return d.Year >= 1 && d.Day >= 1 && d.Day <= MonthLength(d.Year, d.Month)
}

// String returns d as "1402/08/04", with Latin digits, as used in URLs
// such as /archive/1402/08/04.
func (d Date) String() string {
	return fmt.Sprintf("%04d/%02d/%02d", d.Year, d.Month, d.Day)
}

// FromGregorian returns the Jalali date of the Gregorian date y-m-d.
// Out-of-range values are normalized as time.Date does: October 32 is
// November 1.
func FromGregorian(y int, m time.Month, d int) Date {
	return fromDays(unixDays(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()))
}

// Gregorian returns the Gregorian date of d. A d that is not Valid is
// normalized arithmetically: 1402/12/30 is taken as 1403/01/01.
func (d Date) Gregorian() (y int, m time.Month, day int) {
	return time.Unix(d.days()*86400, 0).UTC().Date()
}

// days returns the Unix day number of d, following ICU's
// handleComputeMonthStart.
func (d Date) days() int64 {
	year := d.Year + floorDiv(d.Month-1, 12)
	month := mod(d.Month-1, 12) // 0-based
	n := int64(persianEpoch-1) + 365*int64(year-1) + int64(floorDiv(8*year+21, 33))
	return n + int64(monthOffset(month)) + int64(d.Day)
}

// fromDays returns the Jalali date of Unix day number n, following ICU's
// handleComputeFields.
func fromDays(n int64) Date {
	since := n - persianEpoch
	year := 1 + int(floorDiv64(33*since+3, 12053))
	farvardin1 := 365*int64(year-1) + int64(floorDiv(8*year+21, 33))
	doy := int(since - farvardin1) // 0-based day of the year
	month := (doy - 6) / 30
	if doy < 186 {
		month = doy / 31
	}
	return Date{year, month + 1, doy - monthOffset(month) + 1}
}

// monthOffset returns how many days of the year precede 0-based month m.
func monthOffset(m int) int {
	if m < 6 {
		return 31 * m
	}
	return 30*m + 6
}

// unixDays returns the day number, counted from 1970-01-01, of the Unix
// time sec.
func unixDays(sec int64) int64 { return floorDiv64(sec, 86400) }

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - b*floorDiv(a, b) }

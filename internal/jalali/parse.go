package jalali

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// ParseDateTime parses a Jalali date and optional time of day, read as Tehran
// wall-clock time, and returns the instant in UTC. It accepts what editors
// type and what pages print:
//
//	1402/08/04 - 16:45
//	۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵
//	1402/8/4 16:45
//	1402-08-04
//	1402/08/04 16:45:30
//
// in Persian, Arabic-Indic or Latin digits. A date alone means 00:00. The
// error names the part at fault: a month or day that does not exist (such as
// 1402/13/01, or 1402/12/30 since 1402 is not a leap year), an hour or minute
// out of range, text left after the time, or empty input.
//
// A wall-clock time skipped by a daylight saving change (before 2023) is
// resolved as time.Date resolves it.
func ParseDateTime(s string) (time.Time, error) {
	p := parser{input: s, rest: normalize(s)}
	d, err := p.date()
	if err != nil {
		return time.Time{}, err
	}
	var hour, minute, second int
	if p.rest != "" {
		if !p.separator() {
			return time.Time{}, p.errorf("unexpected %q after the date", p.rest)
		}
		if hour, minute, second, err = p.clock(); err != nil {
			return time.Time{}, err
		}
		if p.rest != "" {
			return time.Time{}, p.errorf("unexpected %q after the time", p.rest)
		}
	}
	y, m, day := d.Gregorian()
	return time.Date(y, m, day, hour, minute, second, 0, Tehran).UTC(), nil
}

// ParseDate parses a Jalali date written "1402/08/04", "1402-08-04" or
// "1402/8/4", in Persian, Arabic-Indic or Latin digits. The error names the
// part at fault: a month or day that does not exist, text left after the
// date, or empty input.
func ParseDate(s string) (Date, error) {
	p := parser{input: s, rest: normalize(s)}
	d, err := p.date()
	if err != nil {
		return Date{}, err
	}
	if p.rest != "" {
		return Date{}, p.errorf("unexpected %q after the date", p.rest)
	}
	return d, nil
}

// normalize returns s with Latin digits, without the bidi marks that text
// copied from right-to-left pages carries, and trimmed of spaces.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200e', '\u200f', '\u061c': // LRM, RLM, ALM
			return -1
		}
		return r
	}, LatinDigits(s))
	return strings.TrimSpace(s)
}

// parser consumes rest, a normalized form of input, from the left.
type parser struct {
	input string
	rest  string
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("jalali: parse %q: %s", p.input, fmt.Sprintf(format, args...))
}

// date consumes year/month/day or year-month-day and checks that the day
// exists.
func (p *parser) date() (Date, error) {
	if p.rest == "" {
		return Date{}, p.errorf("empty input, want a date such as 1402/08/04")
	}
	year, ok := p.number(1, 4)
	if !ok {
		return Date{}, p.errorf("want a year of 1-4 digits at %q", p.rest)
	}
	sep := byte('/')
	if strings.HasPrefix(p.rest, "-") {
		sep = '-'
	}
	if !p.byte(sep) {
		return Date{}, p.errorf("want / or - after the year at %q", p.rest)
	}
	month, ok := p.number(1, 2)
	if !ok {
		return Date{}, p.errorf("want a month of 1-2 digits at %q", p.rest)
	}
	if !p.byte(sep) {
		return Date{}, p.errorf("want %c after the month at %q", sep, p.rest)
	}
	day, ok := p.number(1, 2)
	if !ok {
		return Date{}, p.errorf("want a day of 1-2 digits at %q", p.rest)
	}
	d := Date{year, month, day}
	switch n := MonthLength(year, month); {
	case year < 1:
		return Date{}, p.errorf("year %d out of range 1-9999", year)
	case n == 0:
		return Date{}, p.errorf("month %d out of range 1-12", month)
	case day < 1 || day > n:
		why := ""
		if month == 12 && !IsLeap(year) {
			why = fmt.Sprintf(", %d is not a leap year", year)
		}
		return Date{}, p.errorf("day %d out of range 1-%d for %04d/%02d%s", day, n, year, month, why)
	}
	return d, nil
}

// clock consumes hour:minute or hour:minute:second.
func (p *parser) clock() (hour, minute, second int, err error) {
	hour, ok := p.number(1, 2)
	if !ok {
		return 0, 0, 0, p.errorf("want an hour at %q", p.rest)
	}
	if !p.byte(':') {
		return 0, 0, 0, p.errorf("want : after the hour at %q", p.rest)
	}
	if minute, ok = p.number(2, 2); !ok {
		return 0, 0, 0, p.errorf("want two-digit minutes at %q", p.rest)
	}
	if p.byte(':') {
		if second, ok = p.number(2, 2); !ok {
			return 0, 0, 0, p.errorf("want two-digit seconds at %q", p.rest)
		}
	}
	switch {
	case hour > 23:
		return 0, 0, 0, p.errorf("hour %d out of range 0-23", hour)
	case minute > 59:
		return 0, 0, 0, p.errorf("minute %d out of range 0-59", minute)
	case second > 59:
		return 0, 0, 0, p.errorf("second %d out of range 0-59", second)
	}
	return hour, minute, second, nil
}

// separator consumes what may stand between date and time: spaces, a dash
// or comma with optional spaces around it. It reports whether it consumed
// anything.
func (p *parser) separator() bool {
	before := p.rest
	p.rest = strings.TrimLeftFunc(p.rest, unicode.IsSpace)
	for _, mark := range []string{"-", ",", "،"} {
		if rest, ok := strings.CutPrefix(p.rest, mark); ok {
			p.rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
			break
		}
	}
	return len(p.rest) < len(before)
}

// number consumes between least and most ASCII digits.
func (p *parser) number(least, most int) (int, bool) {
	n, i := 0, 0
	for i < len(p.rest) && i < most && p.rest[i] >= '0' && p.rest[i] <= '9' {
		n = n*10 + int(p.rest[i]-'0')
		i++
	}
	if i < least || i < len(p.rest) && p.rest[i] >= '0' && p.rest[i] <= '9' {
		return 0, false
	}
	p.rest = p.rest[i:]
	return n, true
}

// byte consumes c if rest starts with it.
func (p *parser) byte(c byte) bool {
	if p.rest == "" || p.rest[0] != c {
		return false
	}
	p.rest = p.rest[1:]
	return true
}

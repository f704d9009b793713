package pagedump

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
)

// Date lines as Persian agencies print them, all in Tehran time:
//
//	1402/08/04 - 16:45                     the model page
//	پنجشنبه / ۳۰ فروردین ۱۴۰۳ / ۱۱:۳۱        weekday, day, month name, year, time
//	۱۱:۱۰ - ۰۷ بهمن ۱۴۰۴                     time first
//	تاریخ انتشار: ۱۴۰۳/۰۱/۳۰ ساعت ۱۱:۳۱      labelled
//	۳۰ فروردین ۱۴۰۳ - 18 April 2024 - 11:31  with the Gregorian date beside
//
// in Persian, Arabic-Indic or Latin digits. Only years 1300–1499 are
// read as Jalali, so a Gregorian date beside one is passed over.
var (
	numericDate = regexp.MustCompile(`(1[34][0-9]{2})\s*[/\-.]\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})`)
	namedDate   = regexp.MustCompile(`([0-9]{1,2})\s*(` + strings.Join(jalali.MonthNames[:], "|") + `)\s*(?:ماه\s*)?(1[34][0-9]{2})`)
	clock       = regexp.MustCompile(`(^|[^0-9:])([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?($|[^0-9:])`)
)

// FindTime finds a Jalali date, and the time of day beside it if there
// is one, in a line of a page, and returns the instant in UTC. A line
// with no Jalali date, or a date that does not exist, gives false.
func FindTime(line string) (time.Time, bool) {
	line = normalizeLetters(jalali.LatinDigits(line))
	var y, m, d int
	rest := line
	if loc := namedDate.FindStringSubmatchIndex(line); loc != nil {
		d, _ = strconv.Atoi(line[loc[2]:loc[3]])
		m = monthNumber(line[loc[4]:loc[5]])
		y, _ = strconv.Atoi(line[loc[6]:loc[7]])
		rest = line[:loc[0]] + " " + line[loc[1]:]
	} else if loc := numericDate.FindStringSubmatchIndex(line); loc != nil {
		y, _ = strconv.Atoi(line[loc[2]:loc[3]])
		m, _ = strconv.Atoi(line[loc[4]:loc[5]])
		d, _ = strconv.Atoi(line[loc[6]:loc[7]])
		rest = line[:loc[0]] + " " + line[loc[1]:]
	} else {
		return time.Time{}, false
	}
	date := strconv.Itoa(y) + "/" + strconv.Itoa(m) + "/" + strconv.Itoa(d)
	if c := clock.FindStringSubmatch(rest); c != nil {
		date += " " + c[2] + ":" + c[3]
		if c[4] != "" {
			date += ":" + c[4]
		}
	}
	t, err := jalali.ParseDateTime(date)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

func monthNumber(name string) int {
	for i, n := range jalali.MonthNames {
		if n == name {
			return i + 1
		}
	}
	return 0
}

// normalizeLetters writes the Arabic forms of yeh and kaf as Persian
// ones, as pages mix them («ارديبهشت»).
func normalizeLetters(s string) string {
	return strings.NewReplacer("ي", "ی", "ك", "ک", "ى", "ی").Replace(s)
}

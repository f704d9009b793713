package jalali

import (
	"time"
	// The embedded zone database lets LoadLocation find Asia/Tehran on
	// machines without zoneinfo (scratch containers, Windows): about 450 kB
	// in the binary, so dates never silently shift to UTC.
	_ "time/tzdata"
)

// Tehran is the Asia/Tehran time zone, loaded from the system zoneinfo or,
// failing that, from the copy embedded in the binary. Iran has kept
// UTC+03:30 all year since it abolished daylight saving in 2022.
var Tehran = loadTehran()

func loadTehran() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		// Unreachable with time/tzdata linked in; a fixed zone is right for
		// every time since 2022 should it ever happen.
		return time.FixedZone("+0330", 3*60*60+30*60)
	}
	return loc
}

// FromTime returns the Jalali date of t in Tehran, whatever t's location.
func FromTime(t time.Time) Date {
	_, offset := t.In(Tehran).Zone()
	return fromDays(unixDays(t.Unix() + int64(offset)))
}

// Start returns the first instant of d in Tehran, as a time in UTC. That is
// 00:00 Tehran time, except on days when a clock change at midnight skipped
// it (daylight saving began at 24:00 until 2022: the day began at 01:00) or
// repeated it (the first of the two midnights is the start).
func (d Date) Start() time.Time {
	// Midnight in seconds of Tehran wall clock since 1970-01-01 00:00.
	midnight := d.days() * 86400
	// Walk the zone's periods from an instant certainly still on the day
	// before, to the first instant whose wall clock reads midnight or later.
	t := time.Unix(midnight-15*3600, 0).In(Tehran)
	for {
		_, offset := t.Zone()
		start := time.Unix(midnight-int64(offset), 0)
		if start.Before(t) {
			start = t // the period began past midnight: a skipped midnight
		}
		_, end := t.ZoneBounds()
		if end.IsZero() || start.Before(end) {
			return start.UTC()
		}
		t = end.In(Tehran)
	}
}

// clock returns t in Tehran as a Jalali date and the wall clock hour and
// minute.
func clock(t time.Time) (d Date, hour, minute int, weekday time.Weekday) {
	t = t.In(Tehran)
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset)
	n := unixDays(sec)
	inDay := int(sec - n*86400)
	return fromDays(n), inDay / 3600, inDay % 3600 / 60, t.Weekday()
}

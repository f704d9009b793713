package jalali

import (
	"strings"
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	midnight := time.Date(2023, 10, 25, 20, 30, 0, 0, time.UTC) // 1402/08/04 00:00
	tests := []struct {
		in   string
		want time.Time
	}{
		{"1402/08/04 - 16:45", published},
		{"۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵", published},
		{"١٤٠٢/٠٨/٠٤ - ١٦:٤٥", published},
		{"1402/8/4 16:45", published},
		{"1402-08-04 16:45", published},
		{"1402/08/04-16:45", published},
		{"1402/08/04، 16:45", published},
		{"  1402/08/04  -  16:45 ", published},
		{"\u200f1402/08/04 - 16:45", published}, // with the RLM of a copied RTL page
		{"1402/08/04 16:45:30", published.Add(30 * time.Second)},
		{"1402/08/04", midnight},
		{"1402-08-04", midnight},
		{"۱۴۰۲/۸/۴", midnight},
		{"1403/12/30 23:59", time.Date(2025, 3, 20, 20, 29, 0, 0, time.UTC)},
		{"1400/04/29 12:30", time.Date(2021, 7, 20, 8, 0, 0, 0, time.UTC)}, // UTC+04:30
	}
	for _, tt := range tests {
		got, err := ParseDateTime(tt.in)
		if err != nil {
			t.Errorf("ParseDateTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseDateTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty input"},
		{"   ", "empty input"},
		{"1402/13/01", "month 13 out of range 1-12"},
		{"1402/00/01", "month 0 out of range 1-12"},
		{"1402/12/30", "day 30 out of range 1-29 for 1402/12, 1402 is not a leap year"},
		{"1402/07/31", "day 31 out of range 1-30 for 1402/07"},
		{"1402/08/00", "day 0 out of range"},
		{"0/01/01", "year 0 out of range"},
		{"1402/08/04 - 16:45 خبر", `unexpected " خبر" after the time`},
		{"1402/08/04x", `unexpected "x" after the date`},
		{"1402/08/04 24:00", "hour 24 out of range 0-23"},
		{"1402/08/04 16:60", "minute 60 out of range 0-59"},
		{"1402/08/04 16:45:60", "second 60 out of range 0-59"},
		{"1402/08/04 16:5", "want two-digit minutes"},
		{"1402/08/04 16", "want : after the hour"},
		{"1402/08/04 -", "want an hour"},
		{"1402/08-04", "want / after the month"},
		{"1402.08.04", "want / or - after the year"},
		{"14021/08/04", "want a year"},
		{"1402/123/04", "want a month"},
		{"1402/08/", "want a day"},
		{"آبان ۱۴۰۲", "want a year"},
	}
	for _, tt := range tests {
		_, err := ParseDateTime(tt.in)
		if err == nil {
			t.Errorf("ParseDateTime(%q) succeeded, want error %q", tt.in, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDateTime(%q) error = %q, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, in := range []string{"1402/08/04", "1402-08-04", "1402/8/4", "۱۴۰۲/۰۸/۰۴", "١٤٠٢-٠٨-٠٤"} {
		if got, err := ParseDate(in); err != nil || got != (Date{1402, 8, 4}) {
			t.Errorf("ParseDate(%q) = %v, %v; want 1402/08/04", in, got, err)
		}
	}
	for _, in := range []string{"", "1402/12/30", "1402/08/04 16:45", "1402/08"} {
		if got, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, got)
		}
	}
}

// TestRoundTrip formats and parses back every quarter hour of 1402, and
// checks that String and ParseDate invert each other for every day of it.
func TestRoundTrip(t *testing.T) {
	start := Date{1402, 1, 1}.Start()
	end := Date{1403, 1, 1}.Start()
	for ts := start; ts.Before(end); ts = ts.Add(15 * time.Minute) {
		for _, s := range []string{FormatNumeric(ts), LatinDigits(FormatNumeric(ts))} {
			got, err := ParseDateTime(s)
			if err != nil || !got.Equal(ts) {
				t.Fatalf("ParseDateTime(%q) = %v, %v; want %v", s, got, err, ts)
			}
		}
	}
	for d := (Date{1402, 1, 1}); d.Year == 1402; d = d.next() {
		if got, err := ParseDate(d.String()); err != nil || got != d {
			t.Fatalf("ParseDate(%q) = %v, %v", d.String(), got, err)
		}
	}
}

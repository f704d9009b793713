// Package pagedump reads the text of a published news page, as copied
// from a browser or saved by an archive crawler, into a story. Persian
// agency sites built on the aasaam and Nastooh systems lay a story page out
// the same way:
//
//	خبر/                                          breadcrumb: the section
//	روتیتر                                         optional kicker
//	تیتر                                           headline
//	1402/08/04 - 16:45 - کد خبر: 101870 نسخه چاپی   Jalali time, news code, print link
//	نصر: لید …                                     lead, opened by the source
//	paragraphs …                                   body, one line each
//	انتهای پیام/                                   end-of-message marker
//	تیتر ایلنا - خبرگزاری کار ایران                 title: headline + site name
//	ثبت نظر / نمایش 0 نظر                          comments
//
// Blank lines, the print link, the end marker, the title line and the
// comment lines may be missing; the news code line and a headline above it
// may not.
package pagedump

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// Page is what a page dump says about one story.
type Page struct {
	Section      string // breadcrumb, e.g. «خبر»; "" when the page has none
	Kicker       string // روتیتر; "" when the page has none
	Headline     string
	Published    time.Time // UTC
	Code         int64
	Source       string // agency credited at the head of the lead, e.g. «نصر»
	Lead         string // without the "source: " prefix
	Paragraphs   []string
	EndMarker    string // e.g. «انتهای پیام/»
	SiteName     string // the <title> after the headline
	CommentCount int
}

var (
	// codeLine finds the news code; what comes before it is the time.
	codeLine = regexp.MustCompile(`کد\s*خبر\s*[:：]\s*([0-9]+)`)
	// tell is what Looks searches for: a dash, then the news code.
	tell         = regexp.MustCompile(`[-–]\s*کد\s*خبر\s*[:：]\s*[0-9]+`)
	commentsLine = regexp.MustCompile(`^نمایش\s*([0-9]+)\s*نظر`)
)

// Looks reports whether text looks like a page dump: it has the
// "- کد خبر: N" line, in Latin or Persian digits.
func Looks(text []byte) bool {
	return tell.MatchString(jalali.LatinDigits(string(text)))
}

// Parse reads a page dump. It returns an *news.Error with code EINVALID,
// naming what is missing or wrong, when the text is not UTF-8, has no news
// code line, no headline above it, or an unreadable date or code.
func Parse(text string) (*Page, error) {
	if !utf8.ValidString(text) {
		return nil, invalid("the page is not valid UTF-8")
	}
	lines := splitLines(text)

	meta := -1
	var m []string
	for i, line := range lines {
		if m = codeLine.FindStringSubmatch(jalali.LatinDigits(line)); m != nil {
			meta = i
			break
		}
	}
	if meta < 0 {
		return nil, invalid("no news code line («کد خبر: …»)")
	}
	p := new(Page)
	var err error
	if p.Code, err = strconv.ParseInt(m[1], 10, 64); err != nil || p.Code <= 0 {
		return nil, invalid("news code %q is not a positive number", m[1])
	}
	if p.Published, err = parseTime(lines[meta]); err != nil {
		return nil, err
	}

	if err := p.parseHead(lines[:meta]); err != nil {
		return nil, err
	}
	p.parseTail(lines[meta+1:])
	return p, nil
}

// parseTime reads the publish time in front of the news code.
func parseTime(line string) (time.Time, error) {
	line = jalali.LatinDigits(line)
	loc := codeLine.FindStringIndex(line)
	date := strings.TrimRight(line[:loc[0]], " \t-–")
	if date == "" {
		return time.Time{}, invalid("no publish date before the news code")
	}
	t, err := jalali.ParseDateTime(date)
	if err != nil {
		return time.Time{}, invalid("bad publish date %q: %v", date, err)
	}
	return t, nil
}

// parseHead reads breadcrumb, kicker and headline from the lines above
// the news code line.
func (p *Page) parseHead(lines []string) error {
	var head []string
	for _, line := range lines {
		if line != "" {
			head = append(head, line)
		}
	}
	if len(head) > 0 && isBreadcrumb(head[0]) {
		p.Section = breadcrumbSection(head[0])
		head = head[1:]
	}
	if len(head) == 0 {
		return invalid("no headline above the news code line")
	}
	p.Headline = head[len(head)-1]
	if len(head) > 1 {
		p.Kicker = head[len(head)-2]
	}
	return nil
}

// parseTail reads lead, body, end marker, title and comments from the
// lines below the news code line.
func (p *Page) parseTail(lines []string) {
	inBody := true
	for _, line := range lines {
		switch {
		case line == "":
			continue
		case isEndMarker(line):
			p.EndMarker = line
			inBody = false
			continue
		case p.Headline != "" && strings.HasPrefix(line, p.Headline) && len(line) > len(p.Headline):
			if site := strings.TrimLeft(line[len(p.Headline):], " \t-–|:"); site != "" && p.SiteName == "" {
				p.SiteName = site
			}
			inBody = false
			continue
		case line == "ثبت نظر":
			inBody = false
			continue
		}
		if c := commentsLine.FindStringSubmatch(jalali.LatinDigits(line)); c != nil {
			p.CommentCount, _ = strconv.Atoi(c[1])
			inBody = false
			continue
		}
		if !inBody {
			continue // page furniture after the story
		}
		if p.Lead == "" && p.Source == "" && len(p.Paragraphs) == 0 {
			p.Source, p.Lead = splitSource(line)
			continue
		}
		p.Paragraphs = append(p.Paragraphs, line)
	}
}

func isBreadcrumb(line string) bool {
	return strings.HasSuffix(line, "/") || strings.HasSuffix(line, "»") && !strings.Contains(line, "«")
}

// breadcrumbSection returns the section of a breadcrumb such as «خبر/» or
// «صفحه اصلی/سیاسی/مجلس/»: its first part after the home page.
func breadcrumbSection(line string) string {
	for part := range strings.FieldsFuncSeq(line, func(r rune) bool { return r == '/' || r == '»' }) {
		part = strings.TrimSpace(part)
		switch part {
		case "", "صفحه اصلی", "خانه", "صفحه نخست":
			continue
		}
		return part
	}
	return ""
}

func isEndMarker(line string) bool {
	return strings.HasPrefix(line, "انتهای پیام") || strings.HasPrefix(line, "انتهای خبر")
}

// notSources are last words that make "… گفت: …" a quote, not a credit.
var notSources = map[string]bool{
	"گفت": true, "افزود": true, "کرد": true, "داد": true, "است": true,
	"شد": true, "نوشت": true, "داشت": true, "گفته": true, "کرده": true,
	"می‌گوید": true, "میگوید": true, "اعلام": true, "نوشته": true, "بیان": true,
	"اظهار": true, "گفتند": true, "کردند": true, "شده": true, "گزارش": true,
}

// splitSource splits the credit off a lead: «نصر: در دیدار …» gives «نصر»
// and «در دیدار …». A lead without a short credit before a colon comes
// back whole.
func splitSource(lead string) (source, rest string) {
	i := strings.IndexAny(lead, ":：")
	if i <= 0 {
		return "", lead
	}
	prefix := strings.TrimSpace(lead[:i])
	_, size := utf8.DecodeRuneInString(lead[i:])
	words := strings.Fields(prefix)
	switch {
	case len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(prefix) > 40:
		return "", lead
	case notSources[words[len(words)-1]]:
		return "", lead
	case strings.ContainsAny(jalali.LatinDigits(prefix), "0123456789"):
		return "", lead // a time such as «ساعت 10:30»
	}
	return prefix, strings.TrimSpace(lead[i+size:])
}

// splitLines splits text into lines trimmed of spaces and of the bidi
// marks that text copied from right-to-left pages carries.
func splitLines(text string) []string {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimFunc(line, func(r rune) bool {
			switch r {
			case ' ', '\t', '\u00a0', '\u200e', '\u200f', '\u061c', '\ufeff', '\v', '\f':
				return true
			}
			return false
		})
	}
	return lines
}

func invalid(format string, args ...any) error {
	return news.Errorf(news.EINVALID, "pagedump: "+format, args...)
}

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
	Source       string // agency credited at the head of the lead, e.g. «نصر» or «ایسنا/کردستان»
	Lead         string // without the credit
	Byline       string // «خبرنگار: …» and the like, when the page names one
	Paragraphs   []string
	Tags         []string
	EndMarker    string // e.g. «انتهای پیام/»
	SiteName     string // the <title> after the headline
	CommentCount int
}

var (
	// codeLine finds the news code wherever the page prints it.
	codeLine = regexp.MustCompile(`(?:کد\s*خبر|شناسه\s*خبر|کد\s*مطلب|(?i:news\s*id))\s*[:：]?\s*([0-9]+)`)
	// tell is what Looks searches for: a news code, labelled.
	tell         = codeLine
	commentsLine = regexp.MustCompile(`^(?:نمایش\s*)?([0-9]+)\s*(?:نظر|دیدگاه)`)
)

// Looks reports whether text looks like a page dump: it has a labelled
// news code («کد خبر: N», in any digits) and a Jalali date.
func Looks(text []byte) bool {
	s := normalizeLetters(jalali.LatinDigits(string(text)))
	if !tell.MatchString(s) {
		return false
	}
	for line := range strings.SplitSeq(s, "\n") {
		if _, found, _ := findTime(line); found {
			return true
		}
	}
	return false
}

// Parse reads a page dump. It returns an *news.Error with code EINVALID,
// naming what is missing or wrong, when the text is not UTF-8, has no news
// code, no publish date, no headline, or an unreadable date or code.
//
// The date line anchors the story: the lead is the first line below it
// that reads as one (opened by a credit, a dateline such as «ایسنا/کردستان»
// or «به گزارش», or long); the headline is above the date line, or, when
// the page prints the date first, the line above the lead. The body runs
// from the lead to the end marker, the title line, the comments or the
// first line of the site's furniture after a story (tags, related news,
// the footer). Lines in the body that are the page's own (the code, share
// and print links, «بیشتر بخوانید» boxes) are left out; any other line is
// kept in the body.
func Parse(text string) (*Page, error) {
	if !utf8.ValidString(text) {
		return nil, invalid("the page is not valid UTF-8")
	}
	var lines []string
	for _, line := range splitLines(text) {
		if line != "" {
			lines = append(lines, line)
		}
	}
	p := new(Page)
	codeAt := -1
	for i, line := range lines {
		if m := codeLine.FindStringSubmatch(normalizeLetters(jalali.LatinDigits(line))); m != nil {
			code, err := strconv.ParseInt(m[1], 10, 64)
			if err != nil || code <= 0 {
				return nil, invalid("news code %q is not a positive number", m[1])
			}
			p.Code, codeAt = code, i
			break
		}
	}
	if codeAt < 0 {
		return nil, invalid("no news code line («کد خبر: …»)")
	}
	dateAt, err := p.findDate(lines, codeAt)
	if err != nil {
		return nil, err
	}
	// The meta block: the date line and the lines about the page beside
	// it (the code, the print link).
	top, bottom := dateAt, dateAt
	for top > 0 && isMeta(lines[top-1]) {
		top--
	}
	for bottom+1 < len(lines) && isMeta(lines[bottom+1]) {
		bottom++
	}
	after := bottom + 1
	var leadAt int
	if dateFirst(lines, after) {
		// date, [kicker], headline, lead
		leadAt = after + 1
		for leadAt < len(lines) && !leadLike(lines[leadAt]) {
			leadAt++
		}
		if leadAt >= len(lines) {
			leadAt = after + 1
		}
		var head []string
		for _, l := range lines[after:leadAt] {
			if !isChrome(l) && !isMeta(l) {
				head = append(head, l)
			}
		}
		p.placeHead(head, lines[:top])
	} else {
		leadAt = after
		p.placeHead(nil, lines[:top])
	}
	if p.Headline == "" {
		return nil, invalid("no headline above the news code line or the date")
	}
	p.parseTail(lines[leadAt:])
	return p, nil
}

// findDate finds the publish date: on the code line, else the first line
// with a date and a time, else the first with a date.
func (p *Page) findDate(lines []string, codeAt int) (int, error) {
	if t, found, err := findTime(lines[codeAt]); found {
		p.Published = t
		return codeAt, err
	}
	dated := -1
	for i, line := range lines {
		t, found, err := findTime(line)
		if !found {
			continue
		}
		if err != nil {
			return 0, err
		}
		if clock.MatchString(jalali.LatinDigits(line)) {
			p.Published = t
			return i, nil
		}
		if dated < 0 {
			dated, p.Published = i, t
		}
	}
	if dated < 0 {
		return 0, invalid("no publish date (a Jalali date such as «۱۴۰۳/۰۱/۳۰ - ۱۱:۳۱» or «۳۰ فروردین ۱۴۰۳»)")
	}
	return dated, nil
}

// dateFirst reports whether the page prints the date above the headline:
// the line after the meta block does not read as a lead and one of the
// two after it does.
func dateFirst(lines []string, after int) bool {
	if after >= len(lines) || leadLike(lines[after]) {
		return false
	}
	seen := 0
	for i := after + 1; i < len(lines) && seen < 3; i++ {
		if isMeta(lines[i]) {
			continue
		}
		if leadLike(lines[i]) {
			return true
		}
		seen++
	}
	return false
}

// placeHead finds headline, kicker and section: the headline is the last
// line of below (the lines between the date and the lead) when there are
// any, else the nearest line of the page above the date.
func (p *Page) placeHead(below, above []string) {
	var head []string
	for _, l := range above {
		switch {
		case isBreadcrumb(l):
			p.Section = breadcrumbSection(l)
			head = head[:0]
		case isChrome(l), isMeta(l):
			if knownSection(l) {
				p.Section = l
			}
			head = head[:0]
		default:
			head = append(head, l)
		}
	}
	head = dropRepeats(head)
	if len(below) > 0 {
		below = dropRepeats(below)
		p.Headline = below[len(below)-1]
		if len(below) > 1 {
			p.kickerOrSection(below[len(below)-2])
		}
		return
	}
	if len(head) == 0 {
		return
	}
	p.Headline = head[len(head)-1]
	if len(head) > 1 {
		p.kickerOrSection(head[len(head)-2])
	}
}

// kickerOrSection places the line above the headline: a kicker, or, a
// word or two alone, the name of the page's section or service.
func (p *Page) kickerOrSection(line string) {
	switch n := len(strings.Fields(line)); {
	case n >= 3 && utf8.RuneCountInString(line) < 150:
		p.Kicker = line
	case n < 3 && p.Section == "":
		p.Section = line
	}
}

// dropRepeats drops a line that repeats the one after it, as pages print
// the headline twice.
func dropRepeats(lines []string) []string {
	out := lines[:0:0]
	for i, l := range lines {
		if i+1 < len(lines) && lines[i+1] == l {
			continue
		}
		out = append(out, l)
	}
	return out
}

// parseTail reads lead, body, end marker, title and comments from the
// lead on.
func (p *Page) parseTail(lines []string) {
	skipNext := false
	for i, line := range lines {
		if skipNext {
			skipNext = false
			if utf8.RuneCountInString(line) < 120 {
				continue
			}
		}
		switch {
		case line == p.Headline && i > 0:
			continue // the headline repeated
		case isEndMarker(line):
			p.EndMarker = line
			p.furniture(lines[i+1:])
			return
		case p.Headline != "" && strings.HasPrefix(line, p.Headline) && len(line) > len(p.Headline):
			p.furniture(lines[i:])
			return
		case endsStory(line):
			p.furniture(lines[i:])
			return
		case isByline(line):
			if p.Byline == "" {
				p.Byline = line
			}
			continue
		case isReadMore(line):
			_, skipNext = readMore(line)
			continue
		case isMeta(line):
			continue
		}
		if c := commentsLine.FindStringSubmatch(jalali.LatinDigits(line)); c != nil && len(line) < 40 {
			p.furniture(lines[i:])
			return
		}
		if p.Lead == "" && p.Source == "" && len(p.Paragraphs) == 0 {
			p.Source, p.Lead = SplitCredit(line)
			continue
		}
		p.Paragraphs = append(p.Paragraphs, line)
	}
}

// furniture reads what the page says after the story: its title (and so
// the site's name), tags and comment count.
func (p *Page) furniture(lines []string) {
	for _, line := range lines {
		switch {
		case p.Headline != "" && strings.HasPrefix(line, p.Headline) && len(line) > len(p.Headline):
			if site := strings.TrimLeft(line[len(p.Headline):], " \t-–|:"); site != "" && p.SiteName == "" {
				p.SiteName = site
			}
		case tagsLine(line) != nil && p.Tags == nil:
			p.Tags = tagsLine(line)
		case isByline(line) && p.Byline == "":
			p.Byline = line
		}
		if c := commentsLine.FindStringSubmatch(jalali.LatinDigits(line)); c != nil && p.CommentCount == 0 {
			p.CommentCount, _ = strconv.Atoi(c[1])
		}
	}
}

func isBreadcrumb(line string) bool {
	if utf8.RuneCountInString(line) > 100 {
		return false
	}
	return strings.HasSuffix(line, "/") || strings.HasSuffix(line, "»") && !strings.Contains(line, "«") ||
		strings.Contains(line, " > ") || strings.Contains(line, " › ") ||
		(strings.HasPrefix(line, "صفحه اصلی") || strings.HasPrefix(line, "خانه")) && strings.ContainsAny(line, "/»>›")
}

// breadcrumbSection returns the section of a breadcrumb such as «خبر/» or
// «صفحه اصلی/سیاسی/مجلس/»: its first part after the home page.
func breadcrumbSection(line string) string {
	for part := range strings.FieldsFuncSeq(line, func(r rune) bool { return r == '/' || r == '»' || r == '>' || r == '›' }) {
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
	line = strings.TrimLeft(line, "/ ")
	return strings.HasPrefix(line, "انتهای پیام") || strings.HasPrefix(line, "انتهای خبر") ||
		strings.HasPrefix(line, "پایان خبر") || strings.HasPrefix(line, "پایان پیام")
}

func isReadMore(line string) bool { is, _ := readMore(line); return is }

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

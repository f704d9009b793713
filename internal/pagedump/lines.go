package pagedump

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"khabar/internal/jalali"
	"khabar/internal/ninjs"
	"khabar/internal/persian"
)

// What the lines of a page are, by their words. Phrases are compared
// folded (ي/ك, ZWNJ and spacing do not matter).

// chromeWords are whole lines of a site's menus and boxes.
var chromeWords = foldSet(
	"صفحه اصلی", "صفحه نخست", "خانه", "آرشیو", "ورود", "عضویت", "جستجو", "جست‌وجو", "تماس با ما",
	"درباره ما", "ارتباط با ما", "تبلیغات", "چندرسانه‌ای", "عکس", "فیلم", "ویدیو", "ویدئو", "اینفوگرافیک",
	"پادکست", "صوت", "گرافیک", "کاریکاتور", "آخرین اخبار", "آخرین خبرها", "اخبار", "پربازدیدترین",
	"پربحث‌ترین", "پربیننده‌ترین", "تیتر یک", "یادداشت", "گفت‌وگو", "گزارش", "مصاحبه", "استان‌ها",
	"بین‌الملل", "جهان", "فرهنگی", "فرهنگ و هنر", "اجتماعی", "ورزشی", "ورزش", "اقتصادی", "اقتصاد",
	"سیاسی", "سیاست", "علمی", "فناوری", "علم و فناوری", "دانشگاه", "سلامت", "حوادث", "بازار",
	"English", "العربیة", "عربی", "RSS", "آر اس اس", "نقشه سایت", "همه اخبار", "سرویس‌ها", "سرویس ها",
	"خبر فوری", "اخبار فوری", "منو", "بستن", "بازگشت", "بالا", "امروز", "نسخه موبایل",
)

// tailPhrases open the furniture after a story: tags, related and
// most-read lists, the comment form, the footer.
var tailPhrases = []string{
	"برچسب‌ها", "برچسب ها", "برچسب:", "برچسب :", "کلمات کلیدی", "کلید واژه", "کلیدواژه", "تگ‌ها", "تگ ها",
	"اخبار مرتبط", "خبرهای مرتبط", "مطالب مرتبط", "مطالب پیشنهادی", "پیشنهاد سردبیر", "پربازدیدترین",
	"پربازدید", "پربیننده", "پربحث", "آخرین اخبار", "ثبت نظر", "ارسال نظر", "نظرات", "دیدگاه‌ها",
	"نظر شما", "دیدگاه شما", "کلیه حقوق", "تمامی حقوق", "همه حقوق", "حقوق این سایت", "کپی‌رایت",
	"اخبار روز", "از سراسر وب", "سایر رسانه‌ها",
}

// metaPhrases are the page's own lines about the story: print, share,
// copy, reading time, views.
var metaPhrases = []string{
	"نسخه چاپی", "نسخه قابل چاپ", "چاپ خبر", "لینک کوتاه", "کپی لینک", "کپی شد", "اشتراک گذاری", "اشتراک‌گذاری",
	"ارسال به دوستان", "زمان مطالعه", "تعداد بازدید", "بازدید:", "ذخیره", "دانلود", "اندازه متن", "A+", "A-",
	"تاریخ انتشار", "زمان انتشار", "آخرین به روز رسانی", "آخرین بروزرسانی", "عکس:", "عکاس:", "منبع تصویر",
}

var readMorePhrases = []string{"بیشتر بخوانید", "بخوانید", "بیشتر بدانید", "مطلب مرتبط", "خبر مرتبط", "پیشنهاد خبرنگار"}

var bylinePhrases = []string{"خبرنگار:", "خبرنگار :", "نویسنده:", "نویسنده :", "گزارشگر:", "به قلم:", "به قلم "}

// findTime is FindTime that also tells a date line whose date does not
// exist (found, with an error).
func findTime(line string) (time.Time, bool, error) {
	if t, ok := FindTime(line); ok {
		return t, true, nil
	}
	l := normalizeLetters(jalali.LatinDigits(line))
	if m := numericDate.FindString(l); m != "" {
		return time.Time{}, true, invalid("bad publish date %q: no such day", m)
	}
	if m := namedDate.FindString(l); m != "" {
		return time.Time{}, true, invalid("bad publish date %q: no such day", m)
	}
	return time.Time{}, false, nil
}

// isMeta reports a line about the page rather than the story: the code,
// a short date line, print and share links.
func isMeta(line string) bool {
	n := utf8.RuneCountInString(line)
	if n > 120 {
		return false
	}
	if codeLine.MatchString(normalizeLetters(jalali.LatinDigits(line))) {
		return true
	}
	if _, found, _ := findTime(line); found && n < 80 && !leadLike(line) {
		return true
	}
	for _, p := range metaPhrases {
		if strings.Contains(line, p) {
			return n < 60
		}
	}
	return onlySymbols(line)
}

func onlySymbols(line string) bool {
	return !strings.ContainsFunc(line, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// leadLike reports a line that reads as a lead: opened by a credit or
// «به گزارش», or long, or a sentence of some length.
func leadLike(line string) bool {
	if src, _ := SplitCredit(line); src != "" {
		return true
	}
	if strings.HasPrefix(line, "به گزارش") {
		return true
	}
	n := utf8.RuneCountInString(line)
	if n >= 130 {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return n >= 50 && strings.ContainsRune(".؛!؟", last)
}

// isChrome reports a line of the site's menus: a section or menu name
// alone, or several of them.
func isChrome(line string) bool {
	if utf8.RuneCountInString(line) > 80 {
		return false
	}
	if chromeWords[key(line)] || knownSection(line) {
		return true
	}
	parts := strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == '•' || r == '·' || r == '-' || r == '،' })
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !chromeWords[key(p)] && !knownSection(p) {
			return false
		}
	}
	return true
}

// knownSection reports a line that is the name of a section khabar
// knows.
func knownSection(line string) bool {
	return ninjs.SectionSlug(strings.TrimSpace(line)) != ""
}

// endsStory reports the first line of the furniture after a story.
func endsStory(line string) bool {
	if isChrome(line) {
		return true
	}
	if utf8.RuneCountInString(line) > 100 {
		return false
	}
	for _, p := range tailPhrases {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

func isByline(line string) bool {
	if utf8.RuneCountInString(line) > 80 {
		return false
	}
	for _, p := range bylinePhrases {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// readMore reports a «بیشتر بخوانید» line, and whether the headline it
// links is on the next line (nothing follows the phrase on its own).
func readMore(line string) (is, nextToo bool) {
	if utf8.RuneCountInString(line) > 160 {
		return false, false
	}
	for _, p := range readMorePhrases {
		if rest, ok := strings.CutPrefix(line, p); ok {
			return true, onlySymbols(rest)
		}
	}
	return false, false
}

// tagsLine returns the tags of a «برچسب‌ها: الف، ب» line, or nil.
func tagsLine(line string) []string {
	i := strings.IndexAny(line, ":：")
	if i < 0 || !endsStory(line[:i+1]) && !endsStory(line[:i]) {
		return nil
	}
	var tags []string
	for t := range strings.FieldsFuncSeq(line[i+1:], func(r rune) bool { return r == '،' || r == ',' || r == '|' || r == '#' }) {
		if t = strings.TrimSpace(t); t != "" && len(tags) < 20 {
			tags = append(tags, t)
		}
	}
	return tags
}

// dateline is a lead opened by agency and office without a colon:
// «ایسنا/کردستان معاون استاندار …», «ایرنا/ خراسان رضوی - …».
var (
	datelineDash = regexp.MustCompile(`^([\p{L}\x{200c}]{2,15})\s*/\s*([\p{L}\x{200c}]+(?:\s[\p{L}\x{200c}]+){0,2})\s*[-–—:]\s*(.+)$`)
	datelineWord = regexp.MustCompile(`^([\p{L}\x{200c}]{2,15})\s*/\s*([\p{L}\x{200c}]+)\s+(.+)$`)
)

// SplitCredit splits the credit off a lead: «نصر: در دیدار …» gives «نصر»
// and «در دیدار …», «ایسنا/کردستان معاون …» gives «ایسنا/کردستان» and
// «معاون …». A colon after a speech verb («… گفت: …») is a quote, not a
// credit; a lead without a credit comes back whole.
func SplitCredit(lead string) (source, rest string) {
	for _, re := range []*regexp.Regexp{datelineDash, datelineWord} {
		if m := re.FindStringSubmatch(lead); m != nil && !notSources[m[1]] {
			return m[1] + "/" + m[2], strings.TrimSpace(m[3])
		}
	}
	return splitSource(lead)
}

func key(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(persian.Fold(s), "\u200c", " ")), "")
}

func foldSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[key(w)] = true
	}
	return m
}

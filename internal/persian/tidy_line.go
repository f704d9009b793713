package persian

import "strings"

// Tidy is the newsroom editor's «ویرایش متن» action on display text. It
// does what TidyText does and more, and leaves alone whatever it is not
// sure of: a tidy that breaks words is worse than none.
//
// Letters and ZWNJ (TidyText, then the word rules):
//   - Arabic ي ى ك become Persian ی ک; tatweel goes. ة stays: it is right
//     in some words (دایرةالمعارف) and in Arabic names and phrases, and
//     only a reader can tell.
//   - ZWNJ after می and نمی: written apart always (می شود → می‌شود), glued
//     only before a verb Tidy knows (میشود → می‌شود, نمیتوان → نمی‌توان), so
//     words that merely start with می stay whole (میز، میدان، میلیون،
//     میوه، میراث، میهمان، مینا، and میدانی, which is also an adjective).
//   - ZWNJ before ها، های، هایی written apart (کتاب ها → کتاب‌ها) or glued to
//     a stem in ه or ی (گروههای → گروه‌های), and before ترین written apart.
//   - ZWNJ before تر after an adjective Tidy knows, written apart (بزرگ تر →
//     بزرگ‌تر) or glued (بزرگتر → بزرگ‌تر); a glued stem ending in a letter
//     that does not join (بالاتر) needs none. Nouns in تر (دختر، کبوتر،
//     دفتر، چتر، بستر، اختر) and the glued بهتر، بیشتر، کمتر، برتر stay.
//   - ZWNJ before ای after a word in ه written apart (خانه ای → خانه‌ای),
//     and before ام، ات، اش، اید، ایم، اند after a word of three letters or
//     more in a silent ه (گفته اند → گفته‌اند); not after اه, whose ه is
//     spoken (راه اش).
//
// Digits: ASCII digits become Persian ۰–۹ (Arabic-Indic ones always do)
// in a run of digits and separators (۱۴۰۲/۰۱/۱۵، ۱۲:۳۰، ۳.۵، ۱,۰۰۰) whose
// nearest letter, looking back and then ahead, is Persian. A run glued to
// Latin letters (COVID-19، F-16، H2O، mp3) or next to a Latin word (ISO 9001،
// Windows 11) stays, and so do digits with no letter in their line.
//
// Punctuation, where the text around is Persian:
//   - , ; ? after a Persian word become ، ؛ ؟ (, and ; only between
//     Persian words; ? unless a Latin word or digit follows).
//   - Straight double quotes around Persian text become «…», pair by pair;
//     a line with an odd number of them is left alone, and so is a pair
//     around Latin text.
//   - No space before ، ؛ . : ؟ ! ) » and one space after them before a
//     word, but not between digits (۳.۵، ۱۲:۳۰), not after the dot of a
//     one-letter abbreviation (ه.ش، ق.م) and not before a closing quote.
//     No space after « and after ( before Persian text; one space before «
//     and ( glued to a Persian word.
//
// Spaces: tabs become spaces, runs of spaces become one, each line is
// trimmed; line breaks stay. URLs and e-mail addresses are left exactly as
// they are, and so is text in Latin script (French « guillemets » too).
//
// Tidy is idempotent, returns valid UTF-8 (an invalid byte becomes U+FFFD),
// and changes no letter but ي ى ك (and tatweel, which it drops).
func Tidy(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		cr := strings.HasSuffix(line, "\r")
		if cr {
			line = line[:len(line)-1]
		}
		b.WriteString(tidyLine(line))
		if cr {
			b.WriteByte('\r')
		}
	}
	return b.String()
}

// tidyLine tidies one line: TidyText outside URLs and e-mail addresses,
// then the rules TidyText lacks, each a pass over the whole line.
func tidyLine(line string) string {
	if strings.IndexByte(line, '\t') >= 0 {
		line = strings.ReplaceAll(line, "\t", " ")
	}
	t := text{r: make([]rune, 0, len(line)), prot: make([]bool, 0, len(line))}
	from := 0
	for _, sp := range protectedSpans(line) {
		t.addString(tidyTextFixed(line[from:sp[0]]), false)
		t.addString(line[sp[0]:sp[1]], true)
		from = sp[1]
	}
	t.addString(tidyTextFixed(line[from:]), false)
	t.words()
	t.digits()
	t.marks()
	t.quotes()
	t.spacing()
	return string(t.r)
}

// tidyTextFixed applies TidyText until the text stops changing. Once is
// not always enough: TidyText joins می to the next word only when that
// word has two letters or more, and looks at it before joining it to its
// own suffix (نمی ک ترین → نمی ک‌ترین → نمی‌ک‌ترین). A second round finds
// no more of these, as a join never ends a word in a way that allows
// another; the bound is only a guard.
func tidyTextFixed(s string) string {
	for range 4 {
		t := TidyText(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

// text is a line being tidied: its runes, and whether each one lies in a
// URL or an e-mail address, where no rule applies.
type text struct {
	r    []rune
	prot []bool
}

func (t *text) add(r rune, protected bool) {
	t.r = append(t.r, r)
	t.prot = append(t.prot, protected)
}

func (t *text) addString(s string, protected bool) {
	for _, r := range s {
		t.add(r, protected)
	}
}

func (t *text) addRunes(rs []rune) {
	for _, r := range rs {
		t.add(r, false)
	}
}

// last returns the last rune of t, or 0 when t is empty.
func (t *text) last() rune {
	if len(t.r) == 0 {
		return 0
	}
	return t.r[len(t.r)-1]
}

// free reports whether r[i] exists and is outside URLs and addresses.
func (t *text) free(i int) bool {
	return i >= 0 && i < len(t.r) && !t.prot[i]
}

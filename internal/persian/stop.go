package persian

import "strings"

// stopWords are common Persian function words, written naturally and folded
// at start-up. They carry no meaning for search and are not indexed.
const stopWords = `
و در به از که این آن را با برای است بود شد شده شود باشد نیست هست هستند بوده
بودند شدند نیز هم تا یا اما ولی اگر هر همه دیگر یک او وی ما من تو شما آنها
اینها ایشان خود بر پس پیش نه چه چون زیرا اینکه آنکه همین همان چنین چنان
باید بین روی زیر سوی طی نزد درباره همچنین بنابراین حتی البته چرا کجا بسیار
خیلی بیش بیشتر هنوز اکنون مثل مانند جز ای آیا ها های هایی می نمی بی
`

// affixes are suffixes and prefixes that stand as their own word when the
// writer put a space or a ZWNJ before or after them (گروه‌های, گروه های,
// می شود). A ZWNJ part that is one of them is not indexed.
const affixes = `
ها های هایی هایم هایت هایش هایمان هایتان هایشان ای ایی ی ام ات اش مان تان
شان تر ترین اند ایم اید یم ید ند می نمی بی
`

// spaceSuffixes are the affixes that, standing after a space, are joined to
// the word before them; spacePrefixes are joined to the word after them.
const (
	spaceSuffixes = `ها های هایی تر ترین ای ایی ام اند ایم اید`
	spacePrefixes = `می نمی بی`
)

const (
	kindSuffix = 1 << iota
	kindPrefix
)

var (
	stopSet  = foldSet(stopWords)
	affixSet = foldSet(affixes)
	// joinKind tells which words join their neighbour across a space.
	joinKind = map[string]uint8{}
)

func init() {
	for _, w := range strings.Fields(spaceSuffixes) {
		joinKind[Fold(w)] |= kindSuffix
	}
	for _, w := range strings.Fields(spacePrefixes) {
		joinKind[Fold(w)] |= kindPrefix
	}
}

// foldSet folds the space-separated words of list into a set.
func foldSet(list string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(list) {
		m[Fold(w)] = struct{}{}
	}
	return m
}

// IsStopWord reports whether folded, a word already passed through Fold, is
// a Persian function word (و، در، به، از، که، این، را، است …) that search
// does not index. The stand-alone affixes ها، های، می، نمی، بی count as
// stop words too.
func IsStopWord(folded string) bool {
	_, ok := stopSet[folded]
	return ok
}

// stopFilter[b] has bit n set when a stop word of n bytes (mod 64) ends in
// byte b: a cheap first test before the map.
var stopFilter = func() (f [256]uint64) {
	for w := range stopSet {
		f[w[len(w)-1]] |= 1 << (len(w) & 63)
	}
	return f
}()

func isStopBytes(b []byte) bool {
	if len(b) == 0 || stopFilter[b[len(b)-1]]&(1<<(len(b)&63)) == 0 {
		return false
	}
	_, ok := stopSet[string(b)]
	return ok
}

func isAffixBytes(b []byte) bool {
	_, ok := affixSet[string(b)]
	return ok
}

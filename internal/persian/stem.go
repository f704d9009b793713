package persian

import (
	"bytes"
	"unicode/utf8"
)

// notInflected are words that end like a plural or a comparative but are
// not one (ایران is no plural of ایر). Stem leaves them, and their ها
// plurals, alone. Only words whose false stem would collide with another
// word, or that are very common, need to be here: a false stem that is no
// word (قهرم) harms nothing, but reads badly in highlights.
const notInflected = `
ایران تهران کرمان اصفهان همدان زنجان سمنان کاشان گرگان آبادان مازندران
آذربایجان هرمزگان لبنان یونان آلمان گیلان سودان میلان عمان ژاپن تایوان
میدان خیابان پایان نمایان شایان بنیان انسان آسمان باران سازمان ساختمان
درمان فرمان پیمان آرمان قهرمان ایمان امکان مکان جریان عنوان بحران دیوان
ایوان لیوان جبران عمران عرفان سامان زندان ارزان دوران دندان طوفان توفان
مهمان میهمان میزبان کاروان تاوان پنهان یکسان سلطان شیطان رمضان شعبان آبان
خندان ویران فراوان کاپیتان پیکان رحمان احسان سلمان عثمان کیوان مهران پژمان
گروگان رایگان بازرگان ارگان شایگان
دیپلمات
دفتر دختر کبوتر شتر چتر بستر اختر دکتر متر کیلومتر سانتیمتر میلیمتر لیتر
فیلتر کامپیوتر تیتر توییتر هلیکوپتر پوستر کاراکتر تئاتر انگشتر خاکستر
منچستر لستر پیتر چستر کارتر پارامتر اسکوتر گانگستر والتر هانتر کاترین
تنها تنهایی توان میتوان نمیتوان بتوان نتوان
`

var notInflectedSet = foldSet(notInflected)

// Stem returns the stem of folded, a word already passed through Fold and
// holding no ZWNJ. It strips at most one suffix of the ها group (ها، های،
// هایی، هایم … هایشان, and یی after ا or و: دانشجویی → دانشجو), then at most
// one of ترین، تر، ات، ان (with یان after a vowel: دانشجویان → دانشجو, and
// گان → ه: نمایندگان → نماینده). A stem keeps at least 2 letters (3 before
// ان and ات), never becomes a stop word (بهترین → بهتر), and words on an
// exception list (ایران، تهران، دفتر …) and place names in ستان are left
// whole. Words not ending in a Persian letter come back unchanged.
func Stem(folded string) string {
	var a [64]byte
	n, heh := stemLen(append(a[:0], folded...))
	if heh {
		return folded[:n] + "ه"
	}
	return folded[:n]
}

// stemLen returns the length of the stem of w, a prefix, and whether ه
// follows it (گان → ه).
func stemLen(w []byte) (n int, heh bool) {
	n = len(w)
	if n < 6 || w[n-2]&0xfc != 0xd8 {
		return n, false
	}
	// Every suffix ends in one of these letters: a cheap exit for most words.
	switch r := rune(w[n-2]&0x1f)<<6 | rune(w[n-1]&0x3f); r {
	case 'ا', 'ی', 'م', 'ت', 'ش', 'ن', 'ر':
	default:
		return n, false
	}
	k := stripHa(w)
	if k == n && !hasL2Suffix(w) || isNotInflected(w) {
		return n, false
	}
	if k < n {
		n, w = k, w[:k]
		if isNotInflected(w) {
			return n, false
		}
	}
	switch {
	case bytes.HasSuffix(w, []byte("ترین")):
		if k := n - len("ترین"); stemOK(w[:k], 2) {
			return k, false
		} else if k > 0 && isStopBytes(w[:k]) {
			return n - len("ین"), false // بهترین → بهتر
		}
	case bytes.HasSuffix(w, []byte("تر")):
		if k := n - len("تر"); stemOK(w[:k], 2) {
			return k, false
		}
	case bytes.HasSuffix(w, []byte("ات")):
		if k := n - len("ات"); stemOK(w[:k], 3) {
			return k, false
		}
	case bytes.HasSuffix(w, []byte("ان")):
		return stemAn(w)
	}
	return n, false
}

func hasL2Suffix(w []byte) bool {
	return bytes.HasSuffix(w, []byte("تر")) || bytes.HasSuffix(w, []byte("ترین")) ||
		bytes.HasSuffix(w, []byte("ات")) || bytes.HasSuffix(w, []byte("ان"))
}

// stripHa strips one suffix of the ها group and returns the new length.
func stripHa(w []byte) int {
	n := len(w)
	for _, s := range haSuffixes {
		if bytes.HasSuffix(w, s) && stemOK(w[:n-len(s)], 2) {
			return n - len(s)
		}
	}
	if bytes.HasSuffix(w, []byte("یی")) {
		k := n - len("یی")
		if r, _ := utf8.DecodeLastRune(w[:k]); (r == 'ا' || r == 'و') && stemOK(w[:k], 2) {
			return k
		}
	}
	return n
}

var haSuffixes = [][]byte{
	[]byte("هایشان"), []byte("هایتان"), []byte("هایمان"), []byte("هایم"),
	[]byte("هایت"), []byte("هایش"), []byte("هایی"), []byte("های"), []byte("ها"),
}

// stemAn strips the plural ان from w.
func stemAn(w []byte) (int, bool) {
	n := len(w)
	switch {
	case bytes.HasSuffix(w, []byte("ستان")) &&
		!bytes.Equal(w, []byte("دوستان")) && !bytes.Equal(w, []byte("دستان")):
		return n, false // استان، بیمارستان، افغانستان
	case bytes.HasSuffix(w, []byte("گان")):
		if k := n - len("گان"); stemOK(w[:k], 2) {
			return k, true // نمایندگان → نماینده
		}
		return n, false
	case bytes.HasSuffix(w, []byte("یان")):
		k := n - len("یان")
		if r, _ := utf8.DecodeLastRune(w[:k]); (r == 'ا' || r == 'و') && stemOK(w[:k], 2) {
			return k, false // دانشجویان → دانشجو
		}
	}
	if k := n - len("ان"); stemOK(w[:k], 3) {
		return k, false
	}
	return n, false
}

// stemOK reports whether s may stand as a stem: min letters and no stop word.
func stemOK(s []byte, min int) bool {
	return utf8.RuneCount(s) >= min && !isStopBytes(s)
}

func isNotInflected(w []byte) bool {
	_, ok := notInflectedSet[string(w)]
	return ok
}

package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// story is one corpus article, as the evaluation reads it.
type story struct {
	Title, Abstract string
	Paragraphs      []string
	Cat             string
	Tags            []string
	Link            string
}

// text is the item's text as the desk analyses it.
func (s story) text() string {
	return s.Title + "\n" + s.Abstract + "\n" + strings.Join(s.Paragraphs, "\n")
}

// readCorpus reads the corpus's source files from dir.
func readCorpus(dir string) ([]story, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*-[0-9].json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no corpus files in %s", dir)
	}
	seen := map[string]bool{}
	var out []story
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var list []story
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, s := range list {
			if seen[s.Link] || len(s.Paragraphs) == 0 || s.Title == "" {
				continue
			}
			seen[s.Link] = true
			if s.Cat == "" {
				s.Cat = "ورزش"
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// A rewrite is one way agencies retell a story.
type rewrite struct {
	name string
	fn   func(r *rand.Rand, s story) story
}

var credits = []string{"ایرنا", "ایسنا", "مهر", "فارس", "تسنیم", "ایلنا", "نصر"}

// synonyms are words agencies swap when they retell a story.
var synonyms = [][2]string{
	{"گفت", "اظهار داشت"}, {"افزود", "ادامه داد"}, {"اظهار کرد", "بیان کرد"}, {"همچنین", "نیز"},
	{"برگزار", "انجام"}, {"اعلام کرد", "خبر داد"}, {"تاکید کرد", "تصریح کرد"}, {"دیدار", "ملاقات"},
	{"بازی", "مسابقه"}, {"تیم", "باشگاه"}, {"امروز", "روز جاری"}, {"اما", "ولی"}, {"زیرا", "چرا که"},
	{"درباره", "در خصوص"}, {"کشور", "مملکت"}, {"مردم", "شهروندان"}, {"مسئولان", "مقامات"},
	{"سال", "سال"}, {"خواهد شد", "می‌شود"}, {"بسیار", "خیلی"}, {"شد", "گردید"},
}

func sentences(paras []string) []string {
	var out []string
	for _, p := range paras {
		for _, s := range strings.SplitAfter(p, ". ") {
			if strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
	}
	return out
}

func reorder(r *rand.Rand, s story) story {
	ss := sentences(s.Paragraphs)
	if len(ss) > 2 {
		// agencies keep the opening and move the rest about
		rest := ss[1:]
		r.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	}
	s.Paragraphs = []string{strings.Join(ss, " ")}
	return s
}

func rephraseLead(r *rand.Rand, s story) story {
	words := strings.Fields(s.Abstract)
	if len(words) > 6 {
		cut := len(words) / 3
		words = append(words[cut:], words[:cut]...)
	}
	s.Abstract = "به گزارش " + credits[r.IntN(len(credits))] + "، " + strings.Join(words, " ")
	s.Title = strings.Join(reverseHalf(strings.Fields(s.Title)), " ")
	return s
}

func reverseHalf(w []string) []string {
	if len(w) < 4 {
		return w
	}
	h := len(w) / 2
	return append(slices.Clone(w[h:]), w[:h]...)
}

func swapSynonyms(r *rand.Rand, s story) story {
	sw := func(t string) string {
		for _, p := range synonyms {
			a, b := p[0], p[1]
			if r.IntN(2) == 0 {
				a, b = b, a
			}
			t = strings.ReplaceAll(t, " "+a+" ", " "+b+" ")
		}
		return t
	}
	s.Title, s.Abstract = sw(s.Title), sw(s.Abstract)
	s.Paragraphs = mapStrings(s.Paragraphs, sw)
	return s
}

var addedParagraphs = []string{
	"این در حالی است که پیش از این نیز مسئولان وعده داده بودند که این موضوع در کوتاه‌ترین زمان پیگیری شود و نتیجهٔ آن به اطلاع مردم برسد.",
	"گفتنی است جزئیات بیشتر این خبر در ساعات آینده منتشر خواهد شد.",
	"کارشناسان معتقدند این تصمیم می‌تواند در ماه‌های آینده اثر قابل توجهی بر شرایط داشته باشد و باید با دقت دنبال شود.",
}

func addOrCut(r *rand.Rand, s story) story {
	p := slices.Clone(s.Paragraphs)
	if len(p) > 2 && r.IntN(2) == 0 {
		p = slices.Delete(p, len(p)-1, len(p))
	} else {
		p = append(p, addedParagraphs[r.IntN(len(addedParagraphs))])
	}
	s.Paragraphs = p
	return s
}

func dateline(r *rand.Rand, s story) story {
	c := credits[r.IntN(len(credits))]
	fix := func(t string) string {
		for _, old := range []string{"به گزارش خبرگزاری فارس", "به گزارش \"ورزش سه\"", "به گزارش فارس", "خبرگزاری فارس:"} {
			t = strings.ReplaceAll(t, old, "به گزارش "+c)
		}
		return t
	}
	s.Abstract = "تهران - " + c + " - " + fix(s.Abstract)
	s.Paragraphs = mapStrings(s.Paragraphs, fix)
	return s
}

func letters(r *rand.Rand, s story) story {
	repl := strings.NewReplacer("ی", "ي", "ک", "ك", "\u200c", "", " می ", " می\u200c", "ها ", " ها ")
	if r.IntN(2) == 0 {
		repl = strings.NewReplacer("ي", "ی", "ك", "ک", "می ", "می\u200c", " ها", "\u200cها")
	}
	s.Title, s.Abstract = repl.Replace(s.Title), repl.Replace(s.Abstract)
	s.Paragraphs = mapStrings(s.Paragraphs, repl.Replace)
	return s
}

func mapStrings(in []string, fn func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = fn(s)
	}
	return out
}

var rewrites = []rewrite{
	{"reorder", reorder},
	{"lead", rephraseLead},
	{"synonyms", swapSynonyms},
	{"paragraph", addOrCut},
	{"dateline", dateline},
	{"letters", letters},
	{"all", func(r *rand.Rand, s story) story {
		for _, rw := range []func(*rand.Rand, story) story{dateline, rephraseLead, reorder, swapSynonyms, addOrCut, letters} {
			s = rw(r, s)
		}
		return s
	}},
}

package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// spellingStories is an edition where the intended words are common and
// their near spellings rare, as in a news archive: ایران, پرسپولیس,
// باشگاه, مرحله and کشور in many stories; ایان, پلیس and پر, کشت in one.
func spellingStories() []*news.Story {
	var out []*news.Story
	n := 0
	add := func(status news.Status, headline, lead, body string) {
		n++
		out = append(out, &news.Story{
			URI:       fmt.Sprintf("urn:sp:%d", n),
			Section:   news.Section{Slug: "news", Name: "خبر"},
			Headline:  headline,
			Lead:      lead,
			Source:    "خبر",
			Body:      "<p>" + body + "</p>",
			Status:    status,
			Published: time.Date(2023, 9, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour),
		})
	}
	for i := range 30 {
		add(news.StatusPublished, fmt.Sprintf("سفر هیئت اقتصادی ایران به کشور همسایه در روز %d", i+1),
			"دو کشور درباره بازرگانی مرزی گفت‌وگو کردند.", "نمایندگان بازرگانان دو طرف درباره گمرک و حمل بار سخن گفتند.")
	}
	for i := range 25 {
		add(news.StatusPublished, fmt.Sprintf("باشگاه پرسپولیس به مرحله نهایی جام رسید؛ دیدار %d", i+1),
			"پرسپولیس در مرحله نهایی با رقیب دیرینه روبه‌رو می‌شود.", "هواداران باشگاه برای خرید بلیت صف کشیدند.")
	}
	for i := range 12 {
		body := "معاون وزیر جزئیات بودجه را توضیح داد."
		if i < 2 {
			// A writer's slip: وزارتت once, in a story that says وزارت.
			body += " برنامه‌های وزارتت در استان‌ها ادامه دارد."
		}
		add(news.StatusPublished, fmt.Sprintf("وزارت ورزش و جوانان بودجه سال %d را اعلام کرد", i+1),
			"سهم ورزش همگانی از بودجه وزارت افزایش یافت.", body)
		add(news.StatusPublished, fmt.Sprintf("زیارت عتبات عالیات در اربعین سال %d", i+1),
			"زائران از مرز مهران گذشتند.", "موکب‌ها در طول مسیر از زائران پذیرایی کردند.")
	}
	add(news.StatusPublished, "ایان مک‌کالوم در تهران سخنرانی کرد", "نویسنده اسکاتلندی از رمان تازه‌اش گفت.", "او از سفرش گفت.")
	add(news.StatusPublished, "پلیس راهور: خیابان‌های پر ترافیک شهر شناسایی شدند", "رانندگان مسیرهای دیگر را برگزینند.", "ترافیک سنگین است.")
	add(news.StatusPublished, "کشت گندم در دشت مغان آغاز شد", "کشاورزان بذر اصلاح‌شده می‌کارند.", "باران پاییزی زودتر آمد.")
	// A long story that names پرسپولیس once, deep in its body.
	add(news.StatusPublished, "گزارش بازار سرمایه در هفته گذشته", "شاخص کل بورس اندکی بالا رفت.",
		strings.Repeat("معامله‌گران سهام بانکی و خودرویی را خریدند و فروختند. ", 40)+"سهام پرسپولیس هم عرضه شد.")
	// Words only a draft holds correct nothing.
	add(news.StatusDraft, "پرسپلیس در پیش‌نویس", "پیش‌نویس", "پیش‌نویس")
	return out
}

// The corrector picks what a reader likely meant — the common word over
// the rare one, a single word over a cut, the spelling the other words
// go with — and the results are for it.
func TestSearchCorrectsLikeAReader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		for _, r := range st.ImportStories(ctx, spellingStories()) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		holdAll := func(res news.SearchResult, word string) bool {
			for _, h := range res.Hits {
				if !strings.Contains(h.Story.Headline+" "+h.Story.Lead, word) {
					return false
				}
			}
			return len(res.Hits) > 0
		}
		for _, c := range []struct{ typed, want, holds string }{
			{"ایارن", "ایران", "ایران"},           // a swap, not ایان (one story)
			{"پرسپلیس", "پرسپولیس", "پرسپولیس"},   // not «پر پلیس»
			{"باشگااه", "باشگاه", "باشگاه"},       // a doubled letter
			{"مررحله", "مرحله", "مرحله"},          // one word, named once
			{"کشر", "کشور", "کشور"},               // three letters, strong evidence
			{"زوارت ورزش", "وزارت ورزش", "وزارت"}, // the other word decides
			{"پرسپولیس مررحله", "پرسپولیس مرحله", "پرسپولیس"},
			{"وزارتت ورزش", "وزارت ورزش", "وزارت"}, // a slip some stories made too
		} {
			res := search(t, st, news.SearchQuery{Text: c.typed})
			if res.Suggestion != c.want || !res.Corrected {
				t.Errorf("%q: suggestion %q, corrected %v; want %q", c.typed, res.Suggestion, res.Corrected, c.want)
				continue
			}
			if !holdAll(res, c.holds) {
				t.Errorf("%q: a hit without %q in its headline or lead: %v", c.typed, c.holds, headlines(res))
			}
		}

		// As typed: the reader's own words, the correction only offered.
		res := search(t, st, news.SearchQuery{Text: "ایارن", AsTyped: true})
		if res.Total != 0 || res.Corrected || res.Suggestion != "ایران" {
			t.Errorf("as typed: %d hits, corrected %v, suggestion %q", res.Total, res.Corrected, res.Suggestion)
		}

		// Words spelled right, common or rare, stay as they are.
		for _, q := range []string{"ایران", "پرسپولیس", "مرحله", "وزارت ورزش", "زیارت", "کشور همسایه"} {
			if res := search(t, st, news.SearchQuery{Text: q}); res.Suggestion != "" || res.Corrected || res.Total == 0 {
				t.Errorf("%q spelled right: suggestion %q, corrected %v, %d hits", q, res.Suggestion, res.Corrected, res.Total)
			}
		}

		// A one-word query ranks the stories about the word first: the
		// long story naming پرسپولیس once in its body is not in the top ten.
		res = search(t, st, news.SearchQuery{Text: "پرسپولیس", Limit: 10})
		if res.Total != 26 || !holdAll(res, "پرسپولیس") {
			t.Errorf("پرسپولیس: %d hits, top ten %v", res.Total, headlines(res))
		}

		// Nonsense finds and suggests nothing; a word past the length
		// bound is searched as it is.
		for _, q := range []string{"ژغپخچث", "ضصثقفغعهخحج", strings.Repeat("پرسپولیس", 6), strings.Repeat("ثبق", 200)} {
			if res := search(t, st, news.SearchQuery{Text: q}); res.Total != 0 || res.Suggestion != "" || res.Corrected {
				t.Errorf("%.20q: %d hits, suggestion %q, corrected %v", q, res.Total, res.Suggestion, res.Corrected)
			}
		}
	})
}

func headlines(res news.SearchResult) []string {
	var hs []string
	for _, h := range res.Hits {
		hs = append(hs, h.Story.Headline)
	}
	return hs
}

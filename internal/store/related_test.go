package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// Three subjects, four stories each, written the way agencies write
// them: the same subject in different words.
var subjects = map[string][]struct{ headline, lead, body string }{
	"saffron": {
		{"افزایش صادرات زعفران خراسان به اروپا", "صادرات زعفران امسال رشد کرد.", "صادرکنندگان زعفران قائنات می‌گویند بازار اروپا برای زعفران ایرانی باز شده است."},
		{"قیمت زعفران در بازار مشهد کاهش یافت", "زعفران‌کاران از قیمت ناراضی‌اند.", "قیمت هر مثقال زعفران در بازار مشهد کم شد و کشاورزان زعفران نگران صادرات هستند."},
		{"برداشت زعفران در تربت حیدریه آغاز شد", "گل زعفران را کشاورزان صبح زود می‌چینند.", "برداشت گل زعفران در مزارع تربت حیدریه و قائنات آغاز شد و صادرات زعفران امسال بیشتر خواهد بود."},
		{"نمایشگاه زعفران در بیرجند گشایش یافت", "صادرکنندگان زعفران در بیرجند گرد آمدند.", "در نمایشگاه زعفران بیرجند، بازرگانان از بازار صادرات زعفران به اروپا و چین گفتند."},
	},
	"football": {
		{"پیروزی پرسپولیس بر استقلال در دربی", "دربی پایتخت با برد پرسپولیس تمام شد.", "پرسپولیس در ورزشگاه آزادی با یک گل استقلال را شکست داد و صدرنشین لیگ برتر شد."},
		{"سرمربی استقلال پس از دربی استعفا داد", "استقلال پس از شکست در دربی بی‌سرمربی شد.", "سرمربی استقلال پس از باخت دربی به پرسپولیس در نشست خبری ورزشگاه آزادی کناره گرفت."},
		{"هواداران پرسپولیس ورزشگاه آزادی را پر کردند", "بلیت دربی در یک ساعت فروخته شد.", "هواداران پرسپولیس و استقلال برای دربی لیگ برتر ورزشگاه آزادی را پر کردند."},
		{"جدول لیگ برتر پس از هفتهٔ دهم", "پرسپولیس صدرنشین لیگ برتر است.", "پس از دربی، پرسپولیس در صدر جدول لیگ برتر ماند و استقلال به رتبهٔ ششم رسید."},
	},
	"quake": {
		{"زلزلهٔ پنج ریشتری کرمان را لرزاند", "زلزله در کرمان خسارت جانی نداشت.", "زلزله‌ای به بزرگی پنج ریشتر حوالی کرمان را لرزاند و هلال احمر به روستاها رفت."},
		{"امدادرسانی هلال احمر به زلزله‌زدگان کرمان", "چادر و غذا به روستاهای زلزله‌زده رسید.", "نیروهای هلال احمر در روستاهای زلزله‌زدهٔ کرمان چادر برپا کردند و پس‌لرزه‌ها ادامه دارد."},
		{"پس‌لرزه‌های زلزلهٔ کرمان ادامه دارد", "مردم شب را بیرون از خانه گذراندند.", "لرزه‌نگاری پس‌لرزه‌های زلزلهٔ کرمان را ثبت کرد و هلال احمر هشدار داد."},
		{"بازسازی خانه‌های روستایی پس از زلزله", "بنیاد مسکن بازسازی را آغاز کرد.", "بنیاد مسکن بازسازی خانه‌های روستاهای زلزله‌زدهٔ کرمان را آغاز کرد و هلال احمر کمک کرد."},
	},
}

// subjectStories imports every story of subjects, and returns them by
// subject.
func subjectStories(t *testing.T, st *store.Store) map[string][]*news.Story {
	t.Helper()
	out := map[string][]*news.Story{}
	i := 0
	for _, name := range []string{"saffron", "football", "quake"} {
		for _, s := range subjects[name] {
			i++
			ns := &news.Story{URI: fmt.Sprintf("urn:test:%s:%d", name, i), Section: news.Section{Slug: "news", Name: "خبر"},
				Headline: s.headline, Lead: s.lead, Body: "<p>" + s.body + "</p>", Status: news.StatusPublished,
				Published: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)}
			importAll(t, st, ns)
			out[name] = append(out[name], ns)
		}
	}
	return out
}

func ids(stories []*news.Story) []int64 {
	var out []int64
	for _, s := range stories {
		out = append(out, s.ID)
	}
	return out
}

// Related stories share the story's subject; never the story itself, a
// killed one or an unpublished one; computed once per change by the
// worker following the change log, and not again for nothing.
func TestRelatedStories(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		by := subjectStories(t, st)
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		rounds := make(chan int, 100)
		go st.RunRelated(wctx, 10*time.Millisecond, func(n int, err error) {
			if err != nil {
				t.Error(err)
			}
			rounds <- n
		})
		await := func(want int) {
			t.Helper()
			got := 0
			deadline := time.After(20 * time.Second)
			for got < want {
				select {
				case n := <-rounds:
					got += n
				case <-deadline:
					t.Fatalf("related stories computed for %d stories, want %d", got, want)
				}
			}
			if got != want {
				t.Fatalf("related stories computed for %d stories, want %d", got, want)
			}
		}
		await(12)
		at := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
		for name, stories := range by {
			for _, s := range stories {
				rel, err := st.Related(ctx, s.ID, at, 5)
				if err != nil {
					t.Fatal(err)
				}
				if len(rel) < 3 {
					t.Fatalf("%s: %d related stories", s.Headline, len(rel))
				}
				same := ids(stories)
				for i, r := range rel[:3] {
					if r.ID == s.ID {
						t.Fatalf("%s is related to itself", s.Headline)
					}
					if !slices.Contains(same, r.ID) {
						t.Errorf("%s (%s): related story %d is «%s», of another subject", s.Headline, name, i+1, r.Headline)
					}
				}
			}
		}
		// Nothing changed: nothing is computed again.
		time.Sleep(100 * time.Millisecond)
		select {
		case n := <-rounds:
			t.Fatalf("computed %d again without a change", n)
		default:
		}
		// A kill takes the story out of the others' lists at once; the
		// change it makes is followed, and the one story recomputed.
		saffron := by["saffron"]
		if _, err := st.Kill(ctx, d.editor, saffron[1].ID, 0, "نادرست"); err != nil {
			t.Fatal(err)
		}
		rel, _ := st.Related(ctx, saffron[0].ID, at, 5)
		if slices.Contains(ids(rel), saffron[1].ID) {
			t.Fatal("a killed story is still related")
		}
		if _, err := st.Unpublish(ctx, d.editor, saffron[2].ID, 0); err != nil {
			t.Fatal(err)
		}
		if rel, _ := st.Related(ctx, saffron[0].ID, at, 5); slices.Contains(ids(rel), saffron[2].ID) {
			t.Fatal("an unpublished story is still related")
		}
		// Killed and unpublished stories get no list of their own.
		if rel, _ := st.Related(ctx, saffron[1].ID, at, 5); len(rel) > 0 && slices.Contains(ids(rel), saffron[1].ID) {
			t.Fatal("a killed story related to itself")
		}
		c := content("صادرات زعفران خراسان به چین دو برابر شد")
		c.Section, c.Body = "economy", "<p>صادرات زعفران قائنات به بازار چین دو برابر شد.</p>"
		fresh, err := st.CreateDraft(ctx, d.editor, c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Publish(ctx, d.editor, fresh.ID, fresh.Revision); err != nil {
			t.Fatal(err)
		}
		await(1)
		rel, _ = st.Related(ctx, fresh.ID, at, 5)
		if len(rel) == 0 || !slices.Contains(ids(saffron), rel[0].ID) {
			t.Fatalf("a new saffron story: related %+v", rel)
		}
	})
}

package persian

import "testing"

type tidyCase struct{ in, want string }

// Each table holds one rule of Tidy and the words it must not touch.
var (
	tidyLetterCases = []tidyCase{
		{"كتاب علي", "کتاب علی"},
		{"مصطفى", "مصطفی"},
		{"خـــبر", "خبر"},
		{"دایرةالمعارف", "دایرةالمعارف"}, // ة is right in some words
		{"می‌‌شود", "می‌شود"},
		{"‌خبر‌", "خبر"},
	}
	tidyVerbCases = []tidyCase{
		{"کار می شود", "کار می‌شود"},
		{"کار میشود", "کار می‌شود"},
		{"نمی توان گفت", "نمی‌توان گفت"},
		{"نمیتوان گفت", "نمی‌توان گفت"},
		{"میتوان دید", "می‌توان دید"},
		{"آنها میخواهند بروند", "آنها می‌خواهند بروند"},
		{"او نمیداند", "او نمی‌داند"},
		{"باران میبارد و ما میرویم", "باران می‌بارد و ما می‌رویم"},
		{"دلش میتپد", "دلش میتپد"}, // تپ is no stem Tidy knows: left alone
		{"میگفتند", "می‌گفتند"},
		{"میآید", "می‌آید"},
		{"میگوید", "می‌گوید"},
		// Words that only start with می.
		{"میز", "میز"},
		{"میدان آزادی", "میدان آزادی"},
		{"یک میلیون نفر", "یک میلیون نفر"},
		{"میوه تازه", "میوه تازه"},
		{"میراث فرهنگی", "میراث فرهنگی"},
		{"میهمان ما", "میهمان ما"},
		{"مینا آمد", "مینا آمد"},
		{"میگو و میمون", "میگو و میمون"},
		{"میزان تورم", "میزان تورم"},
		{"در میان مردم", "در میان مردم"},
		{"تحقیق میدانی", "تحقیق میدانی"},
		{"میخانه", "میخانه"},
	}
	tidyPluralCases = []tidyCase{
		{"کتاب ها و خبر های تازه", "کتاب‌ها و خبر‌های تازه"},
		{"گروههای کاری", "گروه‌های کاری"},
		{"فناوریها", "فناوری‌ها"},
		{"نامه هایی رسید", "نامه‌هایی رسید"},
		{"کتابها", "کتابها"}, // glued after a joining letter is a spelling, not an error
		{"تنها راه", "تنها راه"},
		{"ICT ها", "ICT ها"},
		{"بیانیهای تازه", "بیانیهای تازه"}, // بیانیه‌ای or بیانی‌های?
	}
	tidyComparativeCases = []tidyCase{
		{"شهری بزرگ تر", "شهری بزرگ‌تر"},
		{"شهری بزرگتر", "شهری بزرگ‌تر"},
		{"بزرگ ترین شهر", "بزرگ‌ترین شهر"},
		{"بزرگترین شهر", "بزرگ‌ترین شهر"},
		{"راهی سادهتر", "راهی ساده‌تر"},
		{"کاری سخت تر", "کاری سخت‌تر"},
		{"بیش تر", "بیش‌تر"},
		{"خیلی بالاتر", "خیلی بالاتر"}, // ا joins nothing: no ZWNJ needed
		{"بیشتر و کمتر", "بیشتر و کمتر"},
		{"بهتر و برتر", "بهتر و برتر"},
		{"بهترین", "بهترین"},
		{"چشم تر", "چشم تر"}, // تر is "wet" here
		// Nouns in تر.
		{"دختر", "دختر"},
		{"کبوتر", "کبوتر"},
		{"دفتر روزنامه", "دفتر روزنامه"},
		{"چتر", "چتر"},
		{"بستر رود", "بستر رود"},
		{"اختر", "اختر"},
		{"دکتر و متر", "دکتر و متر"},
		{"انگشتر و خاکستر", "انگشتر و خاکستر"},
	}
	tidyEndingCases = []tidyCase{
		{"برنامه هسته ای", "برنامه هسته‌ای"},
		{"خانه ای بزرگ", "خانه‌ای بزرگ"},
		{"گفته اند", "گفته‌اند"},
		{"رفته ایم", "رفته‌ایم"},
		{"آمده اید", "آمده‌اید"},
		{"نامه ام رسید", "نامه‌ام رسید"},
		{"خانه ات", "خانه‌ات"},
		{"همه اش", "همه‌اش"},
		{"در راه اش", "در راه اش"}, // spoken ه: راهش, not راه‌اش
		{"که ای کاش", "که ای کاش"},
		{"نه ام", "نه ام"},
	}
	tidyPunctCases = []tidyCase{
		{"سلام ، خوبی ؟", "سلام، خوبی؟"},
		{"سلام،خوبی؟", "سلام، خوبی؟"},
		{"گفت :آری", "گفت: آری"},
		{"تمام شد .سپس رفت", "تمام شد. سپس رفت"},
		{"چه خوب !", "چه خوب!"},
		{"نخست ؛ دوم", "نخست؛ دوم"},
		{"کتاب ( جلد دوم ) آمد", "کتاب (جلد دوم) آمد"},
		{"کتاب(جلد دوم)آمد", "کتاب (جلد دوم) آمد"},
		{"گفت« آری »و رفت", "گفت «آری» و رفت"},
		{"«پایان.»", "«پایان.»"},
		{"چرا ؟!", "چرا؟!"},
		{"صبر کن ...", "صبر کن..."},
		{"سال ۱۴۰۲ه.ش و ۵۰۰ ق.م", "سال ۱۴۰۲ه.ش و ۵۰۰ ق.م"},
		{"گفت:‌ «نه»", "گفت: «نه»"},
		{"پایان.", "پایان."},
		// Numbers keep their separators.
		{"رشد ۳.۵ درصد", "رشد ۳.۵ درصد"},
		{"ساعت ۱۲:۳۰ بود", "ساعت ۱۲:۳۰ بود"},
		{"۱,۰۰۰ تومان", "۱,۰۰۰ تومان"},
		// ASCII marks between Persian words.
		{"نان,آب و هوا", "نان، آب و هوا"},
		{"نخست;دوم", "نخست؛ دوم"},
		{"کجا?", "کجا؟"},
		{"کجا??", "کجا؟؟"},
		{"\"کجا\"?", "«کجا»؟"},
		{"کجا? Where", "کجا? Where"},
		{"سیب, pear", "سیب, pear"},
	}
	tidyDigitCases = []tidyCase{
		{"سال 1402", "سال ۱۴۰۲"},
		{"سال ١٤٠٢", "سال ۱۴۰۲"},
		{"ساعت 12:30", "ساعت ۱۲:۳۰"},
		{"تاریخ 1402/01/15", "تاریخ ۱۴۰۲/۰۱/۱۵"},
		{"رشد 3.5 درصد", "رشد ۳.۵ درصد"},
		{"1,000 تومان", "۱,۰۰۰ تومان"},
		{"50% آرا", "۵۰% آرا"},
		{"2 نفر", "۲ نفر"},
		{"بیماری COVID-19 و جنگنده F-16", "بیماری COVID-19 و جنگنده F-16"},
		{"فرمول H2O", "فرمول H2O"},
		{"استاندارد ISO 9001 را گرفت", "استاندارد ISO 9001 را گرفت"},
		{"ویندوز Windows 11 آمد", "ویندوز Windows 11 آمد"},
		{"فایل mp3", "فایل mp3"},
		{"2024", "2024"}, // no letter: no script to follow
	}
	tidyQuoteCases = []tidyCase{
		{"او گفت \"آری\" و رفت", "او گفت «آری» و رفت"},
		{"\" آری \"", "«آری»"},
		{"\"آری\" و \"نه\"", "«آری» و «نه»"},
		{"او گفت \"آری و رفت", "او گفت \"آری و رفت"},       // unpaired
		{"\"آری\" و \"نه", "\"آری\" و \"نه"},               // odd: no pairing is sure
		{"نرم‌افزار \"Word\" را", "نرم‌افزار \"Word\" را"}, // Latin inside
		{"He said \"hi\"", "He said \"hi\""},
	}
	tidySpaceCases = []tidyCase{
		{"دو  فاصله   اینجا", "دو فاصله اینجا"},
		{"  لبه ها  ", "لبه‌ها"},
		{"خط اول\n\nخط دوم", "خط اول\n\nخط دوم"},
		{"خط اول \n  خط دوم", "خط اول\nخط دوم"},
		{"خط اول\r\nخط دوم", "خط اول\r\nخط دوم"},
		{"جدول\tستون", "جدول ستون"},
	}
	tidyLatinCases = []tidyCase{
		{"Hello , world ?", "Hello , world ?"},
		{"e.g. the U.S. at 3.5 km", "e.g. the U.S. at 3.5 km"},
		{"Price: 30 (approx.)", "Price: 30 (approx.)"},
		{"« Bonjour », dit-il", "« Bonjour », dit-il"},
		{"version 2; see \"notes\"", "version 2; see \"notes\""},
	}
	tidyAddressCases = []tidyCase{
		{"نشانی https://example.com/news/1402?id=7 است", "نشانی https://example.com/news/1402?id=7 است"},
		{"نشانی https://example.com/a و 2", "نشانی https://example.com/a و ۲"},
		{"نشانی https://example.com/a 2", "نشانی https://example.com/a 2"},
		{"سایت www.example.ir/1402.", "سایت www.example.ir/1402."},
		{"ببینید (https://fa.example.org/wiki/كتاب_(1)) را", "ببینید (https://fa.example.org/wiki/كتاب_(1)) را"},
		{"نامه به news2@example.ir بفرستید", "نامه به news2@example.ir بفرستید"},
		{"نامه به news2@example.ir،سپس", "نامه به news2@example.ir، سپس"},
	}
)

func allTidyCases() []tidyCase {
	var all []tidyCase
	for _, set := range [][]tidyCase{
		tidyLetterCases, tidyVerbCases, tidyPluralCases, tidyComparativeCases, tidyEndingCases,
		tidyPunctCases, tidyDigitCases, tidyQuoteCases, tidySpaceCases, tidyLatinCases, tidyAddressCases,
	} {
		all = append(all, set...)
	}
	for _, c := range tidyCases {
		all = append(all, tidyCase(c))
	}
	return all
}

func TestTidy(t *testing.T) {
	for _, set := range []struct {
		name  string
		cases []tidyCase
	}{
		{"letters", tidyLetterCases},
		{"verbs", tidyVerbCases},
		{"plurals", tidyPluralCases},
		{"comparatives", tidyComparativeCases},
		{"endings", tidyEndingCases},
		{"punctuation", tidyPunctCases},
		{"digits", tidyDigitCases},
		{"quotes", tidyQuoteCases},
		{"spaces", tidySpaceCases},
		{"latin", tidyLatinCases},
		{"addresses", tidyAddressCases},
	} {
		t.Run(set.name, func(t *testing.T) {
			for _, c := range set.cases {
				if got := Tidy(c.in); got != c.want {
					t.Errorf("Tidy(%q)\n got %q\nwant %q", c.in, got, c.want)
				}
			}
		})
	}
}

func TestTidyIdempotent(t *testing.T) {
	for _, c := range allTidyCases() {
		for _, s := range []string{c.in, c.want} {
			once := Tidy(s)
			if twice := Tidy(once); twice != once {
				t.Errorf("Tidy not idempotent on %q: %q then %q", s, once, twice)
			}
		}
	}
}

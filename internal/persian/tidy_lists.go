package persian

import "strings"

// Tidy separates a glued می or نمی only from a verb it recognises: a stem
// below with a personal ending. A list of verbs is safer than a list of
// words that merely start with می (میز، میدان، میلیون، میوه …): a word
// missing from it is left alone instead of broken. Stems ending in a vowel
// are written as they stand before the ending (گوی، آی، نمای).
var (
	presentStems = wordSet(`
کن شو رو دو گوی آی خواه دان توان ده گیر زن آور بر رس کش گذار گذر ساز
نویس خوان بین پذیر یاب مان دار گرد کوش پرداز اندیش شناس فروش خر پوش
نشین خیز ریز افت بخش سپار بند پرس نگر خور فرست شکن کاه افزای آموز سوز
ترس خند جنگ چرخ لرز رسان کشان گذران نمای فرمای گشای پیوند پیمای کار
بار
`)
	pastStems = wordSet(`
کرد شد گفت رفت آمد خواست دانست توانست داد گرفت زد آورد برد رسید کشید
گذاشت گذشت ساخت نوشت خواند دید پذیرفت یافت ماند داشت گشت گردید کوشید
پرداخت اندیشید شناخت فروخت خرید پوشید نشست خاست ریخت افتاد بخشید سپرد
بست پرسید نگریست خورد فرستاد شکست کاست افزود آموخت سوخت ترسید خندید
جنگید چرخید لرزید رساند کشاند گذراند نمود فرمود گشود پیوست پیمود دوید
زیست کاشت بارید
`)
	presentEndings = []string{"م", "ی", "د", "یم", "ید", "ند"}
	pastEndings    = []string{"", "م", "ی", "یم", "ید", "ند"}
)

// notVerbs are words that read as می + a known verb form but are not
// always one: میدانی is also the adjective of میدان (تحقیق میدانی). The
// other words here only start with می; they are listed so that the rule
// is tested against them and stays away from them if a stem is added.
var notVerbs = wordSet(`
میدانی میز میدان میلیون میلیارد میوه میراث میهمان مینا میگو میمون
میخانه میزان میان میش میهن میکروب میل میلاد میزبان میترا میخ
`)

// adjectives take a ZWNJ before تر and ترین (بزرگ‌تر، ساده‌ترین). Only
// adjectives: تر after a noun is the adjective "wet" (چشم تر), and a list
// of words ending in تر that are no comparative (دختر، دفتر) could never
// be complete. بیش and کم join a spaced تر; glued, they stay (below).
var adjectives = wordSet(`
بزرگ کوچک مهم سخت ساده آسان سریع قوی ضعیف گران ارزان جدی دقیق روشن
تاریک خوب بلند کوتاه دور نزدیک تازه جدید قدیمی سنگین سبک گسترده عمیق
وسیع تنگ گرم سرد پیچیده مناسب شدید زیبا زشت سالم پاک کامل جوان پیر
ثروتمند فقیر شلوغ آرام محکم دشوار راحت ارزشمند مفید موثر مؤثر کارآمد
مطمئن جذاب خطرناک امن ایمن قدرتمند نیرومند تلخ شیرین تند داغ خشک
تمیز کثیف پهن باریک ضخیم نازک کهنه جالب زیاد عجیب طبیعی منطقی حساس
فعال شفاف واضح مشخص محبوب معروف مشهور مطلوب سنتی فشرده نرم سفت ملایم
روان پررنگ کمرنگ بیش کم
`)

// gluedComparatives stay as they are written: nouns that end in تر, and
// comparatives that are customarily glued.
var gluedComparatives = wordSet(`
دختر کبوتر دفتر چتر بستر اختر شتر دکتر متر انگشتر خاکستر فیلتر پوستر
بیشتر کمتر بهتر برتر مهتر کهتر بیشترین کمترین بهترین برترین
`)

// wordSet returns the space-separated words of list as a set.
func wordSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

package wire

import "testing"

// Three agencies' retellings of one story, and two football results.
const (
	irna = `تهران - ایرنا - وزیر نیرو از آغاز ساخت سه نیروگاه خورشیدی در استان‌های کرمان، یزد و سیستان و بلوچستان خبر داد.
وزیر نیرو امروز در نشست خبری گفت: ساخت این سه نیروگاه با ظرفیت هزار مگاوات از ماه آینده آغاز می‌شود و تا دو سال دیگر به بهره‌برداری می‌رسد.
وی افزود: سرمایه‌گذاری این طرح‌ها را بخش خصوصی انجام می‌دهد و وزارت نیرو برق تولیدی را خریداری خواهد کرد.
به گفتهٔ وزیر نیرو، سهم انرژی‌های تجدیدپذیر در تولید برق کشور تا پایان برنامه به ده درصد می‌رسد.`
	isna = `به گزارش ایسنا، وزیر نيرو از آغاز ساخت سه نيروگاه خورشيدي در استانهاي کرمان، يزد و سيستان و بلوچستان خبر داد.
به گفتهٔ وزیر نیرو، سهم انرژیهای تجدیدپذیر در تولید برق کشور تا پایان برنامه به ده درصد می رسد.
وزیر نیرو امروز در نشست خبری اظهار داشت: ساخت این سه نیروگاه با ظرفیت هزار مگاوات از ماه آینده آغاز می شود و تا دو سال دیگر به بهره برداری می رسد.
وی ادامه داد: سرمایه گذاری این طرحها را بخش خصوصی انجام می دهد و وزارت نیرو برق تولیدی را خریداری خواهد کرد.`
	mehr = `خبرگزاری مهر: ساخت سه نیروگاه خورشیدی در کرمان، یزد و سیستان و بلوچستان آغاز می‌شود.
وزیر نیرو امروز در نشست خبری گفت: ساخت این سه نیروگاه با ظرفیت هزار مگاوات از ماه آینده آغاز می‌شود و تا دو سال دیگر به بهره‌برداری می‌رسد.
وی افزود: سرمایه‌گذاری این طرح‌ها را بخش خصوصی انجام می‌دهد و وزارت نیرو برق تولیدی را خریداری خواهد کرد.
این در حالی است که پیش از این نیز ساخت نیروگاه‌های خورشیدی در دستور کار قرار گرفته بود.`

	derby = `استقلال در هفتهٔ دهم لیگ برتر با دو گل پرسپولیس را شکست داد.
در این دیدار که در ورزشگاه آزادی برگزار شد، مهاجم استقلال در دقیقهٔ ۲۰ و ۷۵ دروازهٔ پرسپولیس را باز کرد.
سرمربی استقلال پس از بازی گفت: بازیکنان ما امروز بسیار خوب بازی کردند و سزاوار پیروزی بودند.`
	sepahan = `سپاهان در اصفهان با تک گل دقیقهٔ شصت هافبک جوانش از سد تراکتور گذشت و به صدر جدول نزدیک شد.
تراکتور که سه هفته شکست نخورده بود، در نیمهٔ دوم با اخراج مدافع میانی ده نفره شد و نتوانست بازی را جبران کند.
سرمربی تراکتور پس از مسابقه از داوری انتقاد کرد و گفت اخراج بازیکنش عادلانه نبود.`
)

func TestRewritesAreTheSameStory(t *testing.T) {
	a, b, c := Analyze(irna), Analyze(isna), Analyze(mehr)
	for _, p := range []struct {
		name string
		x, y *Analysis
	}{{"ایرنا/ایسنا", &a, &b}, {"ایرنا/مهر", &a, &c}, {"ایسنا/مهر", &b, &c}} {
		if !Candidates(p.x, p.y) || !Same(p.x, p.y) {
			t.Errorf("%s: similarity %.2f, candidates %v: want the same story", p.name,
				Similarity(p.x.Signature, p.y.Signature), Candidates(p.x, p.y))
		}
	}
}

func TestTwoFootballResultsStayApart(t *testing.T) {
	a, b := Analyze(derby), Analyze(sepahan)
	if Same(&a, &b) {
		t.Errorf("two results grouped: similarity %.2f", Similarity(a.Signature, b.Signature))
	}
}

func TestFingerprintIgnoresSpelling(t *testing.T) {
	a := Analyze("گروه‌های کارشناسی دو کشور جلسه برگزار کردند")
	b := Analyze("گروههاي كارشناسي دو كشور جلسه برگزار كردند")
	if a.Fingerprint != b.Fingerprint {
		t.Errorf("fingerprints differ for one text in two spellings")
	}
	if c := Analyze("گروه‌های کارشناسی سه کشور جلسه برگزار کردند"); c.Fingerprint == a.Fingerprint {
		t.Errorf("another text has the same fingerprint")
	}
}

func TestEmptyTextGroupsWithNothing(t *testing.T) {
	a, b := Analyze("!!!"), Analyze("...")
	if !a.Empty || Same(&a, &b) {
		t.Errorf("empty texts: Empty=%v Same=%v", a.Empty, Same(&a, &b))
	}
}

func TestSignatureRoundTrip(t *testing.T) {
	a := Analyze(irna)
	s, ok := DecodeSignature(EncodeSignature(a.Signature))
	if !ok || s != a.Signature {
		t.Fatal("signature did not survive encoding")
	}
	if _, ok := DecodeSignature([]byte{1, 2, 3}); ok {
		t.Error("three bytes decoded as a signature")
	}
}

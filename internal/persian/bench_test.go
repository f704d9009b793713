package persian

import (
	"bufio"
	"encoding/json"
	"khabar/internal/sharedtest"
	"os"
	"strings"
	"testing"
)

// sampleNews is a made-up news story, about 2 KB, in the mix of spellings
// real copy arrives with: ZWNJ present and missing, Arabic ي/ك, both digit
// forms.
const sampleNews = `به گزارش خبرنگار اقتصادی خبرگزاری کار ایران، رئیس سازمان فناوری اطلاعات ` +
	`روز دوشنبه در نشست خبری با رسانه‌ها گفت: برنامه‌های تازه‌ای برای گسترش ` +
	`شبکه ملی اطلاعات در ۳۱ استان کشور آماده شده است و تا پایان سال ۱۴۰۲ اجرا می‌شود. ` +
	`وی افزود: گروههای کاری این سازمان با همکاری دانشگاهها و شرکت‌های دانش‌بنیان ` +
	`بزرگترین طرح زیرساختی چند سال اخیر را پیش می برند و مسئولان استانی نیز در جریان ` +
	`جزئیات آن قرار گرفته‌اند. به گفته او، هزینه این طرح ٢٥٠٠ میلیارد ریال برآورد ` +
	`شده و بخشی از آن از محل اعتبارات ملی تامین خواهد شد. رييس سازمان همچنین از ` +
	`راه‌اندازی مراکز داده در تهران، اصفهان، کرمان و تبریز خبر داد و گفت: ` +
	`دانشجویان و پژوهشگران جوان می‌توانند در این مراکز طرح‌های خود را آزمایش ` +
	`کنند. او درباره کیفیت اینترنت در روستاها توضیح داد که ارتباطات روستایی با ` +
	`فناوریهای جدید بهتر از گذشته شده و پوشش شبکه به ۹۵ درصد روستاهای بالای ۲۰ ` +
	`خانوار رسیده است. به گفته این مقام مسؤول، مذاکرات با اپراتورهای تلفن همراه ` +
	`برای کاهش هزینه بسته‌های اینترنت ادامه دارد و نتیجه آن به زودی اعلام ` +
	`خواهد شد. وی در پاسخ به سؤال خبرنگاری درباره امنیت داده‌های کاربران گفت: ` +
	`حفاظت از اطلاعات شخصی شهروندان مهمترین اولویت ماست و هیئت مدیره سازمان ` +
	`دستورالعمل تازه‌ای را در این باره تصویب کرده است. همچنین قرار است نمایندگان ` +
	`مجلس شورای اسلامی هفته آینده از مرکز ملی داده بازدید کنند و گزارش کاملی از ` +
	`روند اجرای طرح به کمیسیون صنایع ارائه شود. انتهای پیام`

func BenchmarkTidy(b *testing.B) {
	b.SetBytes(int64(len(sampleNews)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Tidy(sampleNews)
	}
}

func BenchmarkTokens(b *testing.B) {
	b.SetBytes(int64(len(sampleNews)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Tokens(sampleNews)
	}
}

func BenchmarkAppendTerms(b *testing.B) {
	b.SetBytes(int64(len(sampleNews)))
	b.ReportAllocs()
	var dst []string
	for b.Loop() {
		dst = AppendTerms(dst[:0], sampleNews)
	}
}

func BenchmarkFold(b *testing.B) {
	b.SetBytes(int64(len(sampleNews)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Fold(sampleNews)
	}
}

func BenchmarkFoldWord(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Fold("مسئولان")
	}
}

func BenchmarkQueryWords(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = QueryWords("گروه های فناوری اطلاعات رئیس")
	}
}

func BenchmarkDistanceAtMost(b *testing.B) {
	for b.Loop() {
		_ = DistanceAtMost("خبرگزاری", "خبرگذاری", 1)
	}
}

// BenchmarkCorpus indexes the real stories of ../shared/corpus (see
// DESIGN.md), reporting stories per second.
func BenchmarkCorpus(b *testing.B) {
	f, err := os.Open("../../../shared/corpus/corpus.ninjs.jsonl")
	if err != nil {
		sharedtest.Missing(b, "corpus", err)
	}
	defer f.Close()
	var stories []string
	var size int64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var s struct {
			Headlines, Descriptions, Bodies []struct{ Value string }
		}
		if json.Unmarshal(sc.Bytes(), &s) != nil {
			continue
		}
		var sb strings.Builder
		for _, l := range [][]struct{ Value string }{s.Headlines, s.Descriptions, s.Bodies} {
			for _, v := range l {
				sb.WriteString(v.Value)
				sb.WriteByte('\n')
			}
		}
		stories = append(stories, sb.String())
		size += int64(sb.Len())
	}
	b.SetBytes(size)
	b.ResetTimer()
	var dst []string
	for b.Loop() {
		for _, s := range stories {
			dst = AppendTerms(dst[:0], s)
		}
	}
	b.ReportMetric(float64(len(stories))*float64(b.N)/b.Elapsed().Seconds(), "stories/s")
}

package ninjs

import "khabar/internal/news"

// DefaultSectionSlug and DefaultSectionName make the section of a story
// whose ninjs item names no category.
const (
	DefaultSectionSlug = "news"
	DefaultSectionName = "خبر"
)

// sectionNames are the Persian names of the section slugs agencies send,
// the Fars desks and provincial offices among them.
var sectionNames = map[string]string{
	"news":                "خبر",
	"politics":            "سیاسی",
	"economy":             "اقتصادی",
	"sports":              "ورزشی",
	"social":              "اجتماعی",
	"world":               "بین‌الملل",
	"culture":             "فرهنگی",
	"province":            "استان‌ها",
	"scientific-academic": "علمی و دانشگاهی",
	"arts-media":          "هنر و رسانه",
	"farsplus-magazine":   "مجله",
	"foreign-policy":      "سیاست خارجی",
	"regional-offices":    "دفاتر منطقه‌ای",
	"viewpoint":           "دیدگاه",
	"education":           "آموزش",
	"multimedia":          "چندرسانه‌ای",
	"other-media":         "سایر رسانه‌ها",

	"tehran":                "تهران",
	"alborz":                "البرز",
	"ardabil":               "اردبیل",
	"azarbaijan-gharbi":     "آذربایجان غربی",
	"azarbaijan-sharghi":    "آذربایجان شرقی",
	"bushehr":               "بوشهر",
	"chaharmahal-bakhtiari": "چهارمحال و بختیاری",
	"fars":                  "فارس",
	"gilan":                 "گیلان",
	"golestan":              "گلستان",
	"hamedan":               "همدان",
	"hormozgan":             "هرمزگان",
	"ilam":                  "ایلام",
	"isfahan":               "اصفهان",
	"kerman":                "کرمان",
	"kermanshah":            "کرمانشاه",
	"khorasan-jonubi":       "خراسان جنوبی",
	"khorasan-shomali":      "خراسان شمالی",
	"khuzestan":             "خوزستان",
	"kohgiluyeh-boyerahmad": "کهگیلویه و بویراحمد",
	"kordestan":             "کردستان",
	"lorestan":              "لرستان",
	"markazi":               "مرکزی",
	"mazandaran":            "مازندران",
	"qazvin":                "قزوین",
	"qom":                   "قم",
	"razavi":                "خراسان رضوی",
	"semnan":                "سمنان",
	"sistan-baluchestan":    "سیستان و بلوچستان",
	"yazd":                  "یزد",
	"zanjan":                "زنجان",
}

// provinceSection is where the provincial offices' sections go when an
// import creates them.
var provinceSection = news.Section{Slug: "province", Name: "استان‌ها"}

// isProvince reports whether slug is one of the provincial offices.
func isProvince(slug string) bool {
	switch slug {
	case "tehran", "alborz", "ardabil", "azarbaijan-gharbi", "azarbaijan-sharghi", "bushehr",
		"chaharmahal-bakhtiari", "fars", "gilan", "golestan", "hamedan", "hormozgan", "ilam", "isfahan",
		"kerman", "kermanshah", "khorasan-jonubi", "khorasan-shomali", "khuzestan", "kohgiluyeh-boyerahmad",
		"kordestan", "lorestan", "markazi", "mazandaran", "qazvin", "qom", "razavi", "semnan",
		"sistan-baluchestan", "yazd", "zanjan":
		return true
	}
	return false
}

// SectionName returns the Persian display name of a section slug, or the
// slug itself when it is not one khabar knows.
func SectionName(slug string) string {
	if name, ok := sectionNames[slug]; ok {
		return name
	}
	return slug
}

// SectionSlug returns the slug of a section known by its Persian name
// («سیاسی» → "politics", «خبر» → "news"), or "" for a name khabar does
// not know.
func SectionSlug(name string) string {
	if name == DefaultSectionName {
		return DefaultSectionSlug
	}
	for slug, n := range sectionNames {
		if n == name {
			return slug
		}
	}
	return ""
}

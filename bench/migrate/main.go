// Command migrate measures archive migration. Subcommands:
//
//	migrate wxr -n 100000 -o site.xml   write a generated WordPress export
//	migrate layouts [-dir DIR]          fields right over a set of page-dump layouts
//	migrate html [-max 10s]             HTML story pages read per second
//
// The export's posts are made of our own Persian sentences, in block and
// classic markup, in nested categories, with tags and a comment on every
// tenth. Runs are bounded in count and time.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"khabar/internal/importer"
	"khabar/internal/pagedump"
	"khabar/internal/pagedump/layoutset"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: migrate wxr|layouts|html [flags]")
	}
	switch os.Args[1] {
	case "wxr":
		genWXR(os.Args[2:])
	case "layouts":
		layouts(os.Args[2:])
	case "html":
		htmlRate(os.Args[2:])
	default:
		fail("unknown subcommand " + os.Args[1])
	}
}

var sentences = []string{
	"شورای شهر در جلسه امروز بودجه پیشنهادی شهرداری برای سال آینده را بررسی کرد.",
	"به گفته رئیس شورا، بخش بزرگی از این بودجه به حمل‌ونقل عمومی و فضای سبز اختصاص دارد.",
	"کارشناسان می‌گویند اجرای این طرح‌ها به همکاری دستگاه‌های دولتی و بخش خصوصی نیاز دارد.",
	"نمایندگان مردم در مجلس نیز خواستار شفافیت بیشتر در هزینه‌کرد درآمدهای شهری شدند.",
	"شهروندان می‌توانند نظرهای خود را تا پایان ماه از راه سامانه شهرداری ثبت کنند.",
}

func genWXR(args []string) {
	fs := flag.NewFlagSet("wxr", flag.ExitOnError)
	n := fs.Int("n", 100000, "posts")
	out := fs.String("o", "site.xml", "file to write")
	fs.Parse(args)
	f, err := os.Create(*out)
	if err != nil {
		fail(err.Error())
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>خبرنامه نمونه</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[editor]]></wp:author_login><wp:author_display_name><![CDATA[دبیر سرویس]]></wp:author_display_name></wp:author>
`)
	cats := []string{"politics", "economy", "society", "culture", "sports"}
	names := []string{"سیاسی", "اقتصادی", "اجتماعی", "فرهنگی", "ورزشی"}
	for i, c := range cats {
		fmt.Fprintf(w, "<wp:category><wp:category_nicename>%s</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[%s]]></wp:cat_name></wp:category>\n", c, names[i])
		fmt.Fprintf(w, "<wp:category><wp:category_nicename>%s-city</wp:category_nicename><wp:category_parent>%s</wp:category_parent><wp:cat_name><![CDATA[%s شهری]]></wp:cat_name></wp:category>\n", c, c, names[i])
	}
	start := time.Date(2015, 3, 21, 4, 30, 0, 0, time.UTC)
	for i := 1; i <= *n; i++ {
		at := start.Add(time.Duration(i) * 37 * time.Minute)
		var body string
		if i%2 == 0 {
			for j := range 4 {
				body += "<!-- wp:paragraph -->\n<p>" + sentences[(i+j)%len(sentences)] + "</p>\n<!-- /wp:paragraph -->\n\n"
			}
		} else {
			for j := range 4 {
				body += sentences[(i+j)%len(sentences)] + "\n\n"
			}
		}
		cat := cats[i%len(cats)]
		if i%3 == 0 {
			cat += "-city"
		}
		fmt.Fprintf(w, `<item><title><![CDATA[گزارش شماره %d از جلسه شورای شهر]]></title><link>https://bench.example/%d/</link>
<dc:creator><![CDATA[editor]]></dc:creator><guid isPermaLink="false">https://bench.example/?p=%d</guid>
<content:encoded><![CDATA[%s]]></content:encoded><excerpt:encoded><![CDATA[%s]]></excerpt:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date_gmt><![CDATA[%s]]></wp:post_date_gmt><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="category" nicename="%s"><![CDATA[x]]></category><category domain="post_tag" nicename="t%d"><![CDATA[برچسب %d]]></category>
`, i, i, i, body, sentences[i%len(sentences)], i, at.Format("2006-01-02 15:04:05"), cat, i%50, i%50)
		if i%10 == 0 {
			fmt.Fprintf(w, `<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author><![CDATA[خواننده]]></wp:comment_author><wp:comment_date_gmt><![CDATA[%s]]></wp:comment_date_gmt><wp:comment_content><![CDATA[گزارش خوبی بود.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
`, i, at.Add(time.Hour).Format("2006-01-02 15:04:05"))
		}
		fmt.Fprint(w, "</item>\n")
	}
	fmt.Fprint(w, "</channel></rss>\n")
	if err := w.Flush(); err != nil {
		fail(err.Error())
	}
	f.Close()
}

func layouts(args []string) {
	fs := flag.NewFlagSet("layouts", flag.ExitOnError)
	dir := fs.String("dir", "internal/pagedump/testdata/layouts", "a folder of dumps with expected.json")
	verbose := fs.Bool("v", false, "print every wrong field")
	fs.Parse(args)
	cases, err := layoutset.Load(*dir)
	if err != nil {
		fail(err.Error())
	}
	right, total := 0, 0
	for _, c := range cases {
		total += layoutset.Measured
		p, err := pagedump.Parse(c.Text)
		if err != nil {
			if *verbose {
				fmt.Printf("%s: %v\n", c.File, err)
			}
			continue
		}
		r, wrong := layoutset.Check(p, c.Want)
		right += r
		if *verbose {
			for _, w := range wrong {
				fmt.Printf("%s: %s\n", c.File, w)
			}
		}
	}
	fmt.Printf("layouts %s: %d dumps, %d of %d fields right (%.3f)\n", *dir, len(cases), right, total, float64(right)/float64(total))
}

func htmlRate(args []string) {
	fs := flag.NewFlagSet("html", flag.ExitOnError)
	dir := fs.String("dir", "internal/importer/testdata/html", "a folder of HTML story pages")
	limit := fs.Duration("max", 10*time.Second, "how long to run")
	fs.Parse(args)
	names, _ := filepath.Glob(filepath.Join(*dir, "*.html"))
	var pages [][]byte
	var size int
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			fail(err.Error())
		}
		pages = append(pages, data)
		size += len(data)
	}
	if len(pages) == 0 {
		fail("no pages in " + *dir)
	}
	start := time.Now()
	n := 0
	for time.Since(start) < *limit {
		for _, p := range pages {
			if _, err := importer.ParseHTML(p, "https://bench.example/news/12345/"); err != nil {
				fail(err.Error())
			}
			n++
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("html: %d pages (%d kinds, %.1f KiB on average) in %.1fs: %.0f pages/s on one core\n",
		n, len(pages), float64(size)/float64(len(pages))/1024, secs, float64(n)/secs)
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "migrate:", msg)
	os.Exit(1)
}

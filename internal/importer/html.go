package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/pagedump"
	"khabar/internal/persian"
)

// MaxPage bounds an HTML page.
const MaxPage = 8 << 20

// An agency's story page says what it is in three places, read in this
// order, the first that gives a field winning: the schema.org JSON-LD
// NewsArticle (headline, description, dates, author, section, keywords,
// url), the Open Graph and article:* meta tags, then the page itself,
// whose article a readability parser finds among the site's chrome.

// htmlPage is what the three sources say.
type htmlPage struct {
	headline, kicker, lead, byline, section, canonical, site string
	tags                                                     []string
	published                                                time.Time
	code                                                     int64
	body                                                     []string // paragraphs, plain text
	ldBody                                                   string
}

// readHTML reads an HTML story page: one record.
func readHTML(br *bufio.Reader, opt Options, fn func(Record) error) error {
	data, err := io.ReadAll(io.LimitReader(br, MaxPage+1))
	if err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	rec := Record{Line: 1}
	switch {
	case len(data) > MaxPage:
		rec.Err = invalid("HTML page is larger than %d bytes", MaxPage)
	case !utf8.Valid(data):
		rec.Err = invalid("HTML page is not valid UTF-8")
	default:
		rec.Story, rec.Err = ParseHTML(data, opt.URL)
	}
	return fn(rec)
}

// ParseHTML reads the story of an agency's article page. pageURL, when
// known, is where the page came from: the uri when the page names no
// canonical URL, and the news code when its path holds one.
func ParseHTML(data []byte, pageURL string) (*news.Story, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, invalid("bad HTML: %v", err)
	}
	p := &htmlPage{}
	p.readJSONLD(doc)
	p.readMeta(doc)
	p.readArticle(doc, pageURL)
	if p.canonical == "" {
		p.canonical = pageURL
	}
	if p.code == 0 {
		p.code = codeFromURL(p.canonical)
	}
	if p.code == 0 && pageURL != "" {
		p.code = codeFromURL(pageURL)
	}
	return p.story()
}

func (p *htmlPage) story() (*news.Story, error) {
	if p.headline == "" {
		return nil, invalid("HTML page: no headline (no JSON-LD headline, og:title, <h1> or <title>)")
	}
	if len(p.body) == 0 && p.ldBody != "" {
		for l := range strings.SplitSeq(p.ldBody, "\n") {
			if l = oneLine(l); l != "" {
				p.body = append(p.body, l)
			}
		}
	}
	if len(p.body) == 0 && p.lead == "" {
		return nil, invalid("HTML page: no story text (no JSON-LD articleBody and no article the page reader could find)")
	}
	st := &news.Story{
		Code: p.code, Kicker: p.kicker, Headline: p.headline, Byline: p.byline, Provider: p.site,
		Language: "fa", Status: news.StatusPublished, Published: p.published, Tags: p.tags,
	}
	st.Source, st.Lead = pagedump.SplitCredit(p.lead)
	// The lead is often the article's first paragraph too.
	if len(p.body) > 0 && p.lead != "" {
		if f := persian.Fold(p.body[0]); f == persian.Fold(p.lead) || f == persian.Fold(st.Lead) {
			p.body = p.body[1:]
		}
	}
	var b strings.Builder
	for _, para := range p.body {
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(para))
		b.WriteString("</p>")
	}
	st.Body = b.String()
	st.Section = news.Section{Slug: ninjs.DefaultSectionSlug, Name: ninjs.DefaultSectionName}
	if p.section != "" {
		slug := ninjs.SectionSlug(p.section)
		if slug == "" {
			slug = news.Slugify(p.section)
		}
		if slug != "" {
			st.Section = news.Section{Slug: slug, Name: p.section}
		}
	}
	switch {
	case p.canonical != "":
		st.URI = p.canonical
	case p.code != 0:
		st.URI = pagedump.URI(p.site, p.code)
	default:
		return nil, invalid("HTML page: no canonical URL and no news code to know the story by")
	}
	if len(st.Tags) > news.MaxTags {
		st.Tags = st.Tags[:news.MaxTags]
	}
	if err := st.Validate(); err != nil {
		return nil, err
	}
	return st, nil
}

// readJSONLD reads the first NewsArticle (or Article) of the page's
// JSON-LD scripts, @graph arrays included.
func (p *htmlPage) readJSONLD(doc *html.Node) {
	for n := range doc.Descendants() {
		if n.DataAtom != atom.Script || !strings.EqualFold(attr(n, "type"), "application/ld+json") || n.FirstChild == nil {
			continue
		}
		var v any
		if json.Unmarshal([]byte(n.FirstChild.Data), &v) != nil {
			continue
		}
		if a := findArticle(v, 0); a != nil {
			p.fromLD(a)
			return
		}
	}
}

func findArticle(v any, depth int) map[string]any {
	if depth > 4 {
		return nil
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if a := findArticle(e, depth+1); a != nil {
				return a
			}
		}
	case map[string]any:
		for _, t := range strings.Fields(strings.NewReplacer(",", " ").Replace(fmt.Sprint(v["@type"]))) {
			switch strings.Trim(t, "[]") {
			case "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting":
				return v
			}
		}
		return findArticle(v["@graph"], depth+1)
	}
	return nil
}

func (p *htmlPage) fromLD(a map[string]any) {
	p.headline = oneLine(str(a["headline"]))
	p.kicker = oneLine(str(a["alternativeHeadline"]))
	p.lead = oneLine(str(a["description"]))
	p.ldBody = str(a["articleBody"])
	if t, err := time.Parse(time.RFC3339, str(a["datePublished"])); err == nil {
		p.published = t.UTC()
	}
	p.byline = oneLine(name(a["author"]))
	p.section = oneLine(str(a["articleSection"]))
	p.tags = keywords(a["keywords"])
	p.canonical = str(a["url"])
	if p.canonical == "" {
		p.canonical = name(a["mainEntityOfPage"])
	}
	p.site = oneLine(name(a["publisher"]))
	if c, err := strconv.ParseInt(jalali.LatinDigits(str(a["identifier"])), 10, 64); err == nil && c > 0 {
		p.code = c
	}
}

// readMeta fills what JSON-LD left empty from the meta tags, the
// canonical link and the <title>.
func (p *htmlPage) readMeta(doc *html.Node) {
	var title string
	var tags []string
	meta := map[string]string{}
	for n := range doc.Descendants() {
		switch n.DataAtom {
		case atom.Meta:
			k := strings.ToLower(attr(n, "property"))
			if k == "" {
				k = strings.ToLower(attr(n, "name"))
			}
			v := oneLine(attr(n, "content"))
			if k == "article:tag" {
				tags = append(tags, v)
			} else if _, ok := meta[k]; !ok && v != "" {
				meta[k] = v
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") && p.canonical == "" {
				p.canonical = attr(n, "href")
			}
		case atom.Title:
			if title == "" && n.FirstChild != nil {
				title = oneLine(n.FirstChild.Data)
			}
		}
	}
	or := func(dst *string, keys ...string) {
		for _, k := range keys {
			if *dst == "" {
				*dst = meta[k]
			}
		}
	}
	or(&p.site, "og:site_name")
	or(&p.headline, "og:title", "twitter:title")
	or(&p.lead, "og:description", "description")
	or(&p.section, "article:section")
	or(&p.byline, "article:author", "author")
	or(&p.canonical, "og:url")
	if p.published.IsZero() {
		if t, err := time.Parse(time.RFC3339, meta["article:published_time"]); err == nil {
			p.published = t.UTC()
		}
	}
	if p.tags == nil {
		p.tags = tags
	}
	if p.tags == nil && meta["keywords"] != "" {
		p.tags = keywords(meta["keywords"])
	}
	if p.headline == "" && title != "" {
		p.headline = title
	}
	// og:title and <title> carry the site's name after the headline.
	if p.site != "" {
		for _, sep := range []string{" - ", " | ", " – "} {
			p.headline = strings.TrimSuffix(p.headline, sep+p.site)
		}
	}
}

var (
	kickerClass = regexp.MustCompile(`(?i)\b(rutitr|rootitr|roo-titr|uptitle|up-title|pretitle|pre-title|kicker|overtitle|surtitle)\b`)
	leadClass   = regexp.MustCompile(`(?i)\b(lead|introtext|summary|news-lead|subtitle)\b`)
	codeClass   = regexp.MustCompile(`(?i)\b(news-?id|news-?code|code)\b`)
	chromeClass = regexp.MustCompile(`(?i)(^|[\s_-])(menu|nav|navbar|ticker|marquee|share|sharing|social|related|most|popular|comment|comments|breadcrumb|footer|header|sidebar|tags|banner|ads?|advert|newsletter|readmore|read-more|see-also|more-news|print)([\s_-]|$)`)
	// codeInURL is a news code in a story URL: /news/1403013021345/…,
	// /fa/news/912345/…, /n/123.
	codeInURL  = regexp.MustCompile(`/(?:news|fa/news|n|detail|newsid|story|\d{4}/\d{2}/\d{2})/(\d{3,})(?:[/\-?#]|$)`)
	digitsSeg  = regexp.MustCompile(`/(\d{5,})(?:[/\-?#]|$)`)
	digitRun   = regexp.MustCompile(`[0-9]{2,}`)
	codeInText = regexp.MustCompile(`(?:کد|كد)\s*خبر\s*[:：]?\s*([0-9]+)`)
)

// readArticle reads kicker, lead, code, section, byline and date from
// the page where the meta left them empty, then the body from the
// article readability finds, chrome removed.
func (p *htmlPage) readArticle(doc *html.Node, pageURL string) {
	var h1, kicker, lead string
	var code int64
	var chrome []*html.Node
	text := &strings.Builder{}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		class := attr(n, "class") + " " + attr(n, "id")
		switch {
		case n.DataAtom == atom.H1 && h1 == "":
			h1 = nodeText(n)
		case kicker == "" && kickerClass.MatchString(class):
			kicker = nodeText(n)
		case lead == "" && leadClass.MatchString(class) && n.DataAtom != atom.Meta:
			lead = nodeText(n)
		case code == 0 && codeClass.MatchString(class):
			if m := digitRun.FindString(jalali.LatinDigits(nodeText(n))); m != "" {
				code, _ = strconv.ParseInt(m, 10, 64)
			}
		}
		switch n.DataAtom {
		case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Script, atom.Style, atom.Noscript, atom.Iframe:
			chrome = append(chrome, n)
			continue
		}
		if chromeClass.MatchString(class) && n.DataAtom != atom.Body && n.DataAtom != atom.Html && n.DataAtom != atom.Article {
			chrome = append(chrome, n)
		}
	}
	if p.headline == "" {
		p.headline = h1
	}
	if p.kicker == "" {
		p.kicker = kicker
	}
	if p.lead == "" {
		p.lead = lead
	}
	// The page's text: its code and date, read as a page dump reads them.
	collectText(doc, text)
	all := text.String()
	if p.code == 0 {
		p.code = code
	}
	if p.code == 0 {
		if m := codeInText.FindStringSubmatch(jalali.LatinDigits(all)); m != nil {
			p.code, _ = strconv.ParseInt(m[1], 10, 64)
		}
	}
	if p.published.IsZero() {
		for line := range strings.SplitSeq(all, "\n") {
			if t, ok := pagedump.FindTime(line); ok {
				p.published = t
				break
			}
		}
	}
	for _, n := range chrome {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	base, _ := url.Parse(pageURL)
	parser := readability.NewParser()
	parser.CharThresholds = 200
	art, err := parser.ParseDocument(doc, base)
	if err != nil || art.Node == nil {
		return
	}
	if p.byline == "" {
		p.byline = oneLine(art.Byline())
	}
	p.body = paragraphs(art.Node, p)
}

// paragraphs returns the text of the article's paragraphs, the lines a
// story page adds that are not the story's left out.
func paragraphs(root *html.Node, p *htmlPage) []string {
	var out []string
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.P, atom.H2, atom.H3, atom.Li, atom.Blockquote:
		default:
			continue
		}
		if hasBlockChild(n) {
			continue
		}
		t := nodeText(n)
		switch {
		case t == "", t == p.headline, t == p.kicker:
			continue
		case pagedumpChrome(t):
			continue
		}
		out = append(out, t)
	}
	return out
}

func hasBlockChild(n *html.Node) bool {
	for c := range n.Descendants() {
		if c != n && (c.DataAtom == atom.P || c.DataAtom == atom.Li || c.DataAtom == atom.Blockquote) {
			return true
		}
	}
	return false
}

// chromeParagraph opens a paragraph that is the site's, not the story's.
var chromeParagraph = regexp.MustCompile(`^(بیشتر بخوانید|بخوانید|اخبار مرتبط|مطالب مرتبط|انتهای پیام|انتهای خبر|/انتهای پیام|کد خبر|لینک کوتاه|برچسب|نسخه چاپی|ارسال نظر|ثبت نظر|اشتراک)`)

// pagedumpChrome reports a paragraph that is the site's, not the story's.
func pagedumpChrome(t string) bool {
	return chromeParagraph.MatchString(strings.TrimLeft(t, "/ ")) && utf8.RuneCountInString(t) < 200
}

func collectText(n *html.Node, b *strings.Builder) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript:
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collectText(c, b)
	}
	if n.Type == html.ElementNode && !isInline(n.DataAtom) {
		b.WriteByte('\n')
	}
}

func isInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Strong, atom.I, atom.Em, atom.Span, atom.Small, atom.Sup, atom.Sub, atom.Time, atom.Abbr, atom.Label:
		return true
	}
	return false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	collectText(n, &b)
	return oneLine(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case []any:
		if len(v) > 0 {
			return str(v[0])
		}
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// name is the name of a JSON-LD Person or Organization, or of each of a
// list of them, or its @id.
func name(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		if n := str(v["name"]); n != "" {
			return n
		}
		return str(v["@id"])
	case []any:
		var names []string
		for _, e := range v {
			if n := name(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, "، ")
	}
	return ""
}

func keywords(v any) []string {
	var raw []string
	switch v := v.(type) {
	case string:
		raw = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '،' })
	case []any:
		for _, e := range v {
			raw = append(raw, str(e))
		}
	}
	var out []string
	for _, t := range raw {
		if t = oneLine(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// codeFromURL finds a news code in a story's URL.
func codeFromURL(u string) int64 {
	pu, err := url.Parse(u)
	if err != nil {
		return 0
	}
	path := pu.EscapedPath()
	m := codeInURL.FindStringSubmatch(path)
	if m == nil {
		m = digitsSeg.FindStringSubmatch(path)
	}
	if m == nil {
		return 0
	}
	c, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0
	}
	return c
}

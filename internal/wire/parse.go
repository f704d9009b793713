package wire

import (
	"bytes"
	"fmt"
	"html"
	"mime"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/richtext"
)

// Entry is one item read from a feed, before it is analysed.
type Entry struct {
	GUID      string
	Headline  string
	Lead      string // plain text
	Body      string // sanitized HTML
	Link      string
	Published time.Time
}

// maxEntries bounds the items read from one feed answer.
const maxEntries = 1000

// Parse reads a feed answer as format says (news.WireRSS, WireAtom,
// WireNinjs, or WireAuto to tell by the content) and returns its
// entries. The bytes are turned into UTF-8 first, from the charset the
// XML declaration or contentType names, else, for bytes that are not
// UTF-8, Windows-1256 (what Persian sites that are not UTF-8 send).
// Entries without a headline or an id are skipped. It returns an error
// in Persian when the answer is not a feed of that format.
func Parse(body []byte, contentType, format string) ([]Entry, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("پاسخ خوراک خالی است")
	}
	if format == news.WireAuto {
		format = news.WireRSS // gofeed reads RSS and Atom alike
		if trimmed[0] == '{' || trimmed[0] == '[' {
			format = news.WireNinjs
		}
	}
	if format == news.WireNinjs {
		if !utf8.Valid(trimmed) {
			return nil, fmt.Errorf("خوراک ninjs به UTF-8 نیست")
		}
		return parseNinjs(trimmed)
	}
	utf, err := toUTF8(trimmed, contentType)
	if err != nil {
		return nil, err
	}
	feed, err := gofeed.NewParser().ParseString(string(utf))
	if err != nil {
		return nil, fmt.Errorf("خوراک RSS/Atom خوانا نیست: %v", shortError(err))
	}
	var out []Entry
	for _, it := range feed.Items {
		if len(out) == maxEntries {
			break
		}
		e := Entry{GUID: strings.TrimSpace(it.GUID), Headline: plain(it.Title), Link: strings.TrimSpace(it.Link)}
		if e.GUID == "" {
			e.GUID = e.Link
		}
		desc, content := it.Description, it.Content
		if content == "" {
			content = desc
			desc = ""
		}
		e.Lead = plain(desc)
		e.Body = richtext.Sanitize(content)
		if e.Lead == "" {
			e.Lead, e.Body = splitLead(e.Body)
		}
		switch {
		case it.PublishedParsed != nil:
			e.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			e.Published = it.UpdatedParsed.UTC()
		}
		if e.GUID != "" && e.Headline != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

func parseNinjs(body []byte) ([]Entry, error) {
	var out []Entry
	var bad error
	err := importer.ReadRaw(bytes.NewReader(body), func(r importer.Raw) error {
		if len(out) == maxEntries {
			return nil
		}
		if r.Err != nil {
			bad = r.Err
			return nil
		}
		it, _, err := ninjs.DecodeItem(r.Data)
		if err != nil {
			bad = err
			return nil
		}
		st, err := it.Story()
		if err != nil {
			bad = err
			return nil
		}
		e := Entry{GUID: it.URI, Headline: plain(st.Headline), Lead: plain(st.Lead), Body: st.Body, Published: st.Published}
		for _, r := range it.Renditions {
			if r.Name == "web" && e.Link == "" {
				e.Link = r.Href
			}
		}
		if e.Link == "" && (strings.HasPrefix(it.URI, "http://") || strings.HasPrefix(it.URI, "https://")) {
			e.Link = it.URI
		}
		if e.GUID != "" && e.Headline != "" {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("خوراک ninjs خوانا نیست: %v", shortError(err))
	}
	if len(out) == 0 && bad != nil {
		return nil, fmt.Errorf("خوراک ninjs خوانا نیست: %v", shortError(bad))
	}
	return out, nil
}

var xmlEncoding = regexp.MustCompile(`(?i)^(<\?xml[^>]*?encoding\s*=\s*["'])([^"']+)(["'])`)

// toUTF8 decodes an XML feed into UTF-8, rewriting the declaration to
// say so.
func toUTF8(body []byte, contentType string) ([]byte, error) {
	label := ""
	if m := xmlEncoding.FindSubmatch(body); m != nil {
		label = string(m[2])
	}
	if label == "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			label = params["charset"]
		}
	}
	if label == "" && !utf8.Valid(body) {
		label = "windows-1256"
	}
	if label == "" || strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
		if !utf8.Valid(body) {
			// Declared UTF-8 but it is not: Persian sites' usual mistake.
			label = "windows-1256"
		} else {
			return body, nil
		}
	}
	enc, _ := charset.Lookup(label)
	if enc == nil {
		return nil, fmt.Errorf("نویسه‌گذاری ناشناختهٔ %q", label)
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return nil, fmt.Errorf("نویسه‌گذاری %s خوانا نیست", label)
	}
	out = xmlEncoding.ReplaceAll(out, []byte("${1}utf-8${3}"))
	return out, nil
}

// plain turns a feed's text, which may hold markup and entities, into
// one line of plain text.
func plain(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = richtext.Text(richtext.Sanitize(s))
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// splitLead takes the first paragraph of a body as its lead.
func splitLead(body string) (lead, rest string) {
	if !strings.HasPrefix(body, "<p>") {
		return plain(body), ""
	}
	end := strings.Index(body, "</p>")
	if end < 0 {
		return plain(body), ""
	}
	return plain(body[3:end]), strings.TrimSpace(body[end+4:])
}

func shortError(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

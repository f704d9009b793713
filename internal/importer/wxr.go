package importer

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/richtext"
)

// A WordPress export (WXR 1.0–1.2) is RSS 2.0 with the site's authors,
// categories and tags in the channel, then an <item> per post, page,
// attachment and menu item. readWXR streams it token by token and decodes
// one <item> at a time, so memory is bounded by the largest item, not
// the export.

// wxrItem is one <item>: only the fields the import reads. Elements are
// matched by local name, so every WXR version's namespace does.
type wxrItem struct {
	Title    string       `xml:"title"`
	Link     string       `xml:"link"`
	GUID     string       `xml:"guid"`
	Creator  string       `xml:"creator"`
	Encoded  []wxrEncoded `xml:"encoded"` // content:encoded and excerpt:encoded
	PostID   int64        `xml:"post_id"`
	Date     string       `xml:"post_date"`
	DateGMT  string       `xml:"post_date_gmt"`
	Status   string       `xml:"status"`
	Type     string       `xml:"post_type"`
	Parent   int64        `xml:"post_parent"`
	Category []wxrTerm    `xml:"category"`
	Comments []wxrComment `xml:"comment"`
	Meta     []wxrMeta    `xml:"postmeta"`
	// AttachmentURL is an attachment's file, on the site.
	AttachmentURL string `xml:"attachment_url"`
}

type wxrMeta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

// thumbnail is the attachment id a post's featured image is, or 0.
func (it *wxrItem) thumbnail() int64 {
	for _, m := range it.Meta {
		if strings.TrimSpace(m.Key) == "_thumbnail_id" {
			id, _ := strconv.ParseInt(strings.TrimSpace(m.Value), 10, 64)
			return id
		}
	}
	return 0
}

type wxrEncoded struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

type wxrTerm struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type wxrComment struct {
	ID       string `xml:"comment_id"`
	Author   string `xml:"comment_author"`
	Email    string `xml:"comment_author_email"`
	IP       string `xml:"comment_author_IP"`
	DateGMT  string `xml:"comment_date_gmt"`
	Date     string `xml:"comment_date"`
	Content  string `xml:"comment_content"`
	Approved string `xml:"comment_approved"`
	Type     string `xml:"comment_type"`
	Parent   string `xml:"comment_parent"`
}

// wxrCategory is a <wp:category> of the channel: the section tree.
type wxrCategory struct {
	Nicename string `xml:"category_nicename"`
	Parent   string `xml:"category_parent"`
	Name     string `xml:"cat_name"`
}

type wxrAuthor struct {
	Login   string `xml:"author_login"`
	Display string `xml:"author_display_name"`
}

// Category is a WordPress category as the export describes it: its
// slug (nicename, unescaped), name and parent's slug.
type Category struct {
	Slug, Name, Parent string
}

// wxrSite is what the channel says before the items.
type wxrSite struct {
	authors    map[string]string    // login → display name
	categories map[string]*Category // slug → category
	// attachments are the files of the attachments read so far, by id,
	// for the posts' featured images; at most MaxAttachments.
	attachments map[int64]string
	// later are the posts whose featured image's attachment had not
	// come yet when they were read; at most MaxAttachments.
	later []laterPhoto
}

type laterPhoto struct {
	line       int
	item, uri  string
	attachment int64
}

// MaxItem bounds one <item> of a WordPress export.
const MaxItem = 32 << 20

// MaxAttachments bounds the attachments, and the posts waiting for
// one, that reading an export remembers for featured images.
const MaxAttachments = 200_000

// readWXR reads a WordPress export, one record per post; pages,
// attachments, menu items and private or trashed posts come back as
// records with Skipped set.
func readWXR(r io.Reader, opt Options, fn func(Record) error) error {
	lr := &limitCounter{r: r}
	dec := xml.NewDecoder(lr)
	dec.Entity = xml.HTMLEntity // &nbsp; and the like, which real exports carry
	site := &wxrSite{authors: map[string]string{}, categories: map[string]*Category{}, attachments: map[int64]string{}}
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			return site.laterPhotos(fn)
		}
		if err != nil {
			return fn(Record{Line: line, Err: invalid("bad XML: %v", err)})
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		line, _ = dec.InputPos()
		lr.mark()
		switch start.Name.Local {
		case "author":
			if !isWP(start.Name) {
				continue
			}
			var a wxrAuthor
			if err := dec.DecodeElement(&a, &start); err != nil {
				return fn(Record{Line: line, Err: invalid("bad XML in an author: %v", xmlError(err, lr))})
			}
			if a.Display != "" {
				site.authors[a.Login] = strings.TrimSpace(a.Display)
			}
		case "category":
			if !isWP(start.Name) {
				continue
			}
			var c wxrCategory
			if err := dec.DecodeElement(&c, &start); err != nil {
				return fn(Record{Line: line, Err: invalid("bad XML in a category: %v", xmlError(err, lr))})
			}
			slug := unescapeSlug(c.Nicename)
			site.categories[slug] = &Category{Slug: slug, Name: strings.TrimSpace(c.Name), Parent: unescapeSlug(c.Parent)}
		case "item":
			var it wxrItem
			if err := dec.DecodeElement(&it, &start); err != nil {
				return fn(Record{Line: line, Err: invalid("bad XML in the item: %v", xmlError(err, lr))})
			}
			if it.Type == "attachment" && it.PostID > 0 && len(site.attachments) < MaxAttachments {
				if u := strings.TrimSpace(it.AttachmentURL); u != "" {
					site.attachments[it.PostID] = u
				}
			}
			rec := site.record(&it, opt)
			rec.Line = line
			if rec.Story != nil {
				site.featured(&rec, &it)
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
	}
}

// featured sets the featured image of a post's record: its
// attachment's file when it has been read, else the post waits for it.
func (site *wxrSite) featured(rec *Record, it *wxrItem) {
	id := it.thumbnail()
	if id <= 0 {
		return
	}
	if u, ok := site.attachments[id]; ok {
		rec.FeaturedImage = u
		return
	}
	rec.PhotoLater = true
	if len(site.later) < MaxAttachments {
		site.later = append(site.later, laterPhoto{line: rec.Line, item: rec.Item, uri: rec.Story.URI, attachment: id})
	} else {
		rec.Warnings = append(rec.Warnings, fmt.Sprintf("featured image (attachment %d) not imported: more than %d posts wait for theirs", id, MaxAttachments))
	}
}

// laterPhotos brings the featured images whose attachments came after
// their posts, at the end of the export.
func (site *wxrSite) laterPhotos(fn func(Record) error) error {
	for _, l := range site.later {
		rec := Record{Line: l.line, Item: l.item, PhotoFor: l.uri, FeaturedImage: site.attachments[l.attachment]}
		if rec.FeaturedImage == "" {
			rec.Warnings = []string{fmt.Sprintf("featured image not imported: attachment %d is not in the export", l.attachment)}
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}

func isWP(n xml.Name) bool {
	return strings.Contains(n.Space, "wordpress.org/export") || n.Space == "wp"
}

// limitCounter refuses to read more than MaxItem bytes after mark, so
// one endless element cannot take the memory.
type limitCounter struct {
	r     io.Reader
	since int64
}

var errItemTooLarge = errors.New("item too large")

func (l *limitCounter) mark() { l.since = 0 }

func (l *limitCounter) Read(p []byte) (int, error) {
	if l.since > MaxItem {
		return 0, errItemTooLarge
	}
	n, err := l.r.Read(p)
	l.since += int64(n)
	return n, err
}

func xmlError(err error, l *limitCounter) error {
	if errors.Is(err, errItemTooLarge) || l.since > MaxItem {
		return fmt.Errorf("larger than %d bytes", MaxItem)
	}
	return err
}

// record turns one item into a record.
func (site *wxrSite) record(it *wxrItem, opt Options) Record {
	rec := Record{Item: fmt.Sprintf("post %d", it.PostID)}
	if it.Type != "post" && it.Type != "" {
		rec.Skipped = "not a post: " + it.Type
		rec.Quiet = true
		return rec
	}
	st := &news.Story{Language: "fa", Code: 0}
	switch it.Status {
	case "publish":
		st.Status = news.StatusPublished
		st.Code = it.PostID
	case "draft", "pending":
		st.Status = news.StatusDraft
	case "future":
		st.Status = news.StatusScheduled
	case "private", "trash":
		rec.Skipped = it.Status + " post"
		return rec
	default: // auto-draft, inherit: WordPress's own working copies
		rec.Skipped = "not a post: " + it.Status
		rec.Quiet = true
		return rec
	}
	st.URI = strings.TrimSpace(it.Link)
	if st.URI == "" || st.Status != news.StatusPublished && strings.TrimSpace(it.GUID) != "" && strings.Contains(st.URI, "?") {
		st.URI = strings.TrimSpace(it.GUID)
	}
	if st.URI == "" {
		st.URI = fmt.Sprintf("urn:khabar:wordpress:%d", it.PostID)
	}
	st.Headline = oneLine(richtext.HTMLToText(it.Title))
	var content, excerpt string
	for _, e := range it.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") {
			excerpt = e.Value
		} else {
			content = e.Value
		}
	}
	st.Body = storyBody(WordPressHTML(content))
	st.Lead = oneLine(richtext.HTMLToText(excerpt))
	for _, c := range it.Category {
		name := strings.TrimSpace(c.Name)
		switch c.Domain {
		case "category":
			if st.Section.Slug == "" {
				st.Section = site.section(unescapeSlug(c.Nicename), name)
			}
		case "post_tag":
			if name != "" && len(st.Tags) < news.MaxTags {
				st.Tags = append(st.Tags, name)
			}
		}
	}
	st.Byline = site.authors[it.Creator]
	if st.Byline == "" {
		st.Byline = strings.TrimSpace(it.Creator)
	}
	st.Published = wpTime(it.DateGMT, it.Date)
	if st.Status == news.StatusScheduled && st.Published.IsZero() {
		rec.Err = invalid("post %d: a scheduled post without a date", it.PostID)
		return rec
	}
	if err := st.Validate(); err != nil {
		rec.Err = fmt.Errorf("post %d: %w", it.PostID, err)
		return rec
	}
	rec.Story = st
	rec.OldPaths = oldPaths(it)
	for _, c := range it.Comments {
		if c.Approved != "1" || c.Type != "" && c.Type != "comment" {
			rec.Dropped++
			continue
		}
		parent := ""
		if c.Parent != "" && c.Parent != "0" {
			parent = c.Parent
		}
		rec.Comments = append(rec.Comments, news.ImportedComment{
			Key: c.ID, ReplyTo: parent, Name: c.Author, Email: c.Email, IP: c.IP,
			Text: commentText(c.Content), Created: wpTime(c.DateGMT, c.Date),
		})
	}
	return rec
}

// oldPaths are the addresses a post answered at on its WordPress site:
// its permalink and, as WordPress answers it for every post, "/?p=ID".
func oldPaths(it *wxrItem) []string {
	var paths []string
	if u, err := url.Parse(strings.TrimSpace(it.Link)); err == nil {
		if p := news.OldPath(u); p != "" {
			paths = append(paths, p)
		}
	}
	if it.PostID > 0 {
		if p := fmt.Sprintf("/?p=%d", it.PostID); len(paths) == 0 || paths[0] != p {
			paths = append(paths, p)
		}
	}
	return paths
}

// section is the section a post in the category slug goes to. Sections
// are one level today, so a post goes to its own category, whatever its
// parents; the tree is kept in site.categories for when sections nest.
// This is the one place that maps categories to sections.
func (site *wxrSite) section(slug, name string) news.Section {
	if c := site.categories[slug]; c != nil && c.Name != "" {
		name = c.Name
	}
	return news.Section{Slug: sectionSlug(slug, name), Name: name}
}

// sectionSlug is the section slug for a category: khabar's own for a
// section name it knows («سیاسی» is "politics"), else the category's
// slug made URL-safe.
func sectionSlug(slug, name string) string {
	if s := ninjs.SectionSlug(name); s != "" {
		return s
	}
	if s := news.Slugify(slug); s != "" {
		return s
	}
	return news.Slugify(name)
}

func unescapeSlug(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// wpTime reads a WordPress date: the GMT one when it is set, else the
// site's local one, taken as Tehran time. "0000-00-00 00:00:00" is none.
func wpTime(gmt, local string) time.Time {
	const layout = "2006-01-02 15:04:05"
	if t, err := time.Parse(layout, strings.TrimSpace(gmt)); err == nil && t.Year() > 1 {
		return t.UTC()
	}
	if t, err := time.ParseInLocation(layout, strings.TrimSpace(local), jalali.Tehran); err == nil && t.Year() > 1 {
		return t.UTC()
	}
	return time.Time{}
}

// commentText is a comment's plain text: WordPress keeps comments as
// light HTML, paragraphs separated by blank lines.
func commentText(s string) string {
	s = strings.NewReplacer("<br>", "\n", "<br/>", "\n", "<br />", "\n", "</p>", "\n\n").Replace(s)
	var paras []string
	for p := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		var lines []string
		for l := range strings.SplitSeq(p, "\n") {
			if t := richtext.HTMLToText(l); t != "" {
				lines = append(lines, t)
			}
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(paras, "\n\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

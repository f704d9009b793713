package web

import (
	"html/template"
	"strconv"
	"strings"

	"khabar/internal/news"
)

// A page's comments are written out here rather than by the template:
// fifty comments with their replies cost html/template some thirty
// reflective calls each, more than all the rest of the page. Everything
// a reader wrote goes through template.HTMLEscapeString on its way in,
// the same escaping html/template gives text and quoted attributes; the
// rest is our own markup, numbers and dates. TestScriptInjectionIsInert
// (internal/e2e) holds this to the browser.

// listHTML is the <li> of each thread, its replies in an <ol> inside.
func (v *commentsView) listHTML(threads []news.CommentThread) template.HTML {
	if len(threads) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(threads) * 600)
	for _, t := range threads {
		b.WriteString(`<li class="comment" id="comment-`)
		b.WriteString(strconv.FormatInt(t.ID, 10))
		b.WriteString(`">`)
		writeComment(&b, t.Comment)
		if v.Open {
			b.WriteString("\n" + `<a class="reply-link" href="`)
			b.WriteString(template.HTMLEscapeString(v.replyURL(t.ID)))
			b.WriteString(`" rel="nofollow">پاسخ</a>`)
		}
		if len(t.Replies) > 0 {
			b.WriteString("\n" + `<ol class="replies">`)
			for _, r := range t.Replies {
				b.WriteString("\n" + `<li class="comment reply" id="comment-`)
				b.WriteString(strconv.FormatInt(r.ID, 10))
				b.WriteString(`">`)
				writeComment(&b, r)
				b.WriteString("\n</li>")
			}
			b.WriteString("\n</ol>")
		}
		b.WriteString("\n</li>\n")
	}
	return template.HTML(b.String())
}

// writeComment writes the name, the date and the text of c.
func writeComment(b *strings.Builder, c *news.Comment) {
	b.WriteString("\n" + `<p class="comment-meta"><bdi class="comment-name">`)
	b.WriteString(template.HTMLEscapeString(c.Name))
	b.WriteString(`</bdi> <time datetime="`)
	b.WriteString(template.HTMLEscapeString(iso(c.Created)))
	b.WriteString(`">`)
	b.WriteString(template.HTMLEscapeString(jdate(c.Created)))
	b.WriteString("</time></p>\n" + `<p class="comment-text">`)
	writeText(b, c.Text)
	b.WriteString("</p>")
}

// writeText writes a comment's text as a page shows it: plain text,
// every character of markup shown as written, web addresses made links
// that pass no reputation and no access to this page (rel="nofollow ugc
// noopener"), line breaks kept.
func writeText(b *strings.Builder, text string) {
	plain := func(s string) {
		for {
			line, rest, more := strings.Cut(s, "\n")
			b.WriteString(template.HTMLEscapeString(line))
			if !more {
				return
			}
			b.WriteString("<br>\n")
			s = rest
		}
	}
	at := 0
	for _, l := range news.FindLinks(text) {
		plain(text[at:l.Start])
		b.WriteString(`<a href="`)
		b.WriteString(template.HTMLEscapeString(l.URL))
		b.WriteString(`" rel="nofollow ugc noopener">`)
		b.WriteString(template.HTMLEscapeString(text[l.Start:l.End]))
		b.WriteString(`</a>`)
		at = l.End
	}
	plain(text[at:])
}

package importer

import (
	"regexp"
	"strings"

	"khabar/internal/richtext"
)

var (
	// blockComment is the block editor's markup: <!-- wp:paragraph -->,
	// <!-- /wp:paragraph -->, <!-- wp:image {"id":12} /-->, and the
	// <!--more--> and <!--nextpage--> marks of classic posts.
	blockComment = regexp.MustCompile(`<!--\s*/?wp:[^>]*?-->|<!--\s*(more|nextpage|noteaser)\b[^>]*-->`)
	// shortcode is a WordPress shortcode such as [caption id="…"] or
	// [/embed]: the brackets go, what they enclose stays.
	shortcode = regexp.MustCompile(`\[/?[a-z][a-z0-9_-]*(\s[^\]]*)?\]`)
	// blockStart is a line that opens a block of its own, which wpautop
	// leaves unwrapped.
	blockStart = regexp.MustCompile(`(?i)^<(p|div|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|td|th|figure|figcaption|pre|hr|section|article|aside|address|dl|dd|dt|form|iframe|video|audio|script|style)\b`)
	blankLines = regexp.MustCompile(`\n[ \t]*\n`)
	// blockGap is white space beside a block tag, which means nothing.
	blockGap = regexp.MustCompile(`\s*(</?(?:p|ul|ol|li|h[1-6]|blockquote|figure|figcaption|div|table|tr|td|th|br)\b[^>]*>)\s*`)
)

// WordPressHTML turns the content of a WordPress post into HTML for the
// sanitizer. Block-editor content is HTML already, between comments that
// are dropped here. Classic content is what wpautop reads: paragraphs
// separated by blank lines, a single line break a <br>, block elements
// left as they are.
func WordPressHTML(content string) string {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	blocks := strings.Contains(content, "<!-- wp:")
	content = blockComment.ReplaceAllString(content, "")
	content = shortcode.ReplaceAllString(content, "")
	if blocks {
		return blockGap.ReplaceAllString(strings.TrimSpace(content), "$1")
	}
	var b strings.Builder
	for para := range strings.SplitSeq(blankLines.ReplaceAllString(content, "\n\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if blockStart.MatchString(para) {
			b.WriteString(para)
			b.WriteByte('\n')
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(para, "\n", "<br>"))
		b.WriteString("</p>")
	}
	return blockGap.ReplaceAllString(b.String(), "$1")
}

var (
	spaceAfterOpen = regexp.MustCompile(`(<(?:p|li|h2|h3|blockquote)>)\s+`)
	spaceBeforeEnd = regexp.MustCompile(`\s+(</(?:p|li|h2|h3|blockquote)>)`)
)

// storyBody is the sanitized body of HTML, without the white space
// around its blocks.
func storyBody(h string) string {
	h = richtext.Sanitize(h)
	h = blockGap.ReplaceAllString(strings.TrimSpace(h), "$1")
	return richtext.Sanitize(h)
}

package markup

// blockKind is what a top-level block of a body is.
type blockKind uint8

const (
	paraBlock  blockKind = iota // <p>: lines joined by <br>
	h2Block                     // <h2>: one line
	h3Block                     // <h3>: one line
	ulBlock                     // <ul>: one line per <li>
	olBlock                     // <ol>: one line per <li>
	quoteBlock                  // <blockquote>: paragraphs in quote
	photoBlock                  // <figure>: one of our photos, photo and caption
)

// block is one block of a body. Paragraphs, headings and lists keep their
// inline content in lines; a quote keeps paragraphs (paraBlock only).
type block struct {
	kind  blockKind
	lines []line
	quote []block
	// photo is a photo block's photo id, caption its caption (plain
	// text, cleaned as richtext.CleanCaption does).
	photo, caption string
}

// line is the inline content of one line: a paragraph line, a heading,
// a list item.
type line []inline

// inlineKind is what an inline node is.
type inlineKind uint8

const (
	textNode   inlineKind = iota // text, not escaped
	boldNode                     // <b>
	italicNode                   // <i>
	linkNode                     // <a href>
)

// inline is a node of inline content. Text nodes carry text, links an
// address (empty when the link is unusable), the others their children.
type inline struct {
	kind inlineKind
	text string
	href string
	kids []inline
}

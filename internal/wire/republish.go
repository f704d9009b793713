package wire

import (
	"strings"

	"khabar/internal/news"
	"khabar/internal/persian"
)

// Content is the draft a wire item is republished as: the item's text
// with the editor's tidy-Persian action applied (Persian ی and ک for
// Arabic ي and ك, ZWNJ, digits, spacing), credited to the item's source.
// The credit opens the lead on every page as «نصر: …» does on the model
// page, so a lead that already opens with it loses that opening here
// rather than show it twice.
func Content(it *news.WireItem, section string) news.Content {
	lead := persian.Tidy(it.Lead)
	credit := persian.Tidy(it.Credit)
	lead = strings.TrimSpace(stripCredit(lead, credit))
	return news.Content{
		Section:  section,
		Headline: persian.Tidy(it.Headline),
		Lead:     lead,
		Source:   credit,
		Body:     persian.TidyHTML(it.Body),
	}
}

// stripCredit removes «credit:» or «credit -» from the start of lead,
// comparing folded text.
func stripCredit(lead, credit string) string {
	if credit == "" {
		return lead
	}
	for _, sep := range []string{":", "：", " -", " –", "-"} {
		head := credit + sep
		if len(lead) >= len(head) && persian.Fold(lead[:len(head)]) == persian.Fold(head) {
			return lead[len(head):]
		}
	}
	return lead
}

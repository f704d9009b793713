// Package demo holds khabar's demonstration content (محتوای نمایشی): a
// small set of invented Persian news stories, spread over several
// sections, that a new database is filled with so the site, feeds and
// search have something to show before the newsroom publishes anything.
//
// Every story is fictional, carries Demo: true and has a URI of the form
// urn:khabar:demo:N, so it can be told apart from real content and
// removed. Pages showing a demo story display Notice.
package demo

import (
	"fmt"
	"html"
	"strings"
	"time"

	"khabar/internal/news"
)

// LatinPhrase and LatinNumber occur, in Latin letters and ASCII digits,
// in the body of one demo story, so search over mixed-script text has
// something to find.
const (
	LatinPhrase = "Open Kavir Map"
	LatinNumber = "128"
)

// Sections returns the sections the demo stories are filed under, in
// the order a menu would show them. Each call returns a fresh slice.
func Sections() []news.Section {
	return []news.Section{politics, economy, society, sports, culture, world, science}
}

// Stories returns the demo stories, newest first, published at fixed
// offsets (hours) before now, so the same now always gives the same
// stories. They are ready to store: status published, no code assigned.
// Each call returns new values that the caller may change.
func Stories(now time.Time) []*news.Story {
	stories := make([]*news.Story, 0, len(items))
	for i, it := range items {
		published := now.Add(-it.age).UTC().Truncate(time.Minute)
		stories = append(stories, &news.Story{
			URI:       fmt.Sprintf("urn:khabar:demo:%d", i+1),
			Section:   it.section,
			Kicker:    it.kicker,
			Headline:  it.headline,
			Lead:      it.lead,
			Source:    it.source,
			Body:      paragraphs(it.body),
			Tags:      append([]string(nil), it.tags...),
			Language:  "fa",
			Status:    news.StatusPublished,
			Published: published,
			Updated:   published,
			Demo:      true,
		})
	}
	return stories
}

// paragraphs renders plain-text paragraphs as the HTML body stories hold.
func paragraphs(texts []string) string {
	var b strings.Builder
	for i, t := range texts {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(t))
		b.WriteString("</p>")
	}
	return b.String()
}

// item is one demo story before it is dated and rendered.
type item struct {
	age      time.Duration // how long before now it was published
	section  news.Section
	kicker   string
	headline string
	lead     string
	source   string
	body     []string // plain-text paragraphs
	tags     []string
}

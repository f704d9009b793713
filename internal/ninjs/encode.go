package ninjs

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"khabar/internal/news"
	"khabar/internal/richtext"
)

// The standard khabar's exports declare.
const (
	StandardVersion = "2.2"
	StandardSchema  = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
)

// Encode returns the story as one compact ninjs 2.2 JSON object, fields
// always in the same order, for export and the ninjs API. What Encode
// writes, Decode reads back to a story that encodes to the same bytes.
// It returns an *news.Error with code EINVALID when the story has neither
// a URI nor a news code.
func Encode(s *news.Story) ([]byte, error) { return EncodeWith(s, Options{}) }

// EncodeWith is Encode with the options FromStoryWith takes.
func EncodeWith(s *news.Story, opts Options) ([]byte, error) {
	it, err := FromStoryWith(s, opts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // bodies are HTML: keep them readable
	if err := enc.Encode(it); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// FromStory returns the ninjs item for a story: the inverse of Item.Story.
// A story without a URI gets "urn:khabar:news:{code}". The ID and the
// Demo mark are not carried; a draft is exported as withheld. Errors are
// as for Encode.
func FromStory(s *news.Story) (*Item, error) { return FromStoryWith(s, Options{}) }

// FromStoryWith is FromStory with a story's lead photo, if it has one,
// as a picture association whose renditions are addressed under
// opts.MediaBase.
func FromStoryWith(s *news.Story, opts Options) (*Item, error) {
	it := &Item{
		URI:      s.URI,
		Standard: &Standard{Name: "ninjs", Version: StandardVersion, Schema: StandardSchema},
		Type:     "text",
		Language: s.Language,
	}
	if strings.TrimSpace(it.URI) == "" && s.Code > 0 {
		it.URI = "urn:khabar:news:" + strconv.FormatInt(s.Code, 10)
	}
	if strings.TrimSpace(it.URI) == "" {
		return nil, invalid("ninjs: story has neither a uri nor a news code")
	}
	if it.Language == "" {
		it.Language = "fa"
	}
	it.PubStatus = PubStatusUsable
	if s.Status != "" && s.Status != news.StatusPublished {
		it.PubStatus = PubStatusWithheld
	}

	switch {
	case s.Published.IsZero():
		it.VersionCreated = formatTime(s.Updated)
	case s.Updated.IsZero() || s.Updated.Equal(s.Published):
		it.VersionCreated = formatTime(s.Published)
	default:
		it.FirstCreated = formatTime(s.Published)
		it.VersionCreated = formatTime(s.Updated)
	}

	if s.Headline != "" {
		it.Headlines = append(it.Headlines, Text{Role: RoleMain, Value: s.Headline})
	}
	if s.Kicker != "" {
		it.Headlines = append(it.Headlines, Text{Role: RoleSubtitle, Value: s.Kicker})
	}
	if s.Lead != "" {
		it.Descriptions = []Text{{Role: RoleSummary, Value: s.Lead}}
	}
	if body := richtext.Sanitize(s.Body); body != "" {
		it.Bodies = []Body{{Role: RoleMain, ContentType: "text/html", Value: body}}
	}

	slug, name := strings.TrimSpace(s.Section.Slug), strings.TrimSpace(s.Section.Name)
	if slug == "" {
		slug, name = DefaultSectionSlug, DefaultSectionName
	}
	if name == "" {
		name = SectionName(slug)
	}
	it.Subjects = append(it.Subjects, Subject{Name: name, Rel: RelCategory, Literal: slug})
	for _, tag := range cleanTags(s.Tags) {
		it.Subjects = append(it.Subjects, Subject{Name: tag, Rel: RelKeyword})
	}

	if s.Source != "" {
		it.InfoSources = append(it.InfoSources, InfoSource{Name: s.Source, Role: RoleSource})
	}
	if s.Provider != "" {
		it.InfoSources = append(it.InfoSources, InfoSource{Name: s.Provider, Role: RolePublisher})
	}
	if s.Code > 0 {
		it.AltIDs = []AltID{{Role: RoleNewsCode, Value: strconv.FormatInt(s.Code, 10)}}
	}
	it.By = s.Byline
	if s.Photo != nil && len(s.Photo.Widths) > 0 {
		it.Associations = []Association{photoAssociation(s, opts)}
	}
	return it, nil
}

// formatTime writes t in UTC to the nanosecond, "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Pages are the public addresses of a story, absolute URLs.
type Pages struct {
	Page  string // the canonical article page
	Print string // its print version
}

// FromPublicStory returns the item the public ninjs API serves for a
// story: FromStory's, with the story's revision as its version, its
// publish time as firstcreated and its latest version's time as
// versioncreated, contentcreated when known (zero: not written), and
// its public pages as renditions. Errors are as for Encode.
func FromPublicStory(s *news.Story, contentCreated time.Time, p Pages) (*Item, error) {
	it, err := FromStory(s)
	if err != nil {
		return nil, err
	}
	it.Version = strconv.FormatInt(max(s.Revision, 1), 10)
	if !s.Published.IsZero() {
		it.FirstCreated = formatTime(s.Published)
		if it.VersionCreated == "" || s.Updated.Before(s.Published) {
			it.VersionCreated = it.FirstCreated
		}
	}
	it.ContentCreated = formatTime(contentCreated)
	if p.Page != "" {
		it.Renditions = append(it.Renditions, Rendition{Name: "web", Href: p.Page, ContentType: "text/html", Title: s.Headline})
	}
	if p.Print != "" {
		it.Renditions = append(it.Renditions, Rendition{Name: "print", Href: p.Print, ContentType: "text/html", Title: s.Headline})
	}
	return it, nil
}

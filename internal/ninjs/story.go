package ninjs

import (
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/richtext"
)

// Story maps the item to a story:
//
//   - uri → URI; language → Language, "fa" when absent.
//   - headline with role "main" (else the first that is not a kicker) →
//     Headline; role "subtitle" (else "kicker") → Kicker; HTML headlines
//     lose their tags.
//   - description with role "summary" (else the first without a role) →
//     Lead, as plain text.
//   - body with role "main" (else the first) → Body: HTML through
//     richtext.Sanitize, plain text as one <p> per line.
//   - first subject with rel "category" → Section: the slug is its literal,
//     else its name; the name is its name when that differs from the
//     literal, else SectionName(slug). No category: "news", «خبر». A
//     provincial office's section has «استان‌ها» (province) as Parent.
//     Subjects with rel "keyword" → Tags. Other subjects (subcategory
//     among them) are dropped.
//   - first infosource with no role or role "source" → Source; role
//     "publisher" → Provider.
//   - altid with role "newscode" → Code; by → Byline.
//   - the association named "derivedfrom" → Origin: its uri the link,
//     its first infosource the credit, its firstcreated the time.
//   - firstcreated → Published and versioncreated → Updated when both are
//     given; either one alone → Published.
//   - pubstatus usable or absent → StatusPublished; withheld, canceled →
//     StatusUnpublished.
//   - associations are not mapped: the lead picture (LeadPicture) is a
//     file to read, which the importer stores before the story.
//
// It returns an *news.Error with code EINVALID when the body is larger
// than news.MaxBody (before it is cleaned, which a larger one would make
// costly), the news code is not a positive integer or a date is not RFC
// 3339.
func (it *Item) Story() (*news.Story, error) {
	s := &news.Story{URI: it.URI, Language: it.Language, Status: news.StatusPublished, Byline: strings.TrimSpace(it.By)}
	if s.Language == "" {
		s.Language = "fa"
	}
	switch it.PubStatus {
	case PubStatusWithheld, PubStatusCanceled:
		s.Status = news.StatusUnpublished
	}

	isKicker := func(t Text) bool { return t.Role == RoleSubtitle || t.Role == RoleKicker }
	if h, ok := pickText(it.Headlines, RoleMain, func(t Text) bool { return !isKicker(t) }); ok {
		s.Headline = textValue(h)
	}
	if h, ok := pickText(it.Headlines, RoleSubtitle, isKicker); ok {
		s.Kicker = textValue(h)
	}
	if d, ok := pickText(it.Descriptions, RoleSummary, func(t Text) bool { return t.Role == "" }); ok {
		s.Lead = textValue(d)
	}
	if err := it.checkSize(); err != nil {
		return nil, err
	}
	if b, ok := pickBody(it.Bodies); ok {
		s.Body = bodyHTML(b)
	}

	s.Section = news.Section{Slug: DefaultSectionSlug, Name: DefaultSectionName}
	for _, sub := range it.Subjects {
		if sub.Rel != RelCategory {
			continue
		}
		slug := strings.TrimSpace(sub.Literal)
		if slug == "" {
			slug = strings.TrimSpace(sub.Name)
		}
		if slug == "" {
			continue
		}
		name := strings.TrimSpace(sub.Name)
		if sub.Literal == "" || name == "" || name == slug {
			name = SectionName(slug)
		}
		s.Section = news.Section{Slug: slug, Name: name}
		if isProvince(slug) {
			parent := provinceSection
			s.Section.Parent = &parent
		}
		break
	}
	var tags []string
	for _, sub := range it.Subjects {
		if sub.Rel == RelKeyword {
			tags = append(tags, sub.Name)
		}
	}
	s.Tags = cleanTags(tags)

	for _, src := range it.InfoSources {
		switch src.Role {
		case "", RoleSource:
			if s.Source == "" {
				s.Source = src.Name
			}
		case RolePublisher:
			if s.Provider == "" {
				s.Provider = src.Name
			}
		}
	}

	for _, a := range it.Associations {
		if a.Name != AssocDerivedFrom {
			continue
		}
		o := &news.Origin{Link: a.URI}
		if strings.HasPrefix(a.URI, "urn:khabar:wire:") {
			o.Link = ""
		}
		for _, src := range a.InfoSources {
			if o.Credit == "" {
				o.Credit = src.Name
			}
		}
		var err error
		if o.Published, err = optionalTime("associations/derivedfrom/firstcreated", a.FirstCreated); err != nil {
			return nil, err
		}
		s.Origin = o
		break
	}

	for _, id := range it.AltIDs {
		if id.Role != RoleNewsCode {
			continue
		}
		code, err := strconv.ParseInt(strings.TrimSpace(jalali.LatinDigits(id.Value)), 10, 64)
		if err != nil || code <= 0 {
			return nil, invalid("ninjs: altids: news code %q is not a positive integer", id.Value)
		}
		s.Code = code
		break
	}

	first, err := optionalTime("firstcreated", it.FirstCreated)
	if err != nil {
		return nil, err
	}
	version, err := optionalTime("versioncreated", it.VersionCreated)
	if err != nil {
		return nil, err
	}
	switch {
	case !first.IsZero():
		s.Published = first
		s.Updated = version
	default:
		s.Published = version
	}
	return s, nil
}

// pickText returns the first text with the role, else the first that
// fallback accepts (none when fallback is nil).
func pickText(texts []Text, role string, fallback func(Text) bool) (Text, bool) {
	for _, t := range texts {
		if t.Role == role {
			return t, true
		}
	}
	if fallback != nil {
		for _, t := range texts {
			if fallback(t) {
				return t, true
			}
		}
	}
	return Text{}, false
}

// checkSize returns an *news.Error with code EINVALID when the body
// Story would take is larger than news.MaxBody.
func (it *Item) checkSize() error {
	if b, ok := pickBody(it.Bodies); ok && len(b.Value) > news.MaxBody {
		return invalid("ninjs: body is larger than %d bytes", news.MaxBody)
	}
	return nil
}

func pickBody(bodies []Body) (Body, bool) {
	for _, b := range bodies {
		if b.Role == RoleMain {
			return b, true
		}
	}
	if len(bodies) > 0 {
		return bodies[0], true
	}
	return Body{}, false
}

// textValue returns a headline or description as plain text.
func textValue(t Text) string {
	if isHTML(t.ContentType) {
		return richtext.HTMLToText(t.Value)
	}
	return t.Value
}

// bodyHTML returns a body as sanitized HTML. A body without a content
// type is taken for HTML when it carries tags.
func bodyHTML(b Body) string {
	switch {
	case isHTML(b.ContentType):
		return richtext.Sanitize(b.Value)
	case b.ContentType == "" && strings.Contains(b.Value, "</"):
		return richtext.Sanitize(b.Value)
	}
	return richtext.FromText(b.Value)
}

func isHTML(contentType string) bool {
	return strings.Contains(strings.ToLower(contentType), "html")
}

// cleanTags drops blank and repeated tags, keeping the first spelling.
func cleanTags(tags []string) []string {
	var out []string
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		if strings.TrimSpace(t) == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

func optionalTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}, invalid("ninjs: %s: %v", field, err)
	}
	return t, nil
}

// Package ninjs reads and writes stories as IPTC ninjs 2.x JSON, the
// format news agencies exchange (https://iptc.org/standards/ninjs/).
// khabar exports ninjs 2.2 and imports 2.0 to 2.2.
package ninjs

import "encoding/json"

// Item is a ninjs news item with the properties khabar reads and writes.
// Field order is the order Encode writes them in.
type Item struct {
	URI            string       `json:"uri"`
	Standard       *Standard    `json:"standard,omitempty"`
	Type           string       `json:"type,omitempty"`
	Version        string       `json:"version,omitempty"`
	Language       string       `json:"language,omitempty"`
	PubStatus      string       `json:"pubstatus,omitempty"`
	FirstCreated   string       `json:"firstcreated,omitempty"`
	VersionCreated string       `json:"versioncreated,omitempty"`
	ContentCreated string       `json:"contentcreated,omitempty"`
	Headlines      []Text       `json:"headlines,omitempty"`
	Descriptions   []Text       `json:"descriptions,omitempty"`
	Bodies         []Body       `json:"bodies,omitempty"`
	Subjects       []Subject    `json:"subjects,omitempty"`
	InfoSources    []InfoSource `json:"infosources,omitempty"`
	AltIDs         []AltID      `json:"altids,omitempty"`
	By             string       `json:"by,omitempty"`
	Renditions     []Rendition  `json:"renditions,omitempty"`
	// Associations carry the story's lead photo (see picture.go).
	Associations []Association `json:"associations,omitempty"`
}

// Rendition is a form of the item to be had elsewhere: a story's page on
// the public site, or one file of a picture at a size.
type Rendition struct {
	Name        string  `json:"name"`
	Href        string  `json:"href,omitempty"`
	ContentType string  `json:"contenttype,omitempty"`
	Title       string  `json:"title,omitempty"`
	Width       float64 `json:"width,omitempty"`
	Height      float64 `json:"height,omitempty"`
}

// Standard names the standard, version and schema an item follows.
type Standard struct {
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	Schema  string `json:"schema,omitempty"`
}

// Text is a headline or a description. The schema requires its value.
type Text struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	Value       string `json:"value"`
}

// Body is one body of the item, as text or markup. The schema requires
// its value.
type Body struct {
	Role        string   `json:"role,omitempty"`
	ContentType string   `json:"contenttype,omitempty"`
	CharCount   *float64 `json:"charcount,omitempty"`
	WordCount   *float64 `json:"wordcount,omitempty"`
	Value       string   `json:"value"`
}

// Subject is a concept the content relates to; Rel says how (khabar uses
// "category", "subcategory" and "keyword").
type Subject struct {
	Name       string `json:"name,omitempty"`
	Rel        string `json:"rel,omitempty"`
	URI        string `json:"uri,omitempty"`
	Literal    string `json:"literal,omitempty"`
	Creator    string `json:"creator,omitempty"`
	Relevance  *int   `json:"relevance,omitempty"`
	Confidence *int   `json:"confidence,omitempty"`
}

// InfoSource is a party that originated or supplied the content.
type InfoSource struct {
	Name        string          `json:"name,omitempty"`
	Role        string          `json:"role,omitempty"`
	URI         string          `json:"uri,omitempty"`
	Literal     string          `json:"literal,omitempty"`
	ContactInfo json.RawMessage `json:"contactinfo,omitempty"`
}

// AltID is an alternative identifier of the item, such as its news code.
type AltID struct {
	Role  string `json:"role,omitempty"`
	Value string `json:"value,omitempty"`
}

// Roles and values khabar gives meaning to.
const (
	RoleMain      = "main"
	RoleSubtitle  = "subtitle" // the kicker (روتیتر), as khabar writes it
	RoleKicker    = "kicker"   // the kicker, as older exports wrote it
	RoleSummary   = "summary"
	RoleSource    = "source"
	RolePublisher = "publisher"
	RoleNewsCode  = "newscode"

	RelCategory    = "category"
	RelSubcategory = "subcategory"
	RelKeyword     = "keyword"

	PubStatusUsable   = "usable"
	PubStatusWithheld = "withheld"
	PubStatusCanceled = "canceled"
)

// schemaProperties are the top-level properties of ninjs 2.0 to 2.2. A
// property outside this list is unknown: Decode ignores it with a warning.
var schemaProperties = map[string]bool{
	"uri": true, "type": true, "representationtype": true, "profile": true,
	"version": true, "firstcreated": true, "versioncreated": true,
	"contentcreated": true, "embargoed": true, "pubstatus": true,
	"urgency": true, "copyrightholder": true, "copyrightnotice": true,
	"usageterms": true, "ednote": true, "language": true,
	"descriptions": true, "bodies": true, "headlines": true, "people": true,
	"organisations": true, "places": true, "subjects": true, "events": true,
	"objects": true, "infosources": true, "title": true, "by": true,
	"slugline": true, "located": true, "renditions": true,
	"associations": true, "altids": true, "trustindicators": true,
	"standard": true, "genres": true, "expires": true, "rightsinfo": true,
	"digitalsourcetype": true,
}

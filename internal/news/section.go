package news

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on sections.
const (
	// MaxNav is how many sections the public navigation holds; with the
	// home page's link it is at most twelve entries.
	MaxNav = 11
	// MaxSectionName and MaxSlug bound a section's name and slug, in runes.
	MaxSectionName = 100
	MaxSlug        = 100
	// MaxAliases bounds the other names one section answers to.
	MaxAliases = 50
)

// CheckSectionSlug returns an EINVALID error, naming the field "slug",
// unless slug is a usable URL name: letters of any script (Persian or
// ASCII), digits, '-', '_' and the ZWNJ, at most MaxSlug runes.
func CheckSectionSlug(slug string) error {
	if slug == "" {
		return FieldErrorf("slug", EINVALID, "نشانی سرویس لازم است")
	}
	if !utf8.ValidString(slug) || utf8.RuneCountInString(slug) > MaxSlug {
		return FieldErrorf("slug", EINVALID, "نشانی سرویس بیش از %d نویسه است یا UTF-8 معتبر نیست", MaxSlug)
	}
	for _, r := range slug {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && r != '-' && r != '_' && r != '\u200c' {
			return FieldErrorf("slug", EINVALID, "نشانی سرویس فقط حرف، رقم، «-» و «_» می‌گیرد؛ «%c» در آن نادرست است", r)
		}
	}
	return nil
}

// CheckSectionName returns an EINVALID error, naming the field "name",
// unless name is a usable section name: not blank, no control
// characters, at most MaxSectionName runes.
func CheckSectionName(name string) error {
	if strings.TrimSpace(name) == "" {
		return FieldErrorf("name", EINVALID, "نام سرویس لازم است")
	}
	return plainText("name", "نام سرویس", name, MaxSectionName, false)
}

// SectionTree is every section, in order: parents before their
// children, siblings by position.
type SectionTree struct {
	All []Section
	// Depth is each section's depth in All's order: 0 at the top.
	Depth []int
	byID  map[int64]int
}

// NewSectionTree arranges sections (in any order) as a tree. A section
// whose parent is missing, or that is its own ancestor, is treated as
// top level.
func NewSectionTree(sections []Section) *SectionTree {
	children := map[int64][]Section{}
	ids := map[int64]bool{}
	for _, s := range sections {
		ids[s.ID] = true
	}
	for _, s := range sections {
		p := s.ParentID
		if !ids[p] || p == s.ID {
			p = 0
		}
		children[p] = append(children[p], s)
	}
	for p := range children {
		kids := children[p]
		sortSections(kids)
	}
	t := &SectionTree{byID: map[int64]int{}}
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, s := range children[parent] {
			if _, seen := t.byID[s.ID]; seen {
				continue
			}
			t.byID[s.ID] = len(t.All)
			t.All = append(t.All, s)
			t.Depth = append(t.Depth, depth)
			walk(s.ID, depth+1)
		}
	}
	walk(0, 0)
	// Sections in a cycle never hang from the top: add them there.
	for _, s := range sections {
		if _, seen := t.byID[s.ID]; !seen {
			s.ParentID = 0
			t.byID[s.ID] = len(t.All)
			t.All = append(t.All, s)
			t.Depth = append(t.Depth, 0)
			walk(s.ID, 1)
		}
	}
	return t
}

func sortSections(ss []Section) {
	// Insertion sort: siblings are few.
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && sectionBefore(ss[j], ss[j-1]); j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

func sectionBefore(a, b Section) bool {
	if a.Position != b.Position {
		return a.Position < b.Position
	}
	return a.ID < b.ID
}

// ByID returns the section with that id.
func (t *SectionTree) ByID(id int64) (Section, bool) {
	i, ok := t.byID[id]
	if !ok {
		return Section{}, false
	}
	return t.All[i], true
}

// Top returns the top-level sections, in order.
func (t *SectionTree) Top() []Section { return t.Children(0) }

// Children returns the sections filed directly under id, in order.
func (t *SectionTree) Children(id int64) []Section {
	var out []Section
	for i, s := range t.All {
		if t.parentOf(i) == id {
			out = append(out, s)
		}
	}
	return out
}

func (t *SectionTree) parentOf(i int) int64 {
	if t.Depth[i] == 0 {
		return 0
	}
	return t.All[i].ParentID
}

// Nav returns the top-level sections marked for the navigation, in
// order, at most MaxNav of them.
func (t *SectionTree) Nav() []Section {
	var out []Section
	for _, s := range t.Top() {
		if s.InNav && len(out) < MaxNav {
			out = append(out, s)
		}
	}
	return out
}

// Subtree returns the ids of the section and every section under it.
func (t *SectionTree) Subtree(id int64) []int64 {
	i, ok := t.byID[id]
	if !ok {
		return nil
	}
	out := []int64{id}
	for j := i + 1; j < len(t.All) && t.Depth[j] > t.Depth[i]; j++ {
		out = append(out, t.All[j].ID)
	}
	return out
}

// Path returns the section's ancestors from the top, and the section.
func (t *SectionTree) Path(id int64) []Section {
	var out []Section
	for guard := 0; guard < len(t.All); guard++ {
		i, ok := t.byID[id]
		if !ok {
			break
		}
		out = append([]Section{t.All[i]}, out...)
		if t.Depth[i] == 0 {
			break
		}
		id = t.All[i].ParentID
	}
	return out
}

// Under reports whether section id is in the subtree of root.
func (t *SectionTree) Under(id, root int64) bool {
	for _, s := range t.Path(id) {
		if s.ID == root {
			return true
		}
	}
	return false
}

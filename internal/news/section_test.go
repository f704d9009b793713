package news

import (
	"slices"
	"testing"
)

func TestSectionTree(t *testing.T) {
	tree := NewSectionTree([]Section{
		{ID: 5, Slug: "tehran", Name: "تهران", ParentID: 2, Position: 9},
		{ID: 1, Slug: "politics", Name: "سیاسی", Position: 3, InNav: true},
		{ID: 2, Slug: "province", Name: "استان‌ها", Position: 1, InNav: true},
		{ID: 3, Slug: "qom", Name: "قم", ParentID: 2, Position: 4},
		{ID: 4, Slug: "loop", Name: "حلقه", ParentID: 6, Position: 5},
		{ID: 6, Slug: "loop2", Name: "حلقه ۲", ParentID: 4, Position: 6},
		{ID: 7, Slug: "orphan", Name: "یتیم", ParentID: 99, Position: 2},
	})
	var order []string
	for _, s := range tree.All {
		order = append(order, s.Slug)
	}
	// Orphans are top level; a cycle hangs from the top at its first
	// section met in position order.
	want := []string{"province", "qom", "tehran", "orphan", "politics", "loop", "loop2"}
	if !slices.Equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	if got := tree.Subtree(2); !slices.Equal(got, []int64{2, 3, 5}) {
		t.Errorf("subtree of province %v", got)
	}
	if nav := tree.Nav(); len(nav) != 2 || nav[0].Slug != "province" || nav[1].Slug != "politics" {
		t.Errorf("nav %+v", nav)
	}
	path := tree.Path(5)
	if len(path) != 2 || path[0].Slug != "province" || path[1].Slug != "tehran" {
		t.Errorf("path of tehran %+v", path)
	}
	if !tree.Under(5, 2) || tree.Under(2, 5) {
		t.Error("Under")
	}
}

func TestCheckSectionSlug(t *testing.T) {
	for _, c := range []struct {
		slug string
		ok   bool
	}{
		{"politics", true}, {"علمی-دانشگاهی", true}, {"استان‌ها", true}, {"world_2", true},
		{"", false}, {"a b", false}, {"a/b", false}, {"a?b", false}, {"%20", false}, {"a\x00", false},
	} {
		if err := CheckSectionSlug(c.slug); (err == nil) != c.ok {
			t.Errorf("CheckSectionSlug(%q) = %v", c.slug, err)
		}
	}
}

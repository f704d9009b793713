package store_test

import (
	"testing"

	"khabar/internal/news"
	"khabar/internal/store"
)

// addUser creates a newsroom user and returns them as an actor.
func addUser(t *testing.T, st *store.Store, name string, roles ...news.Role) news.Actor {
	t.Helper()
	u := &news.User{Name: name, DisplayName: "کاربر " + name, Roles: news.Roles(roles)}
	if err := st.CreateUser(ctx, news.Actor{Name: "آزمون"}, u, "hash-of-"+name); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return news.ActorOf(u)
}

// content is a story's content filed under the economy section, which
// it creates first when missing.
func content(headline string) news.Content {
	return news.Content{
		Section:  "economy",
		Headline: headline,
		Lead:     "بازار امروز آرام بود.",
		Source:   "خبر",
		Byline:   "مریم احمدی",
		Body:     "<p>معاملات در بورس تهران با رشد شاخص همراه بود.</p>",
		Tags:     []string{"بورس", "اقتصاد"},
	}
}

// story2 returns a fresh copy of s as an import would read it again.
func story2(s *news.Story) *news.Story {
	c := *s
	c.ID, c.Revision = 0, 0
	c.Tags = append([]string(nil), s.Tags...)
	return &c
}

// addSection creates a section.
func addSection(t *testing.T, st *store.Store, slug, name string) {
	t.Helper()
	err := st.AddSection(ctx, news.Actor{Name: "آزمون"}, &news.Section{Slug: slug, Name: name})
	if err != nil && news.ErrorCode(err) != news.ECONFLICT {
		t.Fatalf("add section %s: %v", slug, err)
	}
}

// desk is a newsroom: two sections and a user of each role.
type desk struct {
	reporter, reporter2, editor, admin, moderator news.Actor
}

func newDesk(t *testing.T, st *store.Store) desk {
	t.Helper()
	addSection(t, st, "economy", "اقتصادی")
	addSection(t, st, "world", "بین‌الملل")
	return desk{
		reporter:  addUser(t, st, "reporter", news.RoleReporter),
		reporter2: addUser(t, st, "reporter2", news.RoleReporter),
		editor:    addUser(t, st, "editor", news.RoleEditor),
		admin:     addUser(t, st, "admin", news.RoleAdmin),
		moderator: addUser(t, st, "moderator", news.RoleModerator),
	}
}

package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

const wxrSample = "../importer/testdata/site.xml"

// A WordPress export with a block-editor and a classic post, a draft, a
// scheduled post, a page, an attachment and a private post, approved,
// spam and unapproved comments, imports into the right sections with
// Tehran dates, paragraphs and comments, once however often it is run.
func TestImportWordPress(t *testing.T) {
	eachDB(t, func(t *testing.T, newDB func() string) {
		ctx := context.Background()
		db := newDB()

		dry := runCLI(t, nil, "import", "--db", db, "--dry-run", wxrSample)
		if dry.code != 0 || !strings.Contains(dry.stdout, "dry run, nothing written: would import 4 new, 0 updated, 0 unchanged, 3 skipped, 0 failed") {
			t.Fatalf("dry run: exit %d\n%s\n%s", dry.code, dry.stdout, dry.stderr)
		}
		if n := storyCount(t, db); n != 0 {
			t.Fatalf("a dry run stored %d stories", n)
		}

		r := runCLI(t, nil, "import", "--db", db, wxrSample)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		if c := allCounts(t, r); c.created != 4 || c.skipped != 3 || c.failed != 0 {
			t.Errorf("summary %+v:\n%s", c, r.stdout)
		}
		for _, want := range []string{
			"comments: 2 imported, 2 left out",
			"skipped: 1 not a post: attachment, 1 not a post: page, 1 private post",
			"highest news code imported: 1201; next automatic code: 100001",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("summary lacks %q:\n%s", want, r.stdout)
			}
		}
		if sections := sectionLine(r.stdout); sections != sectionLine(dry.stdout) || sections == "" {
			t.Errorf("sections: dry run said %q, the import %q", sectionLine(dry.stdout), sections)
		}
		if !strings.Contains(r.stderr, "site.xml:152: post 1220: skipped: private post") {
			t.Errorf("the private post is not reported with its line:\n%s", r.stderr)
		}
		if strings.Contains(r.stderr, "attachment") {
			t.Errorf("attachments are reported one by one:\n%s", r.stderr)
		}

		st := openStore(t, db)
		block, err := st.StoryByCode(ctx, 1201)
		if err != nil {
			t.Fatal(err)
		}
		if block.Section.Name != "مجلس" || block.Byline != "سارا کریمی" || block.URI != "https://khabarname.example/1403/01/majles-transport/" ||
			strings.Count(block.Body, "<p>") != 2 || block.Lead != "مجلس طرح ساماندهی حمل‌ونقل عمومی را تصویب کرد." {
			t.Errorf("block post stored as %+v", block)
		}
		if got := jalali.FromTime(block.Published).String() + " " + block.Published.In(jalali.Tehran).Format("15:04"); got != "1403/01/30 11:31" {
			t.Errorf("block post published %s in Tehran, want 1403/01/30 11:31", got)
		}
		comments, total, err := st.ApprovedComments(ctx, block.ID, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(comments) != 2 {
			t.Fatalf("%d approved comments, want 2: %+v", total, comments)
		}
		first, reply := comments[0], comments[1]
		if first.Name != "رضا" || !first.Created.Equal(time.Date(2024, 4, 18, 9, 30, 0, 0, time.UTC)) || first.ReplyTo != 0 ||
			reply.ReplyTo != first.ID || reply.Text != "با شما موافقم." {
			t.Errorf("comments stored as %+v and %+v", first, reply)
		}

		classic, err := st.StoryByCode(ctx, 1150)
		if err != nil {
			t.Fatal(err)
		}
		if classic.Section.Slug != "city" || strings.Count(classic.Body, "<p>") != 3 || !strings.Contains(classic.Body, "گفت:<br>«") {
			t.Errorf("classic post stored as %+v", classic)
		}
		draft, err := st.StoryByURI(ctx, "https://khabarname.example/?p=1210")
		if err != nil || draft.Status != news.StatusDraft || draft.Code != 0 {
			t.Errorf("draft stored as %+v (%v)", draft, err)
		}
		future, err := st.StoryByURI(ctx, "https://khabarname.example/?p=1230")
		if err != nil || future.Status != news.StatusScheduled || future.Section.Slug != "politics" {
			t.Errorf("scheduled post stored as %+v (%v)", future, err)
		}

		// A moderator removes an imported comment; importing again
		// neither duplicates the comments nor brings it back.
		moderator := news.Actor{ID: 0, Name: "ناظر", Roles: news.Roles{news.RoleModerator}}
		if _, err := st.DecideComments(ctx, moderator, []int64{first.ID}, news.DecideReject); err != nil {
			t.Fatal(err)
		}
		st.Close()
		again := runCLI(t, nil, "import", "--db", db, wxrSample)
		if c := allCounts(t, again); again.code != 0 || c.created != 0 || c.updated != 0 || c.unchanged != 4 {
			t.Errorf("second import: exit %d, %+v\n%s", again.code, c, again.stdout)
		}
		if !strings.Contains(again.stdout, "comments: 0 imported") {
			t.Errorf("second import added comments:\n%s", again.stdout)
		}
		st = openStore(t, db)
		if n, err := st.CommentCounts(ctx, block.ID); err != nil || n[news.CommentApproved] != 1 || n[news.CommentRejected] != 1 {
			t.Errorf("comments by state after importing again: %v (%v), want 1 approved, 1 rejected", n, err)
		}
	})
}

func sectionLine(out string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, "sections: ") {
			return line
		}
	}
	return ""
}

// --first-code raises the floor of automatic codes and never lowers it.
func TestImportFirstCode(t *testing.T) {
	eachDB(t, func(t *testing.T, newDB func() string) {
		db := newDB()
		r := runCLI(t, nil, "import", "--db", db, "--first-code", "900000", wxrSample)
		if r.code != 0 || !strings.Contains(r.stdout, "automatic news codes start at 900000") ||
			!strings.Contains(r.stdout, "highest news code imported: 1201; next automatic code: 900000") {
			t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
		r = runCLI(t, nil, "import", "--db", db, "--first-code", "5", wxrSample)
		if !strings.Contains(r.stdout, "automatic news codes start at 900000") {
			t.Errorf("a lower floor moved the counter:\n%s", r.stdout)
		}
	})
}

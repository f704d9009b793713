package store_test

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// commentDesk is a newsroom with a published story and a settable clock.
type commentDesk struct {
	desk
	st    *store.Store
	story *news.Story
	mu    sync.Mutex
	now   time.Time
	posts int // by mustPost, each from an address of its own
}

func newCommentDesk(t *testing.T, st *store.Store) *commentDesk {
	t.Helper()
	c := &commentDesk{st: st, now: time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC)}
	st.SetClock(c.clock)
	c.desk = newDesk(t, st)
	c.story = c.publish(t, "بارش برف در گردنه‌های شمالی")
	return c
}

func (c *commentDesk) clock() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *commentDesk) advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func (c *commentDesk) publish(t *testing.T, headline string) *news.Story {
	t.Helper()
	s, err := c.st.CreateDraft(ctx, c.reporter, content(headline))
	if err != nil {
		t.Fatal(err)
	}
	if s, err = c.st.Publish(ctx, c.editor, s.ID, s.Revision); err != nil {
		t.Fatal(err)
	}
	return s
}

// post sends a comment from a reader at ip.
func (c *commentDesk) post(storyID int64, ip, name, text string) (*news.Comment, error) {
	d, err := news.CommentDraft{Name: name, Text: text}.Clean()
	if err != nil {
		return nil, err
	}
	return c.st.AddComment(ctx, news.CommentPost{StoryID: storyID, Draft: d, IP: ip, RateKey: ip,
		Rate: news.RateLimit{Posts: 5, Window: 10 * time.Minute}})
}

func (c *commentDesk) mustPost(t *testing.T, name, text string) *news.Comment {
	t.Helper()
	c.posts++
	cm, err := c.post(c.story.ID, fmt.Sprintf("198.51.100.%d", c.posts), name, text)
	if err != nil {
		t.Fatalf("post %q: %v", text, err)
	}
	return cm
}

func (c *commentDesk) decide(t *testing.T, d news.Decision, ids ...int64) {
	t.Helper()
	if _, err := c.st.DecideComments(ctx, c.moderator, ids, d); err != nil {
		t.Fatalf("%s %v: %v", d, ids, err)
	}
}

func (c *commentDesk) count(t *testing.T) int {
	t.Helper()
	n, err := c.st.ApprovedCommentCount(ctx, c.story.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A comment waits for a moderator; approving it shows it and logs a
// change for the story's page; rejecting it hides it again. Each
// decision is in the audit log.
func TestCommentModeration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newCommentDesk(t, st)
		cm := c.mustPost(t, "مریم", "گزارش دقیقی بود؛ ممنون از خبرنگارتان.")
		if cm.ID == 0 || cm.Status != news.CommentPending || cm.Score != 0 || cm.IP != "198.51.100.1" {
			t.Fatalf("new comment %+v", cm)
		}
		if c.count(t) != 0 {
			t.Fatal("a pending comment is counted")
		}
		q, err := st.Comments(ctx, news.CommentFilter{})
		if err != nil || q.Total != 1 || len(q.Comments) != 1 || q.Comments[0].Story.Headline != c.story.Headline ||
			q.Comments[0].Story.Code != c.story.Code {
			t.Fatalf("queue %+v %v", q, err)
		}
		if n, _ := st.PendingComments(ctx); n != 1 {
			t.Fatalf("%d pending", n)
		}
		before, _ := st.LatestChange(ctx)
		c.decide(t, news.DecideApprove, cm.ID)
		if c.count(t) != 1 {
			t.Fatal("approved comment not counted")
		}
		changes, _ := st.Changes(ctx, before, 10)
		if len(changes) != 1 || changes[0].Kind != store.ChangeComments || changes[0].StoryID != c.story.ID || !changes[0].Public() {
			t.Fatalf("changes after approval: %+v", changes)
		}
		sec, err := st.CommentSection(ctx, c.story.ID, 1, 50)
		if err != nil || sec.Total != 1 || len(sec.Threads) != 1 || sec.Threads[0].Text != cm.Text || sec.Threads[0].Name != "مریم" {
			t.Fatalf("section %+v %v", sec, err)
		}
		// The same decision again changes nothing and logs nothing.
		before, _ = st.LatestChange(ctx)
		c.decide(t, news.DecideApprove, cm.ID)
		if after, _ := st.LatestChange(ctx); after != before {
			t.Error("approving an approved comment logged a change")
		}
		c.decide(t, news.DecideReject, cm.ID)
		if c.count(t) != 0 {
			t.Fatal("rejected comment still counted")
		}
		log, err := st.Audit(ctx, news.AuditFilter{Kind: "comment", ObjectID: cm.ID})
		if err != nil || len(log) != 2 || log[0].Action != "reject" || log[1].Action != "approve" ||
			log[1].Actor.ID != c.moderator.ID || !strings.Contains(log[1].Detail, c.story.Headline) {
			t.Fatalf("audit %+v %v", log, err)
		}
		// Who may decide.
		for _, who := range []news.Actor{c.reporter, c.editor} {
			if _, err := st.DecideComments(ctx, who, []int64{cm.ID}, news.DecideApprove); news.ErrorCode(err) != news.EFORBIDDEN {
				t.Errorf("%s decided: %v", who.Name, err)
			}
		}
		if _, err := st.DecideComments(ctx, c.admin, []int64{cm.ID}, news.DecideApprove); err != nil {
			t.Errorf("admin: %v", err)
		}
		// A bulk decision naming a missing comment decides nothing.
		other := c.mustPost(t, "علی", "نظر دوم دربارهٔ این خبر")
		if _, err := st.DecideComments(ctx, c.moderator, []int64{other.ID, 99999}, news.DecideSpam); news.ErrorCode(err) != news.ENOTFOUND {
			t.Errorf("missing comment: %v", err)
		}
		if q, _ := st.Comments(ctx, news.CommentFilter{Status: news.CommentSpam}); q.Total != 0 {
			t.Error("a failed bulk decision decided some")
		}
		c.decide(t, news.DecideDelete, other.ID, cm.ID)
		counts, _ := st.CommentCounts(ctx, c.story.ID)
		if counts[news.CommentDeleted] != 2 || c.count(t) != 0 {
			t.Errorf("after delete: %v", counts)
		}
	})
}

func TestCommentSpamAndPostModeration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newCommentDesk(t, st)
		if err := st.SetCommentSettings(ctx, c.moderator, news.CommentSettings{PostModeration: true}); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Fatalf("a moderator changed the settings: %v", err)
		}
		if err := st.SetCommentSettings(ctx, c.admin, news.CommentSettings{PostModeration: true,
			Blocked: []string{"کلاهبرداری", " کلاهبرداری ", "", "قمار آنلاین"}}); err != nil {
			t.Fatal(err)
		}
		set, _ := st.CommentSettings(ctx)
		if !set.PostModeration || !slices.Equal(set.Blocked, []string{"کلاهبرداری", "قمار آنلاین"}) {
			t.Fatalf("settings %+v", set)
		}
		log, _ := st.Audit(ctx, news.AuditFilter{Kind: "settings"})
		if len(log) != 1 || !strings.Contains(log[0].Detail, "کلاهبرداری") || !strings.Contains(log[0].Detail, "پس از انتشار") {
			t.Fatalf("settings audit %+v", log)
		}
		clean := c.mustPost(t, "مریم", "امیدوارم راه‌ها زود باز شود.")
		if clean.Status != news.CommentApproved || c.count(t) != 1 {
			t.Fatalf("a clean comment under post-moderation: %s", clean.Status)
		}
		linked := c.mustPost(t, "علی", "گزارش کامل‌تر: https://example.ir/snow")
		if linked.Status != news.CommentPending || linked.Score != 2 || linked.Reasons[0].Code != "links" {
			t.Fatalf("a comment with a link: %+v", linked)
		}
		blocked := c.mustPost(t, "رضا", "این كلاهبرداري است") // Arabic kaf and yeh
		if blocked.Status != news.CommentPending || blocked.Reasons[0].Arg != "کلاهبرداری" {
			t.Fatalf("blocked word: %+v", blocked)
		}
		spam := c.mustPost(t, "Bob", "cheap tickets https://a.example https://b.example")
		if spam.Status != news.CommentSpam || spam.Score < news.SpamScore {
			t.Fatalf("spam: %+v", spam)
		}
		// The same text again, written otherwise, is known.
		c.mustPost(t, "سارا", "این متن بلند را پیش از این هم برای شما فرستاده بودم.")
		again := c.mustPost(t, "سارا", "اين متن بلند را پيش از اين هم براي شما فرستاده بودم")
		if again.Score != 3 || again.Reasons[0].Code != "duplicate" {
			t.Fatalf("the same text again: %+v", again)
		}
		if got := c.count(t); got != 2 {
			t.Fatalf("%d shown", got)
		}
	})
}

func TestCommentRateLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newCommentDesk(t, st)
		for i := range 5 {
			if _, err := c.post(c.story.ID, "203.0.113.5", "علی", fmt.Sprintf("نظر شمارهٔ %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		c.advance(4 * time.Minute)
		_, err := c.post(c.story.ID, "203.0.113.5", "علی", "نظر ششم")
		var limited *news.RateLimited
		if !errors.As(err, &limited) || news.ErrorCode(err) != news.ETHROTTLED || limited.Retry != 6*time.Minute {
			t.Fatalf("sixth post: %v", err)
		}
		if !strings.Contains(news.ErrorMessage(err), "۶ دقیقهٔ دیگر") {
			t.Errorf("message: %s", news.ErrorMessage(err))
		}
		if _, err := c.post(c.story.ID, "203.0.113.6", "سارا", "از نشانی دیگری"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		c.advance(6 * time.Minute)
		if _, err := c.post(c.story.ID, "203.0.113.5", "علی", "پس از ده دقیقه"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		if n, err := st.PruneCommentRates(ctx, c.clock()); err != nil || n != 1 {
			t.Errorf("pruned %d %v", n, err)
		}
	})
}

func TestCommentRepliesAndClosing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newCommentDesk(t, st)
		parent := c.mustPost(t, "مریم", "جاده‌ها کی باز می‌شوند؟")
		reply := func(to int64, text string) (*news.Comment, error) {
			d, _ := news.CommentDraft{Name: "علی", Text: text, ReplyTo: to}.Clean()
			return st.AddComment(ctx, news.CommentPost{StoryID: c.story.ID, Draft: d, IP: "192.0.2.1"})
		}
		if _, err := reply(parent.ID, "پاسخ به نظری در انتظار"); news.ErrorField(err) != "reply_to" {
			t.Fatalf("reply to a pending comment: %v", err)
		}
		c.decide(t, news.DecideApprove, parent.ID)
		r1, err := reply(parent.ID, "فردا صبح، به گفتهٔ پلیس راه.")
		if err != nil || r1.ReplyTo != parent.ID {
			t.Fatalf("reply: %+v %v", r1, err)
		}
		c.decide(t, news.DecideApprove, r1.ID)
		r2, err := reply(r1.ID, "پاسخ به پاسخ")
		if err != nil || r2.ReplyTo != parent.ID {
			t.Fatalf("a reply to a reply answers the first comment: %+v %v", r2, err)
		}
		other := c.publish(t, "خبری دیگر")
		d, _ := news.CommentDraft{Name: "علی", Text: "پاسخ از خبری دیگر", ReplyTo: parent.ID}.Clean()
		if _, err := st.AddComment(ctx, news.CommentPost{StoryID: other.ID, Draft: d}); news.ErrorField(err) != "reply_to" {
			t.Fatalf("reply across stories: %v", err)
		}
		c.decide(t, news.DecideApprove, r2.ID)
		sec, _ := st.CommentSection(ctx, c.story.ID, 1, 50)
		if sec.Total != 3 || sec.Top != 1 || len(sec.Threads) != 1 || len(sec.Threads[0].Replies) != 2 {
			t.Fatalf("thread: %+v", sec)
		}
		if n, err := st.CommentPage(ctx, r2.ID, 50); err != nil || n != 1 {
			t.Fatalf("page of a reply: %d %v", n, err)
		}
		if _, err := st.CommentPage(ctx, 99999, 50); news.ErrorCode(err) != news.ENOTFOUND {
			t.Fatalf("page of no comment: %v", err)
		}
		// Replies go with the comment they answer.
		c.decide(t, news.DecideReject, parent.ID)
		if n := c.count(t); n != 0 {
			t.Fatalf("replies to a rejected comment counted: %d", n)
		}
		items, total, _ := st.ApprovedComments(ctx, c.story.ID, 50, 0)
		if total != 0 || len(items) != 0 {
			t.Fatalf("API list: %d %d", total, len(items))
		}
		c.decide(t, news.DecideApprove, parent.ID)

		// Closed by a moderator: no new comment; the old ones stay.
		if err := st.SetCommentsClosed(ctx, c.reporter, c.story.ID, true); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Fatalf("a reporter closed comments: %v", err)
		}
		if err := st.SetCommentsClosed(ctx, c.moderator, c.story.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := c.post(c.story.ID, "192.0.2.9", "علی", "نظر پس از بستن"); news.ErrorCode(err) != news.EINVALID ||
			!strings.Contains(news.ErrorMessage(err), "بسته") {
			t.Fatalf("post to closed comments: %v", err)
		}
		if sec, _ := st.CommentSection(ctx, c.story.ID, 1, 50); !sec.ClosedByModerator || sec.Total != 3 {
			t.Fatalf("closed section %+v", sec)
		}
		if err := st.SetCommentsClosed(ctx, c.moderator, c.story.ID, false); err != nil {
			t.Fatal(err)
		}
		c.mustPost(t, "علی", "باز شد")
		// Closed after N days.
		if err := st.SetCommentSettings(ctx, c.admin, news.CommentSettings{CloseAfterDays: 3}); err != nil {
			t.Fatal(err)
		}
		c.advance(4 * 24 * time.Hour)
		if _, err := c.post(c.story.ID, "192.0.2.9", "علی", "چهار روز بعد"); !strings.Contains(news.ErrorMessage(err), "۳ روز") {
			t.Fatalf("after three days: %v", err)
		}
		// A story readers cannot see takes no comments.
		if _, err := st.Unpublish(ctx, c.editor, other.ID, other.Revision); err != nil {
			t.Fatal(err)
		}
		if _, err := c.post(other.ID, "192.0.2.9", "علی", "نظر"); news.ErrorCode(err) != news.ENOTFOUND {
			t.Fatalf("unpublished story: %v", err)
		}
		log, _ := st.Audit(ctx, news.AuditFilter{Kind: "story", ObjectID: c.story.ID, Action: "close_comments"})
		if len(log) != 1 || log[0].Actor.ID != c.moderator.ID {
			t.Errorf("closing not audited: %+v", log)
		}
	})
}

// A form sent twice (a double click) is one comment.
func TestCommentSentTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newCommentDesk(t, st)
		d, _ := news.CommentDraft{Name: "مریم", Text: "یک بار"}.Clean()
		p := news.CommentPost{StoryID: c.story.ID, Draft: d, IP: "192.0.2.1", RateKey: "192.0.2.1",
			Rate: news.RateLimit{Posts: 1, Window: time.Hour}, Dedup: "token-and-text"}
		var wg sync.WaitGroup
		ids := make([]int64, 4)
		errs := make([]error, 4)
		for i := range ids {
			wg.Go(func() {
				cm, err := st.AddComment(ctx, p)
				errs[i] = err
				if err == nil {
					ids[i] = cm.ID
				}
			})
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("copies: %v %v", ids, errs)
			}
		}
		if q, _ := st.Comments(ctx, news.CommentFilter{}); q.Total != 1 {
			t.Fatalf("%d comments stored", q.Total)
		}
	})
}

// Two hundred readers at once, each from an address of their own: all
// their comments are in the queue, once each.
func TestConcurrentComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newCommentDesk(t, st)
		const n = 200
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				ip := fmt.Sprintf("10.%d.%d.1", i/250, i%250)
				if _, err := c.post(c.story.ID, ip, fmt.Sprintf("خواننده %d", i), fmt.Sprintf("نظر خوانندهٔ شمارهٔ %d", i)); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		var texts []string
		var before int64
		for {
			q, err := st.Comments(ctx, news.CommentFilter{Before: before, Limit: 64})
			if err != nil {
				t.Fatal(err)
			}
			for _, cm := range q.Comments {
				texts = append(texts, cm.Text)
			}
			if before = q.Next; before == 0 {
				break
			}
		}
		sort.Strings(texts)
		if len(texts) != n || len(slices.Compact(texts)) != n {
			t.Fatalf("%d comments in the queue, %d different, want %d", len(texts), len(slices.Compact(slices.Clone(texts))), n)
		}
	})
}

func TestCommentSecret(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		a, err := storetest.Open(t, dsn).CommentSecret(ctx)
		if err != nil || len(a) != 32 {
			t.Fatalf("secret %x %v", a, err)
		}
		b, err := storetest.Open(t, dsn).CommentSecret(ctx)
		if err != nil || string(a) != string(b) {
			t.Fatal("another node signs otherwise")
		}
	})
}

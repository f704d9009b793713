package store

import (
	"strings"
	"testing"

	"khabar/internal/news"
)

// The memory of stories is bounded by the text it holds, whatever the
// stories' number: long stories make it start again sooner, and a story
// kept again under its key is counted once.
func TestStoryMemoBoundedByBytes(t *testing.T) {
	var m storyMemo
	body := strings.Repeat("<p>متن بلند گزارش از نشست خبری</p>", (1<<20)/60)
	for id := int64(1); id <= 60; id++ {
		m.put(7, id, &news.Story{ID: id, Headline: "تیتر", Body: body})
		if m.bytes > maxStoryBytes {
			t.Fatalf("after %d stories of %d bytes: %d bytes kept, bound %d", id, len(body), m.bytes, maxStoryBytes)
		}
	}
	if m.get(7, 60) == nil {
		t.Error("the story kept last is gone")
	}
	if m.get(7, 1) != nil {
		t.Error("the first of 60 MB of stories is still kept under a 24 MB bound")
	}
	before := m.bytes
	m.put(7, 60, &news.Story{ID: 60, Headline: "تیتر", Body: body})
	if m.bytes != before {
		t.Errorf("a story kept again: %d bytes, was %d", m.bytes, before)
	}
	// Short stories are kept by the thousand.
	var short storyMemo
	for id := int64(1); id <= 5000; id++ {
		short.put(7, id, &news.Story{ID: id, Headline: "تیتر کوتاه", Lead: "لید کوتاه خبر", Body: "<p>یک بند</p>"})
	}
	if short.get(7, 1) == nil || short.get(7, 5000) == nil {
		t.Error("5,000 short stories did not all stay under the bound")
	}
	if short.get(8, 1) != nil {
		t.Error("a story read before the log moved is handed out after it")
	}
}

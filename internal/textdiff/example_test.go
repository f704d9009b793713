package textdiff_test

import (
	"fmt"

	"khabar/internal/persian"
	"khabar/internal/textdiff"
)

// The history page labels a change that only fixes spelling.
func ExampleEquivalent() {
	old := "گروههای کاری پیش می روند و طرح تازه است."
	revised := persian.Tidy("گروههای کاری پیش می روند و طرح نو است.")
	cs := textdiff.Words(old, revised)
	for i := 0; i+1 < len(cs); i++ {
		if cs[i].Op == textdiff.Delete && cs[i+1].Op == textdiff.Insert {
			label := "ویرایش"
			if textdiff.Equivalent(cs[i].Text, cs[i+1].Text) {
				label = "اصلاح املایی"
			}
			fmt.Printf("%s: %q → %q\n", label, cs[i].Text, cs[i+1].Text)
		}
	}
	// Output:
	// اصلاح املایی: "گروههای " → "گروه\u200cهای "
	// اصلاح املایی: "می روند " → "می\u200cروند "
	// ویرایش: "تازه " → "نو "
}

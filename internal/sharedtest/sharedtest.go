// Package sharedtest is how tests meet the shared test data beside the
// checkout (../shared): the model page, the corpus, the IPTC ninjs
// schemas and test suite, the sitemap schemas. On a developer's machine
// without it a test skips; in CI (CI set) it fails, since there a
// missing file means a broken set-up, never a test to pass over.
package sharedtest

import (
	"os"
	"testing"
)

// Missing ends the test for want of the shared file named by what.
func Missing(tb testing.TB, what string, err error) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s not found, and CI needs ../shared beside the checkout: %v", what, err)
	}
	tb.Skipf("%s not found: %v", what, err)
}

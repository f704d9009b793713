// Package e2e holds end-to-end tests: khabar's real pages, served from a
// real store, opened in a real Chromium through chromedp.
package e2e

// Package e2e holds khabar's browser tests: a real Chromium, through
// chromedp, driving the pages a person uses.
package e2e

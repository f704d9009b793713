//go:build race

package cli

// raceDetector is whether the tests run with -race, which slows the
// crash tests' imports about fivefold.
const raceDetector = true

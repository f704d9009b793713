//go:build !race

package markup

// raceDetector is whether the tests run with -race.
const raceDetector = false

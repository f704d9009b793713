//go:build race

package markup

// raceDetector is whether the tests run with -race, which slows them
// about tenfold.
const raceDetector = true

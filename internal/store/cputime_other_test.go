//go:build !unix

package store_test

import "time"

// cpuTime is unknown here: benchmarks report no processor time.
func cpuTime() time.Duration { return 0 }

//go:build !unix

package web

import "time"

// cpuTime is unknown here: benchmarks report no processor time.
func cpuTime() time.Duration { return 0 }

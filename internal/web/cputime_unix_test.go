//go:build unix

package web

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used, user and system:
// what a benchmark costs whatever else the machine runs meanwhile.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

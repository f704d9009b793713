package textdiff

// Bounds on the work of one diff. Past them the middle of the texts, what
// is left between their common start and end, is given as one deletion and
// one insertion: for texts that different, no finer script reads better.
const (
	// maxCost is the largest edit distance (elements inserted plus
	// deleted) the diff looks for. Its memory grows as maxCost²/2 words.
	maxCost = 2000
	// maxWork bounds the diagonals visited and elements compared.
	maxWork = 1 << 24
)

// script returns an edit script turning a into b: one Op per step, Equal
// taking one element of each, Delete one of a, Insert one of b. It is a
// shortest script unless the bounds above cut the search short.
func script(a, b []string) []Op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]Op, 0, max(len(a), len(b))+16)
	ops = appendRepeat(ops, Equal, pre)
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if mid, ok := myers(am, bm, maxCost, maxWork); ok {
		ops = append(ops, mid...)
	} else {
		ops = appendRepeat(ops, Delete, len(am))
		ops = appendRepeat(ops, Insert, len(bm))
	}
	return appendRepeat(ops, Equal, suf)
}

func appendRepeat(ops []Op, op Op, n int) []Op {
	for range n {
		ops = append(ops, op)
	}
	return ops
}

// myers is the greedy O(ND) algorithm of Eugene W. Myers, "An O(ND)
// Difference Algorithm and Its Variations" (1986), keeping the furthest
// point of each diagonal after every cost d to trace the path back. It
// gives up, returning false, past cost maxD or after work steps.
func myers(a, b []string, maxD, work int) ([]Op, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return append(appendRepeat(nil, Delete, n), appendRepeat(nil, Insert, m)...), true
	}
	maxD = min(maxD, n+m)
	off := maxD + 1
	// v[off+k] is the furthest x reached on diagonal k = x-y, -1 if none.
	v := make([]int32, 2*maxD+3)
	for i := range v {
		v[i] = -1
	}
	v[off+1] = 0        // the path starts down from (0, -1)
	var trace [][]int32 // trace[d][(k+d)/2] is v[off+k] after cost d
	for d := 0; d <= maxD && work >= 0; d++ {
		row := make([]int32, d+1)
		trace = append(trace, row)
		for k := -d; k <= d; k += 2 {
			x, _, ok := step(v[off+k-1], v[off+k+1], k, n, m)
			if !ok {
				v[off+k], row[(k+d)/2] = -1, -1
				continue
			}
			x0, y := x, x-k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			work -= x - x0 + 1
			v[off+k], row[(k+d)/2] = int32(x), int32(x)
			if x >= n && y >= m {
				return backtrack(trace, n, m), true
			}
		}
	}
	return nil, false
}

// step returns where cost d first reaches diagonal k, before its snake:
// down from diagonal k+1 (an insertion, vd its furthest x) or right from
// k-1 (a deletion, vr), whichever goes further, down on a tie. ok is false
// when neither move stays inside the n×m grid.
func step(vr, vd int32, k, n, m int) (x int, down, ok bool) {
	right := vr >= 0 && int(vr) < n
	down = vd >= 0 && int(vd)-(k+1) < m
	switch {
	case down && (!right || vd > vr):
		return int(vd), true, true
	case right:
		return int(vr) + 1, false, true
	}
	return 0, false, false
}

// backtrack walks the trace from (n, m) back to (0, 0) and returns the
// script in order.
func backtrack(trace [][]int32, n, m int) []Op {
	var rev []Op
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int32 {
			if k < -(d-1) || k > d-1 {
				return -1
			}
			return prev[(k+d-1)/2]
		}
		k := x - y
		start, down, _ := step(at(k-1), at(k+1), k, n, m)
		for ; x > start; x-- {
			rev = append(rev, Equal)
		}
		y = x - k
		if down {
			rev = append(rev, Insert)
			y--
		} else {
			rev = append(rev, Delete)
			x--
		}
	}
	for ; x > 0; x-- {
		rev = append(rev, Equal)
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

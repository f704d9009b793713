package main

// The letter keys of the standard Persian keyboard, ISIRI 9147, first
// level, by physical row (top letter row first), left to right as on a
// US keyboard: Q…], A…', Z…/. Shifted letters (ژ on C, ئ on S, ء on M…)
// are not neighbours of anything: a slip lands on an unshifted key.
var isiriRows = [3][]rune{
	{'ض', 'ص', 'ث', 'ق', 'ف', 'غ', 'ع', 'ه', 'خ', 'ح', 'ج', 'چ'},
	{'ش', 'س', 'ی', 'ب', 'ل', 'ا', 'ت', 'ن', 'م', 'ک', 'گ'},
	{'ظ', 'ط', 'ز', 'ر', 'ذ', 'د', 'پ', 'و'},
}

// keyNeighbours maps a letter to the letters of the keys touching its
// key. Rows are staggered as on every ANSI/ISO keyboard: key i of the
// home row touches keys i and i+1 of the row above and i-1 and i of the
// row below (A touches Q, W and Z; S touches W, E, Z and X).
var keyNeighbours = func() map[rune][]rune {
	m := map[rune][]rune{}
	add := func(a rune, row, i int) {
		if row < 0 || row >= len(isiriRows) || i < 0 || i >= len(isiriRows[row]) {
			return
		}
		m[a] = append(m[a], isiriRows[row][i])
	}
	for row, keys := range isiriRows {
		for i, r := range keys {
			add(r, row, i-1)
			add(r, row, i+1)
			add(r, row-1, i)   // above
			add(r, row-1, i+1) // above, right
			add(r, row+1, i-1) // below, left
			add(r, row+1, i)   // below
		}
	}
	// Arabic forms live on the same keys as their Persian letters.
	m['ي'] = m['ی']
	m['ك'] = m['ک']
	return m
}()

package persian

import "slices"

// keyboardRows are the letter rows of the standard Persian keyboard (ISIRI
// 9147), left to right, as they sit over the QWERTY keys Q, A and Z.
var keyboardRows = [...][]rune{
	[]rune("ضصثقفغعهخحجچ"),
	[]rune("شسیبلاتنمکگ"),
	[]rune("ظطزرذدپو"),
}

// keyboardShift are letters typed with Shift, and the key they share, and
// the Arabic letters that sit on the key of their Persian twin.
var keyboardShift = map[rune]rune{'ژ': 'ز', 'آ': 'ا', 'ي': 'ی', 'ك': 'ک'}

var keyboardNeighbors = buildNeighbors()

func buildNeighbors() map[rune][]rune {
	at := func(row, col int) (rune, bool) {
		if row < 0 || row >= len(keyboardRows) || col < 0 || col >= len(keyboardRows[row]) {
			return 0, false
		}
		return keyboardRows[row][col], true
	}
	m := make(map[rune][]rune)
	for row, keys := range keyboardRows {
		for col, r := range keys {
			// Rows are staggered: the row above is offset to the left, so
			// key (row, col) touches (row-1, col), (row-1, col+1),
			// (row+1, col-1) and (row+1, col).
			for _, d := range [...][2]int{{0, -1}, {0, 1}, {-1, 0}, {-1, 1}, {1, -1}, {1, 0}} {
				if n, ok := at(row+d[0], col+d[1]); ok {
					m[r] = append(m[r], n)
				}
			}
		}
	}
	for shifted, base := range keyboardShift {
		m[shifted] = append([]rune{base}, m[base]...)
	}
	return m
}

// KeyboardNeighbors returns the letters whose keys touch the key of r on the
// standard Persian keyboard (ISIRI 9147): the likely slips of a finger
// typing r. A letter typed with Shift (ژ، آ) also counts its unshifted
// letter, and Arabic ي ك are read as ی ک. The result is a new slice, nil for
// a rune not on the letter keys.
func KeyboardNeighbors(r rune) []rune {
	return slices.Clone(keyboardNeighbors[r])
}

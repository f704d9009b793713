package store

import (
	"strings"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/persian"
)

// termsMatch returns the conditions, ANDed, and their arguments that
// match query's words against column, a column of analysed terms each
// between spaces: every word must match, in any of the forms it is
// indexed as (Arabic letter forms, a missing ZWNJ, suffixes). The query
// is cut to news.SearchMaxQuery letters and maxQueryWords words.
func termsMatch(column, query string) ([]string, []any) {
	q := strings.ToValidUTF8(query, " ")
	if strings.TrimSpace(q) == "" {
		return nil, nil
	}
	if utf8.RuneCountInString(q) > news.SearchMaxQuery {
		q = string([]rune(q)[:news.SearchMaxQuery])
	}
	words := persian.QueryWords(q)
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	var where []string
	var args []any
	for _, w := range words {
		var any []string
		for _, t := range w.Terms {
			any = append(any, column+" LIKE ?")
			args = append(args, "% "+t+" %")
		}
		where = append(where, "("+strings.Join(any, " OR ")+")")
	}
	return where, args
}

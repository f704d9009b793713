// Package persian prepares Persian text for search and display.
//
// Matching goes through three steps, used alike by the indexer and by the
// query parser so that both sides always agree:
//
//   - Fold maps the spellings Persian text mixes to one form (Arabic ي/ك,
//     hamza seats, heh forms, harakat, tatweel, digits, Latin case).
//   - Tokens, AppendTerms and QueryWords split text into words, treat a
//     zero-width non-joiner (ZWNJ, U+200C) and its common substitutes (none, a
//     space) alike, and drop stop words.
//   - Stem strips one plural (ها، ان، ات …) and one comparative (تر، ترین)
//     suffix, guarded by a list of words that only look inflected.
//
// Tidy and TidyHTML are the editor's «ویرایش متن» action on display text
// and on story bodies; TidyText, the lighter clean-up they build on, serves
// search suggestions. TypoCost is the noisy channel of search's spelling
// corrector: how likely a reader's slip is, from the keyboard's layout
// (KeyboardNeighbors), doubled letters and letters that sound alike;
// Deletes, Distance and DistanceAtMost find the candidates.
package persian

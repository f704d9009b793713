// Package richtext keeps story bodies to the small HTML a body may carry
// and reads their plain text for the search index and snippets.
//
// Sanitize is the one door bodies come through, from the importer and
// the ninjs decoder alike: it parses the fragment the way a browser does
// (golang.org/x/net/html), rebuilds only the allowed elements, well
// nested, and passes the result through a bluemonday policy made from
// the same allow-list. Text is the fast reading of a body Sanitize made;
// HTMLToText reads any fragment; FromText turns plain text into a body.
package richtext

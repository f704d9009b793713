// Package markup is the newsroom editor's plain-text markup: what a
// reporter types into a plain <textarea>, without JavaScript, and the
// story body HTML it stands for.
//
// ToHTML turns the editor's text into body HTML that uses only the tags a
// stored body may carry (<p>, <br>, <b>, <i>, <a href>, <blockquote>,
// <ul>, <ol>, <li>, <h2>, <h3>, and the <figure> of a stored photo,
// written "![caption](photo:ID)" on a line of its own). FromHTML turns a stored body back into
// text for editing, so that ToHTML(FromHTML(ToHTML(x))) == ToHTML(x) for
// every text x. Help is the rule sheet the editor shows in Persian.
//
// Both directions go through one model (model.go): ToHTML parses text
// into it, FromHTML reads HTML into it, and both bring it to the same
// normal form (normal.go) before writing it out. The normal form holds
// exactly the structures the markup can spell, so writing one out and
// reading it back gives it again.
package markup

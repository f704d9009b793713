package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/pagedump"
)

// Record is one story read, or the reason it could not be: exactly one of
// Story and Err is set. Line is the line the record starts on, from 1.
type Record struct {
	Line     int
	Item     string // what the record is in its file, e.g. "post 12"; "" when the line says it
	Story    *news.Story
	Warnings []string // fields ignored, e.g. unknown ninjs properties
	Err      error    // an *news.Error with code EINVALID for bad input
	// Picture is the lead photo a ninjs item's associations carry, for
	// the importer to read into the library before the story is stored.
	Picture *ninjs.Picture
	// Skipped says why the reader left an item out on purpose (a
	// WordPress page, a private post); Story and Err are then unset.
	// Quiet marks a skip not worth a line of its own (attachments, menu
	// items): the summary counts it.
	Skipped string
	Quiet   bool
	// Comments are the approved comments that came with the story;
	// Dropped counts those left out (spam, unapproved, pingbacks).
	Comments []news.ImportedComment
	Dropped  int
	// OldPaths are the story's addresses on the site it came from, as
	// news.OldPath keys: a WordPress post's permalink and "/?p=ID".
	OldPaths []string
	// FeaturedImage is the address of a WordPress post's featured
	// image (its attachment's wp:attachment_url), for the importer to
	// find beside the export; a missing file is a warning, never the
	// post's failure. PhotoLater marks a post whose attachment comes
	// later in the export: the photo it has is kept, and a record with
	// PhotoFor set to its uri brings the image at the end.
	FeaturedImage string
	PhotoLater    bool
	PhotoFor      string
}

// Options say what Read cannot tell from the content.
type Options struct {
	// URL is where an HTML page was fetched from: the canonical URL
	// when the page names none, and a news code in its path.
	URL string
}

// Limits on what Read accepts.
const (
	MaxLine = 32 << 20 // bytes in one JSON line, one JSON object or one page dump
)

// Read detects the format of r and calls fn with each record, in order. A
// record that cannot be read (bad JSON, invalid UTF-8, a line longer than
// MaxLine, a story that fails Validate) is passed to fn with Err set and
// reading goes on; blank lines are skipped. Read stops at the first error
// fn returns and returns it. It returns an *news.Error with code EINVALID
// when the format is not recognized, and the read error when r fails;
// empty input gives no records and no error. In a JSON document a syntax
// error ends the reading after its record, since nothing after it can be
// trusted.
func Read(r io.Reader, fn func(Record) error) error {
	return ReadWith(r, Options{}, fn)
}

// ReadWith is Read with options, for WordPress exports and HTML pages as
// well as ninjs and page dumps.
func ReadWith(r io.Reader, opt Options, fn func(Record) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(8 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("importer: %w", err)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, bom))) == 0 && err == io.EOF {
		return nil
	}
	decode := func(r Raw) error {
		if r.Err != nil {
			return fn(Record{Line: r.Line, Err: r.Err})
		}
		return fn(decodeNinjs(r.Line, r.Data))
	}
	switch Detect(head) {
	case FormatNinjsLines:
		return readLines(br, decode)
	case FormatNinjsJSON:
		return readDocument(br, decode)
	case FormatPageDump:
		return readPage(br, fn)
	case FormatWXR:
		return readWXR(br, opt, fn)
	case FormatHTML:
		return readHTML(br, opt, fn)
	}
	return news.Errorf(news.EINVALID, "importer: unrecognized format: want ninjs JSON, ninjs JSON Lines, a WordPress export, an HTML story page or a page dump")
}

// Raw is one ninjs item as it stands in a file, not yet decoded: exactly
// one of Data and Err is set. Line is the line the item starts on and
// Item its number in the file, both from 1.
type Raw struct {
	Line, Item int
	Data       []byte // valid only until the callback returns
	Err        error  // an *news.Error with code EINVALID: bad JSON, a line too long
}

// ReadRaw calls fn with each item of a ninjs JSON or JSON Lines file, in
// order, undecoded, for checking it as it is. Bad items are reported as
// for Read. It returns an *news.Error with code EINVALID when r holds
// neither format, and the read error when r fails; empty input gives no
// items and no error.
func ReadRaw(r io.Reader, fn func(Raw) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(8 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("importer: %w", err)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, bom))) == 0 && err == io.EOF {
		return nil
	}
	item := 0
	numbered := func(r Raw) error {
		item++
		r.Item = item
		return fn(r)
	}
	switch Detect(head) {
	case FormatNinjsLines:
		return readLines(br, numbered)
	case FormatNinjsJSON:
		return readDocument(br, numbered)
	}
	return news.Errorf(news.EINVALID, "importer: not ninjs JSON or JSON Lines")
}

// readLines reads JSON Lines, one item per non-blank line.
func readLines(br *bufio.Reader, fn func(Raw) error) error {
	var buf []byte
	for n := 1; ; n++ {
		line, tooLong, err := readLine(br, buf)
		buf = line[:0]
		if err != nil && err != io.EOF {
			return fmt.Errorf("importer: line %d: %w", n, err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		var ferr error
		switch {
		case tooLong || len(line) > MaxLine:
			ferr = fn(Raw{Line: n, Err: invalid("line is longer than %d bytes", MaxLine)})
		case len(bytes.TrimSpace(line)) > 0: // blank lines are skipped
			ferr = fn(Raw{Line: n, Data: line})
		}
		if ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine reads one line into buf, newline included. Past MaxLine it
// stops keeping bytes, reads on to the end of the line and reports it too
// long.
func readLine(br *bufio.Reader, buf []byte) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > MaxLine+2 { // room for "\r\n"
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return buf, tooLong, err
	}
}

// readDocument reads one JSON document — an object, several objects
// one after another, or an array of objects — one object at a time, so
// memory is bounded by the largest object (MaxLine), not the document.
func readDocument(br *bufio.Reader, fn func(Raw) error) error {
	if b, _ := br.Peek(len(bom)); bytes.Equal(b, bom) {
		br.Discard(len(bom))
	}
	first, skipped, err := firstByte(br)
	if err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	in := &docReader{r: br, counted: skipped}
	dec := json.NewDecoder(in)
	inArray := first == '['
	if inArray {
		if _, err := dec.Token(); err != nil {
			return fn(in.syntaxRecord(0, err))
		}
	}
	for dec.More() {
		start := dec.InputOffset()
		in.limit = start + MaxLine + 1
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if in.tooLarge || err == nil && len(raw) > MaxLine {
			return fn(Raw{Line: in.line(start), Err: invalid("JSON object is larger than %d bytes", MaxLine)})
		}
		if err != nil {
			return fn(in.syntaxRecord(start, err))
		}
		if err := fn(Raw{Line: in.line(dec.InputOffset() - int64(len(raw))), Data: raw}); err != nil {
			return err
		}
	}
	in.limit = 0
	if inArray {
		if _, err := dec.Token(); err != nil { // the closing ']'
			return fn(in.syntaxRecord(dec.InputOffset(), err))
		}
		if _, err := dec.Token(); err != io.EOF {
			return fn(Raw{Line: in.line(dec.InputOffset()), Err: invalid("unexpected text after the JSON array")})
		}
	} else if _, err := dec.Token(); err != io.EOF {
		return fn(in.syntaxRecord(dec.InputOffset(), err))
	}
	return nil
}

// firstByte returns the first byte of br that is not white space,
// consuming the white space before it, and how many lines that was.
func firstByte(br *bufio.Reader) (byte, int, error) {
	lines := 0
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, lines, err
		}
		switch b[0] {
		case '\n':
			lines++
			fallthrough
		case ' ', '\t', '\r':
			br.Discard(1)
		default:
			return b[0], lines, nil
		}
	}
}

// docReader is the document as the JSON decoder reads it: it counts
// lines as bytes go by, so an object's first line can be told without
// keeping the document, and refuses to read past limit (an offset) so
// one huge object cannot take the memory.
type docReader struct {
	r        io.Reader
	read     int64   // bytes read so far
	breaks   []int64 // offsets of the newlines read and not yet counted
	counted  int     // newlines before offset base
	base     int64
	limit    int64 // 0: no limit
	tooLarge bool
}

func (d *docReader) Read(p []byte) (int, error) {
	if d.limit > 0 {
		if d.read >= d.limit {
			d.tooLarge = true
			return 0, errTooLarge
		}
		p = p[:min(int64(len(p)), d.limit-d.read)]
	}
	n, err := d.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			d.breaks = append(d.breaks, d.read+int64(i))
		}
	}
	d.read += int64(n)
	return n, err
}

var errTooLarge = errors.New("object too large")

// line returns the line (from 1) of offset. Offsets are asked for in
// increasing order; newlines before the last one asked for are counted
// and forgotten.
func (d *docReader) line(offset int64) int {
	i := 0
	for i < len(d.breaks) && d.breaks[i] < offset {
		i++
	}
	d.counted += i
	d.breaks = d.breaks[i:]
	d.base = offset
	return d.counted + 1
}

// syntaxRecord reports a JSON syntax error at the line it happened on.
func (d *docReader) syntaxRecord(start int64, err error) Raw {
	at := start
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 {
		at = se.Offset - 1
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		msg = "JSON ends too early"
	}
	return Raw{Line: d.line(max(at, d.base)), Err: invalid("bad JSON: %s", msg)}
}

// readPage reads a page dump: one record.
func readPage(br *bufio.Reader, fn func(Record) error) error {
	data, err := io.ReadAll(io.LimitReader(br, MaxLine+1))
	if err != nil {
		return fmt.Errorf("importer: %w", err)
	}
	rec := Record{Line: 1}
	switch {
	case len(data) > MaxLine:
		rec.Err = invalid("page dump is larger than %d bytes", MaxLine)
	case !utf8.Valid(data):
		rec.Err = invalid("page dump is not valid UTF-8")
	default:
		var p *pagedump.Page
		if p, rec.Err = pagedump.Parse(string(data)); rec.Err == nil {
			rec.Story = p.Story()
			if rec.Err = rec.Story.Validate(); rec.Err != nil {
				rec.Story = nil
			}
		}
	}
	return fn(rec)
}

// decodeNinjs turns one ninjs object into a record.
func decodeNinjs(line int, data []byte) Record {
	rec := Record{Line: line}
	if !utf8.Valid(data) {
		rec.Err = invalid("not valid UTF-8")
		return rec
	}
	s, it, unknown, err := ninjs.DecodeStory(data)
	for _, name := range unknown {
		rec.Warnings = append(rec.Warnings, fmt.Sprintf("unknown ninjs field %q ignored", name))
	}
	if err == nil {
		err = s.Validate()
	}
	if err != nil {
		rec.Err = err
		return rec
	}
	rec.Story, rec.Picture = s, it.LeadPicture()
	return rec
}

func invalid(format string, args ...any) error {
	return news.Errorf(news.EINVALID, "importer: "+format, args...)
}

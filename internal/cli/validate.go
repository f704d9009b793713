package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/ninjs"
)

// validateStats counts what one validate run saw.
type validateStats struct {
	items, invalid, unreadable int
}

func runValidate(e *env, args []string) int {
	fs := flagSet(e, "validate", "FILE…")
	version := fs.String("schema", ninjs.StandardVersion, "ninjs version to validate against: "+strings.Join(ninjs.Versions, ", "))
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "khabar validate: name at least one file (ninjs JSON or JSON Lines; - for standard input)")
		return 2
	}
	v, err := ninjs.NewValidator(*version)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar validate: --schema:", err)
		return 2
	}
	var total validateStats
	start := time.Now()
	for _, name := range fs.Args() {
		stats, err := validateFile(e, v, name)
		total.items += stats.items
		total.invalid += stats.invalid
		total.unreadable += stats.unreadable
		if err != nil {
			fmt.Fprintf(e.stdout, "%s: %s\n", name, news.ErrorMessage(err))
			total.unreadable++
		}
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stderr, "checked %d items against ninjs %s: %d valid, %d invalid, %d unreadable in %.2fs (%.0f items/s)\n",
		total.items, v.Version(), total.items-total.invalid, total.invalid, total.unreadable, secs, float64(total.items)/max(secs, 1e-9))
	if total.invalid > 0 || total.unreadable > 0 {
		return 1
	}
	return 0
}

// validateFile checks every item of one file, writing a line for each
// problem: the file, the item's line and number, the JSON pointer of the
// value at fault, the rule it breaks and what is wrong. A file with no
// item, or that cannot be read, is an error.
func validateFile(e *env, v *ninjs.Validator, name string) (validateStats, error) {
	var stats validateStats
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return stats, err
		}
		defer f.Close()
		r = f
	}
	err := importer.ReadRaw(r, func(raw importer.Raw) error {
		stats.items++
		if raw.Err != nil {
			stats.invalid++
			fmt.Fprintf(e.stdout, "%s:%d: item %d: %s\n", name, raw.Line, raw.Item, news.ErrorMessage(raw.Err))
			return nil
		}
		doc, err := ninjs.ParseJSON(raw.Data)
		if err != nil {
			stats.invalid++
			fmt.Fprintf(e.stdout, "%s:%d: item %d: bad JSON: %v\n", name, raw.Line, raw.Item, err)
			return nil
		}
		if problems := v.Validate(doc); len(problems) > 0 {
			stats.invalid++
			for _, p := range problems {
				fmt.Fprintf(e.stdout, "%s:%d: item %d: %s\n", name, raw.Line, raw.Item, p)
			}
		}
		return nil
	})
	if err == nil && stats.items == 0 {
		err = news.Errorf(news.EINVALID, "no ninjs item in the file")
	}
	return stats, err
}

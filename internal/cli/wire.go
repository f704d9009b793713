package cli

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"text/tabwriter"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
)

func runWire(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stderr, `Usage: khabar wire COMMAND [flags] …

Commands:
  add [--format rss|atom|ninjs] [--credit NAME] [--every 5m] URL
                 add a feed to the wire desk and print its id (the format is
                 detected when not given; the credit defaults to the URL's host)
  list           list the feeds, how each was last read and its items
  remove ID      remove a feed and its items, except those republished
`)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "add":
		return wireAdd(e, args[1:])
	case "list":
		return wireList(e, args[1:])
	case "remove":
		return wireRemove(e, args[1:])
	}
	fmt.Fprintf(e.stderr, "khabar wire: unknown command %q (add, list, remove)\n", args[0])
	return 2
}

func wireAdd(e *env, args []string) int {
	src := news.WireSource{Enabled: true}
	var disabled bool
	ctx, st, rest, done, code := wireCommand(e, "add", "URL", args, func(f *flag.FlagSet) {
		f.StringVar(&src.Format, "format", "", "rss, atom or ninjs (default: detected from what the feed sends)")
		f.StringVar(&src.Credit, "credit", "", "the agency stories credit, e.g. ایسنا (default: the URL's host)")
		f.DurationVar(&src.Every, "every", news.DefaultWireEvery, "how often the feed is read (1m to 24h)")
		f.BoolVar(&disabled, "disabled", false, "add the feed without reading it yet")
	})
	if code >= 0 {
		return code
	}
	defer done()
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "khabar wire add: name one feed: khabar wire add --credit ایسنا https://…/rss")
		return 2
	}
	src.URL, src.Enabled = rest[0], !disabled
	if src.Credit == "" {
		if u, err := url.Parse(rest[0]); err == nil {
			src.Credit = u.Hostname()
		}
	}
	if err := st.AddWireSource(ctx, actorCLI, &src); err != nil {
		fmt.Fprintln(e.stderr, "khabar wire add:", cliMessage(err))
		return 1
	}
	fmt.Fprintln(e.stdout, src.ID)
	return 0
}

func wireList(e *env, args []string) int {
	ctx, st, _, done, code := wireCommand(e, "list", "", args, nil)
	if code >= 0 {
		return code
	}
	defer done()
	list, err := st.WireSources(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar wire list:", err)
		return 1
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREDIT\tFORMAT\tEVERY\tSTATE\tITEMS\tLAST\tURL")
	for _, s := range list {
		format, state, last := s.Format, "enabled", "never read"
		if format == "" {
			format = "auto"
		}
		if !s.Enabled {
			state = "disabled"
		}
		switch {
		case s.LastError != "":
			last = "failing: " + s.LastError
		case !s.LastOK.IsZero():
			last = "read " + s.LastOK.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%v\t%s\t%d\t%s\t%s\n", s.ID, s.Credit, format, s.Every, state, s.Items, last, s.URL)
	}
	tw.Flush()
	return 0
}

func wireRemove(e *env, args []string) int {
	ctx, st, rest, done, code := wireCommand(e, "remove", "ID", args, nil)
	if code >= 0 {
		return code
	}
	defer done()
	var id int64
	var err error
	if len(rest) == 1 {
		id, err = strconv.ParseInt(rest[0], 10, 64)
	}
	if len(rest) != 1 || err != nil || id <= 0 {
		fmt.Fprintln(e.stderr, "khabar wire remove: name one feed by its id (khabar wire list shows them)")
		return 2
	}
	if err := st.RemoveWireSource(ctx, actorCLI, id); err != nil {
		fmt.Fprintln(e.stderr, "khabar wire remove:", cliMessage(err))
		return 1
	}
	fmt.Fprintf(e.stdout, "removed feed %d\n", id)
	return 0
}

// wireCommand is userCommand for the wire subcommands.
func wireCommand(e *env, name, operands string, args []string, more func(*flag.FlagSet)) (ctx context.Context, st *store.Store, rest []string, done func(), code int) {
	fs := flagSet(e, "wire "+name, operands)
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	if more != nil {
		more(fs)
	}
	if c, ok := parse(e, fs, args); !ok {
		return nil, nil, nil, nil, max(c, 0)
	}
	ctx, st, stop, ok := e.openExisting(*db)
	if !ok {
		return nil, nil, nil, nil, 1
	}
	return ctx, st, fs.Args(), func() { st.Close(); stop() }, -1
}

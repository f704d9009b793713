package cli

import (
	"fmt"
	"strings"

	"khabar/internal/news"
)

func runDemo(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stderr, `Usage: khabar demo remove [--db …]

Commands:
  remove    delete the demo stories (محتوای نمایشی) a new database started with,
            and the sections no other story uses; the demo is not loaded again
`)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] != "remove" {
		fmt.Fprintf(e.stderr, "khabar demo: unknown command %q (remove)\n", args[0])
		return 2
	}
	fs := flagSet(e, "demo remove", "")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	if code, ok := parse(e, fs, args[1:]); !ok {
		return code
	}
	ctx, st, stop, ok := e.openExisting(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()
	got, err := st.RemoveDemo(ctx, news.Actor{Name: "khabar demo remove"})
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar demo remove:", err)
		return 1
	}
	if got.Stories == 0 && len(got.Sections) == 0 {
		fmt.Fprintf(e.stdout, "no demo content in %s; it will not be loaded into it again\n", *db)
		return 0
	}
	var names []string
	for _, s := range got.Sections {
		names = append(names, s.Name+" ("+s.Slug+")")
	}
	fmt.Fprintf(e.stdout, "removed %d demo stories", got.Stories)
	if len(names) > 0 {
		fmt.Fprintf(e.stdout, " and %d sections no other story uses: %s", len(names), strings.Join(names, ", "))
	}
	fmt.Fprintln(e.stdout)
	return 0
}

// Package cli is khabar's command line: serve, user, wire, import, export,
// validate, reindex, demo and version. Every flag can also be set with a
// KHABAR_* environment variable (--db ↔ KHABAR_DB, --site-name ↔
// KHABAR_SITE_NAME, …); a flag given on the command line wins.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"khabar/internal/store"
)

// Version is the khabar release, set at build time with
// -ldflags "-X khabar/internal/cli.Version=…".
var Version = "dev"

type command struct {
	name    string
	summary string
	run     func(env *env, args []string) int
}

// env is what a command runs with: its streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// ctx, when set, ends long-running commands (serve, import) like an
	// interrupt does; tests use it to stop them without signals.
	ctx context.Context
}

// context returns the context commands start from: e.ctx, or
// context.Background when none is set.
func (e *env) context() context.Context {
	if e.ctx != nil {
		return e.ctx
	}
	return context.Background()
}

// open opens the database for a command and returns a context that
// Ctrl-C or SIGTERM cancels, so the command stops cleanly (deferred
// clean-up runs) instead of dying mid-write. Close the store and call
// stop when done. It reports a failure on stderr and returns ok false.
func (e *env) open(db string) (ctx context.Context, st *store.Store, stop func(), ok bool) {
	ctx, stop = signal.NotifyContext(e.context(), syscall.SIGINT, syscall.SIGTERM)
	st, err := store.Open(ctx, db)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar:", err)
		stop()
		return nil, nil, nil, false
	}
	return ctx, st, stop, true
}

// openExisting is open for commands that work on a database that must
// be there already: a mistyped SQLite path is an error, not a new, empty
// database.
func (e *env) openExisting(db string) (ctx context.Context, st *store.Store, stop func(), ok bool) {
	if !strings.Contains(db, "://") {
		if _, err := os.Stat(strings.TrimPrefix(db, "sqlite://")); err != nil {
			fmt.Fprintf(e.stderr, "khabar: no database at %s (khabar serve or khabar import creates one)\n", db)
			return nil, nil, nil, false
		}
	}
	return e.open(db)
}

func commands() []command {
	return []command{
		{"serve", "run the public site and the newsroom", runServe},
		{"user", "manage newsroom users: add, passwd, list, disable, token", runUser},
		{"wire", "manage the wire desk's feeds: add, list, remove", runWire},
		{"import", "import stories from ninjs JSON / JSON Lines or page-text dumps", runImport},
		{"export", "export every story as ninjs JSON Lines", runExport},
		{"validate", "check ninjs JSON / JSON Lines against the IPTC schema", runValidate},
		{"reindex", "rebuild the search index", runReindex},
		{"backup", "write a consistent copy of a SQLite database while it serves", runBackup},
		{"restore", "put a backup in place of a SQLite database", runRestore},
		{"demo", "remove the demo stories a new database started with: demo remove", runDemo},
		{"version", "print the version", runVersion},
	}
}

// Run runs the command line args (args[0] is the program name) and
// returns the process exit status.
func Run(args []string) int {
	return run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}, args)
}

func run(e *env, args []string) int {
	if len(args) < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help" {
		usage(e.stdout)
		if len(args) < 2 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[1] {
			return c.run(e, args[2:])
		}
	}
	fmt.Fprintf(e.stderr, "khabar: unknown command %q\n\n", args[1])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "khabar — the publishing system of a Persian news agency")
	fmt.Fprintln(w, "\nUsage: khabar COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'khabar COMMAND --help' for a command's flags.")
}

// flagSet returns a flag set for a command whose usage names the
// environment variable behind each flag.
func flagSet(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: khabar %s [flags] %s\n\nFlags (each also read from the environment):\n", name, args)
		fs.VisitAll(func(f *flag.Flag) {
			dashes := "--"
			if len(f.Name) == 1 {
				dashes = "-" // -o, as the README writes it
			}
			fmt.Fprintf(fs.Output(), "  %s%s  (%s)\n    \t%s", dashes, f.Name, envName(f.Name), f.Usage)
			if f.DefValue != "" {
				fmt.Fprintf(fs.Output(), " (default %q)", f.DefValue)
			}
			fmt.Fprintln(fs.Output())
		})
	}
	return fs
}

func envName(flagName string) string {
	return "KHABAR_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse reads flags from the environment, then from args. It returns
// the exit status to use when parsing ends the command (help or error).
func parse(e *env, fs *flag.FlagSet, args []string) (int, bool) {
	var bad error
	fs.VisitAll(func(f *flag.Flag) {
		if v := e.getenv(envName(f.Name)); v != "" && bad == nil {
			if err := f.Value.Set(v); err != nil {
				bad = fmt.Errorf("%s=%q: %v", envName(f.Name), v, err)
			}
		}
	})
	if bad != nil {
		fmt.Fprintln(e.stderr, "khabar:", bad)
		return 2, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

func runVersion(e *env, args []string) int {
	fs := flagSet(e, "version", "")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	fmt.Fprintln(e.stdout, "khabar", Version)
	return 0
}

package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/store"
)

func runExport(e *env, args []string) int {
	fs := flagSet(e, "export", "")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	out := fs.String("o", "", "write to this file instead of standard output (replaced only when the export is whole)")
	base := fs.String("base-url", "http://localhost:8080", "public URL of the site, for the addresses of photos")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	opts := ninjs.Options{MediaBase: strings.TrimRight(*base, "/")}
	if u, err := url.Parse(opts.MediaBase); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		fmt.Fprintf(e.stderr, "khabar export: --base-url %q is not an http(s) address like https://khabar.example\n", *base)
		return 2
	}
	if *out != "" {
		// The file is replaced by a rename: that is only right for a
		// regular file (a symlink or a device would be replaced, not
		// written to).
		if info, err := os.Lstat(*out); err == nil && !info.Mode().IsRegular() {
			fmt.Fprintf(e.stderr, "khabar export: %s is not a regular file (%s); give a file to write, or write to standard output\n", *out, info.Mode().Type())
			return 1
		}
	}
	ctx, st, stop, ok := e.openExisting(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()
	if *out == "" {
		n, err := export(ctx, st, e.stdout, opts)
		if err != nil {
			fmt.Fprintln(e.stderr, "khabar export:", err)
			return 1
		}
		fmt.Fprintf(e.stderr, "exported %d stories\n", n)
		return 0
	}
	// Write beside the target and rename, so a failed or killed export
	// never leaves a half-written file under the real name.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".khabar-export-*")
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar export:", err)
		return 1
	}
	defer os.Remove(tmp.Name())
	n, err := export(ctx, st, tmp, opts)
	if err == nil {
		err = tmp.Chmod(0o644) // as os.Create would have made it
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar export:", err)
		return 1
	}
	fmt.Fprintf(e.stderr, "exported %d stories to %s\n", n, *out)
	return 0
}

// export writes every story that has been public as one ninjs JSON
// line, in news-code order: drafts never published have no code and are
// not written, and killed stories are gone from every public copy.
func export(ctx context.Context, st *store.Store, w io.Writer, opts ninjs.Options) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	n := 0
	err := st.EachStory(ctx, func(s *news.Story) error {
		if s.Gone() {
			return nil
		}
		line, err := ninjs.EncodeWith(s, opts)
		if err != nil {
			return fmt.Errorf("story %d: %w", s.Code, err)
		}
		bw.Write(line)
		n++
		return bw.WriteByte('\n')
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

func runReindex(e *env, args []string) int {
	fs := flagSet(e, "reindex", "")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	ctx, st, stop, ok := e.openExisting(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()
	n, err := st.Reindex(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar reindex:", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "reindexed %d published stories\n", n)
	return 0
}

package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"khabar/internal/auth"
	"khabar/internal/news"
	"khabar/internal/store"
)

// actorCLI is who the audit log names for what the command line does.
var actorCLI = news.Actor{Name: "خط فرمان"}

func runUser(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stderr, `Usage: khabar user COMMAND [flags] …

Commands:
  add --role ROLE NAME     add a user (roles: reporter, editor, moderator, admin;
                           --role may repeat or list several: --role editor,admin)
  passwd NAME              set a user's password
  list                     list the users
  disable NAME             stop a user from logging in; ends their sessions and tokens
  token NAME               print a new API token for the user
  token --revoke NAME      revoke every API token of the user

A password is read from the terminal without echo, or from standard
input as two lines: the password and its confirmation.
`)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "add":
		return userAdd(e, args[1:])
	case "passwd":
		return userPasswd(e, args[1:])
	case "list":
		return userList(e, args[1:])
	case "disable":
		return userDisable(e, args[1:])
	case "token":
		return userToken(e, args[1:])
	}
	fmt.Fprintf(e.stderr, "khabar user: unknown command %q (add, passwd, list, disable, token)\n", args[0])
	return 2
}

// roleList collects repeated --role flags.
type roleList struct{ roles news.Roles }

func (r *roleList) String() string { return r.roles.String() }

func (r *roleList) Set(v string) error {
	rs, err := news.ParseRoles(v)
	if err != nil {
		return fmt.Errorf("%s", news.ErrorMessage(err))
	}
	for _, x := range rs {
		r.roles = r.roles.With(x)
	}
	return nil
}

// userCommand parses a user subcommand's flags and opens the store.
func userCommand(e *env, name string, args []string, more func(*flag.FlagSet)) (ctx context.Context, st *store.Store, rest []string, done func(), code int) {
	fs := flagSet(e, "user "+name, "NAME")
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

func userAdd(e *env, args []string) int {
	var roles roleList
	var display string
	ctx, st, rest, done, code := userCommand(e, "add", args, func(f *flag.FlagSet) {
		f.Var(&roles, "role", "a role: reporter, editor, moderator or admin (repeat for more)")
		f.StringVar(&display, "display-name", "", "the name the newsroom shows (default: NAME)")
	})
	if code >= 0 {
		return code
	}
	defer done()
	if len(rest) != 1 {
		fmt.Fprintln(e.stderr, "khabar user add: name one user: khabar user add --role editor NAME")
		return 2
	}
	if len(roles.roles) == 0 {
		fmt.Fprintln(e.stderr, "khabar user add: give at least one --role (reporter, editor, moderator, admin)")
		return 2
	}
	password, err := readPassword(e)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar user add:", err)
		return 1
	}
	u := &news.User{Name: rest[0], DisplayName: display, Roles: roles.roles}
	if err := st.CreateUser(ctx, actorCLI, u, auth.HashPassword(password, auth.DefaultParams)); err != nil {
		fmt.Fprintln(e.stderr, "khabar user add:", cliMessage(err))
		return 1
	}
	fmt.Fprintf(e.stdout, "added user %s (%s)\n", u.Name, u.Roles)
	return 0
}

func userPasswd(e *env, args []string) int {
	ctx, st, rest, done, code := userCommand(e, "passwd", args, nil)
	if code >= 0 {
		return code
	}
	defer done()
	u, ok := oneUser(ctx, e, st, "passwd", rest)
	if !ok {
		return 1
	}
	password, err := readPassword(e)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar user passwd:", err)
		return 1
	}
	if err := st.SetPassword(ctx, actorCLI, u.ID, auth.HashPassword(password, auth.DefaultParams), false, ""); err != nil {
		fmt.Fprintln(e.stderr, "khabar user passwd:", cliMessage(err))
		return 1
	}
	fmt.Fprintf(e.stdout, "password of %s changed; their sessions were ended\n", u.Name)
	return 0
}

func userList(e *env, args []string) int {
	ctx, st, _, done, code := userCommand(e, "list", args, nil)
	if code >= 0 {
		return code
	}
	defer done()
	users, err := st.Users(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar user list:", err)
		return 1
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLES\tSTATE\tDISPLAY NAME")
	for _, u := range users {
		state := "active"
		switch {
		case u.Disabled:
			state = "disabled"
		case u.MustChangePassword:
			state = "must change password"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Roles, state, u.DisplayName)
	}
	tw.Flush()
	return 0
}

func userDisable(e *env, args []string) int {
	ctx, st, rest, done, code := userCommand(e, "disable", args, nil)
	if code >= 0 {
		return code
	}
	defer done()
	u, ok := oneUser(ctx, e, st, "disable", rest)
	if !ok {
		return 1
	}
	u.Disabled = true
	if err := st.UpdateUser(ctx, actorCLI, u); err != nil {
		fmt.Fprintln(e.stderr, "khabar user disable:", cliMessage(err))
		return 1
	}
	fmt.Fprintf(e.stdout, "disabled %s: their sessions and API tokens no longer work\n", u.Name)
	return 0
}

func userToken(e *env, args []string) int {
	var revoke bool
	ctx, st, rest, done, code := userCommand(e, "token", args, func(f *flag.FlagSet) {
		f.BoolVar(&revoke, "revoke", false, "revoke every token of the user instead")
	})
	if code >= 0 {
		return code
	}
	defer done()
	u, ok := oneUser(ctx, e, st, "token", rest)
	if !ok {
		return 1
	}
	if revoke {
		n, err := st.RevokeTokens(ctx, actorCLI, u.ID)
		if err != nil {
			fmt.Fprintln(e.stderr, "khabar user token:", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "revoked %d tokens of %s\n", n, u.Name)
		return 0
	}
	token := auth.NewToken()
	if err := st.CreateToken(ctx, actorCLI, u.ID, auth.Digest(token)); err != nil {
		fmt.Fprintln(e.stderr, "khabar user token:", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "API token for %s (shown once; send it as Authorization: Bearer TOKEN):\n%s\n", u.Name, token)
	return 0
}

func oneUser(ctx context.Context, e *env, st *store.Store, cmd string, rest []string) (*news.User, bool) {
	if len(rest) != 1 {
		fmt.Fprintf(e.stderr, "khabar user %s: name one user\n", cmd)
		return nil, false
	}
	u, _, err := st.UserByName(ctx, rest[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "khabar user %s: no user %q\n", cmd, rest[0])
		return nil, false
	}
	return u, true
}

// readPassword reads a new password twice: from the terminal without
// echo, or as two lines of standard input.
func readPassword(e *env) (string, error) {
	var first, second string
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		read := func(prompt string) (string, error) {
			fmt.Fprint(e.stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(e.stderr)
			return string(b), err
		}
		var err error
		if first, err = read("Password: "); err != nil {
			return "", err
		}
		if second, err = read("Again: "); err != nil {
			return "", err
		}
	} else {
		if e.stdin == nil {
			return "", fmt.Errorf("no password: give it on standard input, twice, one per line")
		}
		r := bufio.NewReader(io.LimitReader(e.stdin, 2*news.MaxPassword+16))
		line := func() string {
			s, _ := r.ReadString('\n')
			return strings.TrimRight(s, "\r\n")
		}
		first, second = line(), line()
	}
	if first != second {
		return "", fmt.Errorf("the two passwords differ")
	}
	if err := news.ValidPassword(first); err != nil {
		return "", fmt.Errorf("%s", cliMessage(err))
	}
	return first, nil
}

// cliMessage is the message of a domain error on the command line.
func cliMessage(err error) string {
	if news.ErrorCode(err) == news.EINTERNAL {
		return err.Error()
	}
	return news.ErrorMessage(err)
}

# shellcheck shell=bash
# A throwaway PostgreSQL cluster for tests and benchmarks: a fresh data
# directory in a temp dir, listening on 127.0.0.1 only, durability off
# for speed, trust auth. Sourced by scripts/test and scripts/pg after
# lib/apt.sh; defines functions only.
#
# After khabar_pg_start: KHABAR_PG_DIR, KHABAR_PG_PORT and KHABAR_PG_URL
# are set. khabar_pg_stop stops the server and removes the directory;
# it is safe to call more than once, and before khabar_pg_start.

KHABAR_PG_DIR=
KHABAR_PG_PORT=
KHABAR_PG_URL=
KHABAR_PG_BIN=
KHABAR_PG_PID=

# khabar_pg_ensure installs the postgresql package when no server
# binaries are found.
khabar_pg_ensure() {
	khabar_pg_find_bin && return 0
	khabar_apt_install postgresql
	khabar_pg_find_bin || {
		echo "postgresql is installed but initdb/pg_ctl/postgres were not found" >&2
		return 1
	}
}

# khabar_pg_find_bin sets KHABAR_PG_BIN to the server bin dir: the
# newest Debian one, else the one pg_config names or initdb sits in.
khabar_pg_find_bin() {
	local d
	KHABAR_PG_BIN=
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV) \
		"$(pg_config --bindir 2>/dev/null)" "$(dirname "$(command -v initdb 2>/dev/null || echo .)")"; do
		if [ -z "$KHABAR_PG_BIN" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
			KHABAR_PG_BIN=$d
		fi
	done
	[ -n "$KHABAR_PG_BIN" ]
}

# khabar_pg_run runs a server command as the cluster owner: postgres
# refuses to run as root, so root hands it to the postgres system user.
khabar_pg_run() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# khabar_pg_port_busy reports whether something listens on 127.0.0.1:$1.
khabar_pg_port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# khabar_pg_start [DBNAME] starts the cluster and creates DBNAME
# (default khabar_test). Ports are tried from 55432 upward, so several
# clusters (parallel runs) can live side by side.
khabar_pg_start() {
	local db=${1:-khabar_test} port started=
	khabar_pg_ensure
	local base=${TMPDIR:-/tmp}
	# The postgres user must reach the directory; root's TMPDIR may be private.
	[ "$(id -u)" -eq 0 ] && base=/tmp
	KHABAR_PG_DIR=$(mktemp -d "$base/khabar-pg.XXXXXX")
	chmod 700 "$KHABAR_PG_DIR"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$KHABAR_PG_DIR"
	fi

	khabar_log "initdb in $KHABAR_PG_DIR"
	if ! khabar_pg_run "$KHABAR_PG_BIN/initdb" -D "$KHABAR_PG_DIR/data" -U postgres \
		--auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync \
		>"$KHABAR_PG_DIR/initdb.log" 2>&1; then
		cat "$KHABAR_PG_DIR/initdb.log" >&2
		return 1
	fi
	khabar_pg_run tee -a "$KHABAR_PG_DIR/data/postgresql.conf" >/dev/null <<-CONF

		# khabar throwaway cluster
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$KHABAR_PG_DIR'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 200
	CONF
	khabar_pg_run tee "$KHABAR_PG_DIR/data/pg_hba.conf" >/dev/null <<-HBA
		local all all trust
		host  all all 127.0.0.1/32 trust
	HBA

	# The server runs as a child of this shell rather than daemonized by
	# pg_ctl, so it is reaped here even where PID 1 reaps nothing (containers).
	for port in $(seq 55432 55531); do
		khabar_pg_port_busy "$port" && continue
		khabar_pg_run "$KHABAR_PG_BIN/postgres" -D "$KHABAR_PG_DIR/data" -p "$port" \
			>"$KHABAR_PG_DIR/server.log" 2>&1 </dev/null &
		KHABAR_PG_PID=$!
		if khabar_pg_wait_ready "$port"; then
			started=1
			break
		fi
		khabar_pg_run "$KHABAR_PG_BIN/pg_ctl" -D "$KHABAR_PG_DIR/data" \
			-m immediate -w stop >/dev/null 2>&1 || true
		wait "$KHABAR_PG_PID" 2>/dev/null || true
		KHABAR_PG_PID=
		# Another run may take the port between the check and the start:
		# then the next port is tried; any other failure is final.
		grep -q 'could not create any TCP/IP sockets' "$KHABAR_PG_DIR/server.log" || break
	done
	if [ -z "$started" ]; then
		echo "could not start PostgreSQL; server log:" >&2
		cat "$KHABAR_PG_DIR/server.log" >&2 || true
		return 1
	fi
	KHABAR_PG_PORT=$port
	"$KHABAR_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
	KHABAR_PG_URL="postgres://postgres@127.0.0.1:$port/$db?sslmode=disable"
	khabar_log "PostgreSQL ready on 127.0.0.1:$port (database $db)"
}

# khabar_pg_wait_ready PORT waits up to 30s for the server to accept
# connections; it fails at once when the server has exited.
khabar_pg_wait_ready() {
	local i
	for i in $(seq 1 120); do
		kill -0 "$KHABAR_PG_PID" 2>/dev/null || return 1
		# Asked through our own socket directory, so that another cluster
		# which won the race for the port is not taken for ours.
		"$KHABAR_PG_BIN/pg_isready" -q -h "$KHABAR_PG_DIR" -p "$1" -U postgres && return 0
		sleep 0.25
	done
	echo "PostgreSQL on port $1 did not become ready in 30s" >&2
	return 1
}

# khabar_pg_stop stops the cluster and removes its directory.
khabar_pg_stop() {
	[ -n "$KHABAR_PG_DIR" ] || return 0
	if [ -n "$KHABAR_PG_PID" ]; then
		khabar_log "stopping PostgreSQL on port $KHABAR_PG_PORT"
		khabar_pg_run "$KHABAR_PG_BIN/pg_ctl" -D "$KHABAR_PG_DIR/data" \
			-m immediate -w stop >/dev/null 2>&1 || true
		wait "$KHABAR_PG_PID" 2>/dev/null || true
		KHABAR_PG_PID=
	fi
	rm -rf "$KHABAR_PG_DIR"
	KHABAR_PG_DIR=
}

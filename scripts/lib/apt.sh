# shellcheck shell=bash
# Installs Debian packages that are missing, and only those.
# Sourced by scripts/test and scripts/pg; defines functions only.

khabar_apt_updated=

# khabar_log prints a step of the run on stderr, so stdout stays for results.
khabar_log() { printf '==> %s\n' "$*" >&2; }

# khabar_as_root runs a command as root: directly when we are root,
# through sudo otherwise.
khabar_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "need root to run: $* (no sudo found)" >&2
		return 1
	fi
}

# khabar_apt_install PACKAGE... installs the given packages, running
# apt-get update once per run before the first install.
khabar_apt_install() {
	if [ -z "$khabar_apt_updated" ]; then
		khabar_log "apt-get update"
		khabar_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
		khabar_apt_updated=1
	fi
	khabar_log "apt-get install $*"
	khabar_as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

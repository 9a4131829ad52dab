# pcscd.sh - sourced by the PC/SC integration tests (pcsc-card.sh, pcsc-kiosk.sh), run from the
# repository root; in lib/ so tests/run-tests, which runs tests/integration/*.sh, never runs it.
# It gives them a private pcscd in its own mount and network namespace, so vpcd's TCP port is
# reachable only from there and never clashes with a system pcscd.
#
#	. tests/integration/lib/pcscd.sh
#	pcscd_enter "$@"       outside the namespaces: prints a SKIP and exits without root, pcscd,
#	                       unshare or vsmartcard-vpcd; else runs the script again inside new ones
#	pcscd_prepare PREFIX "MON VC PCSCD"
#	                       inside: $T (a fresh folder), $REPO, lo up, /run/pcscd bound to $T/run;
#	                       at exit the pids in the named variables are killed, in that order, and
#	                       $T is removed
#	pcscd_start [ARGS]     pcscd --foreground ARGS in the background ($PCSCD, log $T/pcscd.log);
#	                       waits (bounded) for its socket
#	pcscd_stop             stops it and waits (bounded) for the socket to go
#	check STATUS WHAT      one TAP line, numbered from $n
#	poll COND TENTHS       polls the shell condition COND up to TENTHS tenths of a second

pcscd_enter() {
	[ -n "${PCSCD_NS_INNER:-}" ] && return 0
	if [ "$(id -u)" != 0 ] || ! command -v pcscd >/dev/null || ! command -v unshare >/dev/null ||
		[ ! -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]; then
		echo "ok 1 - # SKIP needs root, pcscd, unshare and vsmartcard-vpcd"
		exit 0
	fi
	mkdir -p /run/pcscd
	PCSCD_NS_INNER=1 exec unshare --mount --net sh "$0" "$@"
}

pcscd_prepare() { # PREFIX PID-VARIABLES
	T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	REPO=$(pwd)
	PCSCD=""
	PCSCD_KILL=$2
	trap pcscd_cleanup EXIT
	ip link set lo up
	mkdir -p "$T/run"
	mount --bind "$T/run" /run/pcscd
}

pcscd_cleanup() {
	for v in $PCSCD_KILL; do
		eval "p=\${$v:-}"
		[ -n "$p" ] && kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	umount /run/pcscd 2>/dev/null
	rm -rf "$T"
}

pcscd_start() { # [pcscd flags...]
	pcscd --foreground "$@" >> "$T/pcscd.log" 2>&1 &
	PCSCD=$!
	poll '[ -S /run/pcscd/pcscd.comm ]' 50
}

pcscd_stop() {
	[ -n "$PCSCD" ] && kill "$PCSCD" 2>/dev/null && wait "$PCSCD" 2>/dev/null
	PCSCD=""
	poll '[ ! -S /run/pcscd/pcscd.comm ]' 30
}

n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
poll() { i=0; while ! eval "$1" && [ $i -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done; eval "$1"; }

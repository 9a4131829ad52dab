#!/bin/sh
# e2e-expiry.sh - card expiry on the Oman day, end to end: the real kiosk (headless), the sim card
# reader with the demo cards, the in-process network simulator and the fake clock started at
# 2031-01-01T19:59:59Z, running tests/e2e/expiry.script: the demo citizen card (expiry 2031-01-01)
# is accepted at 23:59:59 Oman time and refused as expired at 00:00 and 03:30 Oman time on
# 2 January (20:00Z and 23:30Z, when the UTC day is still 1 January). Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/script-tap.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/e2e-expiry.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=300
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

sim_conf "$T" KIOSK-EXPIRY-001
cat >> "$T/kiosk.conf" <<CONF
[clock]
backend = fake
fake_start_ms = 1925063999000
CONF
run_script "$T" tests/e2e/expiry.script
rc=$?
check "$rc" "the kiosk ran the expiry script and exited cleanly (status $rc)"

#!/bin/sh
# e2e-expiry.sh - card expiry on the Oman day, end to end: the real kiosk (headless), the sim card
# reader with the demo cards, the in-process network simulator and the fake clock started at
# 2031-01-01T19:59:59Z, running tests/e2e/expiry.script: the demo citizen card (expiry 2031-01-01)
# is accepted at 23:59:59 Oman time and refused as expired at 00:00 and 03:30 Oman time on
# 2 January (20:00Z and 23:30Z, when the UTC day is still 1 January). Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/e2e-expiry.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/receipts"
n=300
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

REPO=$(pwd)
cat > "$T/kiosk.conf" <<CONF
[kiosk]
id = KIOSK-EXPIRY-001
language = en
[display]
width = 720
height = 1280
font_dir = $REPO/assets/fonts-arabic
[card]
backend = sim
sim_cards = $REPO/assets/demo-cards
[printer]
backend = sim
device = receipts
[network]
backend = sim
[clock]
backend = fake
fake_start_ms = 1925063999000
[cache]
database = kiosk.db
CONF

"$B/kiosk" -c "$T/kiosk.conf" --headless --script tests/e2e/expiry.script --artifacts "$T" \
	> "$T/kiosk.out" 2> "$T/kiosk.log"
rc=$?
grep -E '^(not )?ok ' "$T/kiosk.out" | while IFS= read -r l; do
	case $l in
	"not ok"*) echo "not ok - script: ${l#not ok * - }" ;;
	*) echo "ok - script: ${l#ok * - }" ;;
	esac
done
check "$rc" "the kiosk ran the expiry script and exited cleanly (status $rc)"
[ "$rc" = 0 ] || sed 's/^/# kiosk: /' "$T/kiosk.log" | tail -n 20

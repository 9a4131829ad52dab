#!/bin/sh
# e2e-slice.sh - the whole kiosk, end to end: the real kiosk binary in a window on SDL's dummy
# video driver, the sim card reader with the demo cards, the sim printer writing PNG receipts,
# the outbox in a real SQLite file, and the ministry simulator over mutual-TLS HTTPS.
# Prints TAP: the script's own checks (tests/e2e/slice.script) and the checks below.
set -u
B=${KIOSK_BUILD:-build}
ART="$B/test-artifacts"
T=$(mktemp -d "${TMPDIR:-/tmp}/e2e.XXXXXX")
SIM_PID=""
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p "$ART" "$T/receipts"
n=100
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

./scripts/make-test-pki "$T/pki" KIOSK-E2E-001 >/dev/null || { echo "not ok - make-test-pki failed"; exit 1; }
"$B/ministry-sim" --port 0 --db "$T/ministry.db" --cert "$T/pki/server.pem" \
	--key "$T/pki/server.key" --ca "$T/pki/ca.pem" > "$T/sim.out" 2> "$T/sim.log" &
SIM_PID=$!
i=0; while ! grep -q 'listening on' "$T/sim.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
PORT=$(sed -n 's/.*listening on \([0-9]*\).*/\1/p' "$T/sim.out")
check "$([ -n "$PORT" ] && echo 0 || echo 1)" "ministry simulator started (port ${PORT:-none})"

REPO=$(pwd)
cat > "$T/kiosk.conf" <<CONF
[kiosk]
id = KIOSK-E2E-001
location = Test bench
language = ar
[display]
width = 720
height = 1280
font_dir = $REPO/assets/fonts-arabic
[card]
backend = sim
sim_cards = $REPO/assets/demo-cards
[printer]
backend = sim
profile = generic-80
device = receipts
[backend]
url = https://127.0.0.1:$PORT
ca_file = pki/ca.pem
client_cert = pki/client.pem
client_key = pki/client.key
timeout_ms = 5000
sync_interval_s = 1
[clock]
backend = fake
[cache]
database = kiosk.db
key_file = pki/data.key
[session]
idle_timeout_s = 90
idle_warning_s = 30
CONF

"$B/kiosk" -c "$T/kiosk.conf" --script tests/e2e/slice.script --artifacts "$ART" 2> "$T/kiosk.log"
rc=$?
check "$rc" "kiosk ran the script and exited cleanly (status $rc)"
[ "$rc" = 0 ] || sed 's/^/# kiosk: /' "$T/kiosk.log" | tail -n 30

count=$("$B/ministry-sim" --count --db "$T/ministry.db" 2>/dev/null)
check "$([ "$count" = 1 ] && echo 0 || echo 1)" "the ministry received exactly one transaction (got '$count')"

png=$(ls "$T/receipts"/*.png 2>/dev/null | head -n 1)
check "$([ -n "$png" ] && echo 0 || echo 1)" "the virtual printer wrote a receipt PNG"
[ -n "$png" ] && cp "$png" "$ART/receipt-e2e.png"
nrec=$(ls "$T/receipts"/*.png 2>/dev/null | wc -l)
check "$([ "$nrec" = 1 ] && echo 0 || echo 1)" "exactly one receipt printed (got $nrec)"

rows=$(sqlite3 "$T/kiosk.db" "SELECT count(*) || ':' || sum(state = 1) FROM outbox" 2>/dev/null)
check "$([ "$rows" = "1:1" ] && echo 0 || echo 1)" "the outbox holds one transaction, acknowledged (got '$rows')"
sealed=$(sqlite3 "$T/kiosk.db" "SELECT substr(payload, 1, 5) FROM outbox" 2>/dev/null)
check "$([ "$sealed" = "enc1:" ] && echo 0 || echo 1)" "its personal data is encrypted at rest (got '$sealed')"

for f in attract-ar attract-en welcome-en welcome-ar; do
	check "$([ -s "$ART/$f.png" ] && echo 0 || echo 1)" "screenshot $f.png saved"
done

pii=$(grep -c -E '90012345|Salim|سالم' "$T/kiosk.log" "$T/sim.log")
check "$(grep -q -E '90012345|Salim|سالم' "$T/kiosk.log" "$T/sim.log" && echo 1 || echo 0)" "no personal data in the logs"
: "$pii"

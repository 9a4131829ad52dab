#!/bin/sh
# e2e-slice.sh - the visit receipt end to end: the real kiosk binary in a window on SDL's dummy
# video driver, the sim card reader with the demo cards, the sim printer writing PNG receipts,
# the outbox in a real SQLite file, and the ministry simulator over mutual-TLS HTTPS, running
# tests/e2e/slice.script (PIN wrong then right, the home screen, the receipt printed and sent,
# the card out, then an idle session timed out). Then it checks what the person saw (the text
# dumps), what the ministry holds (its database and /admin/stats), and the printed receipt as
# another reader sees it: its QR code decoded from the PNG (zbarimg) and verified with
# kiosk-receipt against the kiosk's key. Prints TAP: the script's own checks and these.
set -u
B=${KIOSK_BUILD:-build}
ART="$B/test-artifacts"
REPO=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/e2e.XXXXXX")
SIM_PID=""
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p "$ART"
n=100
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
has() { grep -q -F -- "$2" "$ART/$1.txt" 2>/dev/null && echo 0 || echo 1; } # DUMP TEXT
hasnt() { grep -q -F -- "$2" "$ART/$1.txt" 2>/dev/null && echo 1 || echo 0; }
. tests/integration/lib/ministry.sh

ministry_start KIOSK-E2E-001
kiosk_conf "$T/kiosk.conf"
"$B/kiosk" -c "$T/kiosk.conf" --script tests/e2e/slice.script --artifacts "$ART" 2> "$T/kiosk.log"
rc=$?
check "$rc" "kiosk ran the script and exited cleanly (status $rc)"
[ "$rc" = 0 ] || sed 's/^/# kiosk: /' "$T/kiosk.log" | tail -n 30

# what the person saw
check "$(has attract-ar 'أدخل بطاقتك الشخصية')" "attract: 'insert your card' in Arabic"
check "$(has attract-en 'Insert your ID card')" "attract: and in English after the language button"
check "$(has pin-wrong-en 'Tries left: 2')" "a wrong PIN: the card's tries left, counted down"
check "$(has home-en 'Salim Khalfan Al Hinai')" "home: the person is greeted by name"
check "$(has home-en 'Visit receipt')" "home: the visit receipt is offered"
check "$(has welcome-ar 'سالم بن خلفان الهنائي')" "welcome (Arabic): the Arabic name from the card"
check "$(has welcome-ar '****2345')" "welcome: the civil number masked"
check "$(hasnt welcome-ar '90012345')" "welcome: never the whole civil number"
check "$(has result-ar 'تم إرسال طلبك')" "result (Arabic): sent"
check "$(has result-en 'Your request has been sent')" "result (English): sent"
check "$(has result-en 'proof of your visit')" "result: in the visit receipt's own words, as on the paper"
ref=$(sed -n 's/.*Reference: \([A-Z0-9-]*\).*/\1/p' "$ART/result-en.txt" | head -n 1)
mref=$(sed -n 's/.*Ministry reference: \([A-Z0-9-]*\).*/\1/p' "$ART/result-en.txt" | head -n 1)
check "$([ -n "$ref" ] && [ -n "$mref" ] && echo 0 || echo 1)" \
	"result: the kiosk's reference ($ref) and the ministry's ($mref)"
check "$(hasnt attract-after 'Salim')" "after the card is out: no name on the screen"
check "$(has idle-warn-ar 'هل ما زلت هنا؟')" "the idle warning, in the session's language"
check "$(has attract-idle 'Insert your ID card')" "after the idle timeout: the attract screen"

# what the ministry holds
count=$("$B/ministry-sim" --count --db "$T/ministry.db" 2>/dev/null)
check "$([ "$count" = 1 ] && echo 0 || echo 1)" "the ministry received exactly one transaction (got '$count')"
signins=$(ministry_stat signin_requests)
check "$([ "$signins" = 2 ] && echo 0 || echo 1)" \
	"the ministry confirmed two sign-ins, one per session (got '$signins')"
dups=$(ministry_stat duplicates)
check "$([ "$dups" = 0 ] && echo 0 || echo 1)" "and no transaction twice (duplicates '$dups')"

# the printed receipt, read by another reader
png=$(ls "$T/receipts"/*.png 2>/dev/null | head -n 1)
nrec=$(ls "$T/receipts"/*.png 2>/dev/null | wc -l)
check "$([ "$nrec" = 1 ] && echo 0 || echo 1)" "exactly one receipt printed (got $nrec)"
[ -n "$png" ] && cp "$png" "$ART/receipt-e2e.png"
qr=$([ -n "$png" ] && receipt_qr "$png")
check "$([ -n "$qr" ] && echo 0 || echo 1)" "the receipt's QR code decodes (zbarimg)"
"$B/kiosk-receipt" verify -k "$T/pki/receipt.pub" "$qr" > "$T/verify.out" 2>&1
vrc=$?
check "$vrc" "kiosk-receipt verifies its signature with the kiosk's public key"
check "$(grep -q "^reference  $ref\$" "$T/verify.out" && echo 0 || echo 1)" \
	"the QR carries the reference on the screen ($ref)"
check "$(grep -q '^status     SUBMITTED' "$T/verify.out" && echo 0 || echo 1)" \
	"the QR says SUBMITTED, as the screen did"
check "$(grep -q '^type       visit-receipt' "$T/verify.out" && echo 0 || echo 1)" \
	"the QR names the service"
[ "$vrc" = 0 ] || sed 's/^/# verify: /' "$T/verify.out"

# the kiosk's own store
rows=$(sqlite3 "$T/kiosk.db" "SELECT count(*) || ':' || sum(state = 1) FROM outbox" 2>/dev/null)
check "$([ "$rows" = "1:1" ] && echo 0 || echo 1)" "the outbox holds one transaction, acknowledged (got '$rows')"
sealed=$(sqlite3 "$T/kiosk.db" "SELECT substr(payload, 1, 5) FROM outbox" 2>/dev/null)
check "$([ "$sealed" = "enc1:" ] && echo 0 || echo 1)" "its personal data is encrypted at rest (got '$sealed')"

for f in attract-ar attract-en welcome-en welcome-ar result-ar idle-warn-ar; do
	check "$([ -s "$ART/$f.png" ] && echo 0 || echo 1)" "screenshot $f.png saved"
done
check "$(grep -q -E '90012345|Salim|سالم' "$T/kiosk.log" "$T/sim.log" && echo 1 || echo 0)" \
	"no civil number, name or PIN in the logs"

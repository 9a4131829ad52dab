#!/bin/sh
# e2e-signin.sh - sign-in with roles, end to end through the real parts: a private pcscd in its
# own namespaces with vpcd and build/virtual-card holding a demo card, the kiosk (headless,
# [card] backend = pcsc) reading it and verifying the PIN on the card, the ministry simulator
# over mutual-TLS HTTPS confirming the identity and naming the roles, the sim printer. One run
# per person (tests/e2e/signin-*.script): a citizen, an expatriate worker (and their permit), a
# representative of one establishment (and its quotas), of three (one chosen first), a person
# with no role, and the employer again with the ministry unreachable (the refused service, a
# visit receipt QUEUED). Each screen is checked in Arabic and in English through its text dump;
# then what the simulator counted, and the offline receipt's QR. Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/pcscd.sh
. tests/integration/lib/script-tap.sh
pcscd_enter "$@"

VC=""
SIM_PID=""
pcscd_prepare e2e-signin "SIM_PID VC PCSCD"
n=400
. tests/integration/lib/ministry.sh
ART="$B/test-artifacts/signin"
mkdir -p "$ART"

pcscd_start
ministry_start KIOSK-SIGNIN-001
kiosk_conf "$T/kiosk.conf" "" pcsc
# nothing listens on port 9 (discard) in this network namespace: the ministry is unreachable
kiosk_conf "$T/offline.conf" "https://127.0.0.1:9" pcsc

# run NAME CARD CONF: the kiosk with tests/e2e/signin-NAME.script, the demo card CARD in the
# virtual reader; one TAP line for the run, the script's failures as comments
run() {
	"$B/virtual-card" --profiles drivers/card/profiles "assets/demo-cards/$2.card" \
		> /dev/null 2>> "$T/vc.log" &
	VC=$!
	"$B/kiosk" -c "$3" --headless --script "tests/e2e/signin-$1.script" --artifacts "$ART" \
		> "$T/$1.out" 2>> "$T/kiosk.log"
	rc=$?
	kill "$VC" 2>/dev/null; wait "$VC" 2>/dev/null; VC=""
	bad=$(grep -c '^not ok' "$T/$1.out")
	check "$([ $rc = 0 ] && [ "$bad" = 0 ] && echo 0 || echo 1)" \
		"$1 ($2): the kiosk ran its script through pcscd and the ministry (status $rc)"
	[ "$bad" = 0 ] || grep '^not ok' "$T/$1.out" | sed 's/^/# /'
	"$B/kiosk-cardtool" --wait-ms 5000 wait-removed > /dev/null 2>&1
}

run citizen 01-citizen "$T/kiosk.conf"
check "$(has citizen-home-ar 'مرحباً، سالم بن خلفان الهنائي')" "citizen: greeted by the Arabic name"
check "$(has citizen-home-en 'Salim Khalfan Al Hinai')" "citizen: and the English one"
check "$(has citizen-home-en 'Visit receipt')" "citizen: the visit receipt is offered"
check "$(hasnt citizen-home-en 'My labour record')" "citizen: no worker's service"
check "$(hasnt citizen-home-en 'Labour licences')" "citizen: no employer's service"

run worker 02-resident "$T/kiosk.conf"
check "$(has worker-home-en 'My labour record')" "worker: the labour record is offered"
check "$(hasnt worker-home-en 'Labour licences')" "worker: no employer's service"
check "$(has worker-home-ar 'سجلي العمالي')" "worker: in Arabic too"
check "$(has worker-permit-en 'WP-700001')" "worker: the permit number from the ministry"
check "$(has worker-permit-en 'Al Noor Trading LLC')" "worker: the employer's English name"
check "$(has worker-permit-ar 'شركة النور للتجارة')" "worker: and its Arabic name"
check "$(has worker-permit-en 'Valid')" "worker: the permit's status"
check "$(has worker-permit-en '4 April 2028')" "worker: its expiry, written as people write it"
check "$(has worker-permit-ar '4 أبريل 2028')" "worker: and in Arabic"

run employer 03-employer "$T/kiosk.conf"
check "$(has employer-home-en 'Al Noor Trading LLC')" "employer: on behalf of the one establishment"
check "$(has employer-home-en 'Labour licences')" "employer: the licences are offered"
check "$(hasnt employer-home-en 'My labour record')" "employer: no worker's service"
check "$(has employer-licences-en 'LL-2024-0001')" "employer: its licence from the ministry"
check "$(has employer-quotas-en 'authorised 4 · applications 1 · approved 0 · used 2 · remaining 1 (open)')" \
	"employer: a profession's quota: authorised, applications, approved, used, remaining"
check "$(has employer-quotas-ar 'المصرّح 4 · الطلبات 1 · الموافق عليها 0 · المستخدم 2 · المتبقي 1 (متاح)')" "employer: and in Arabic"
check "$(has employer-quotas-en 'remaining 0 (full)')" "employer: a full profession says so"

run employer3 04-employer3 "$T/kiosk.conf"
for cr in 1000002 1000003 1000004; do
	check "$(has employer3-pick-en "$cr")" "employer of three: establishment $cr offered first"
done
check "$(has employer3-pick-ar 'صحار للأسماك')" "employer of three: the names in Arabic"
check "$(has employer3-home-en 'Sohar Fisheries SAOC')" "employer of three: on behalf of the chosen one"
check "$(has employer3-home-en 'Change establishment')" "employer of three: which can be changed"
check "$(has employer3-licences-en 'LL-')" "employer of three: the other one's licences after the change"

run norole 05-norole "$T/kiosk.conf"
check "$(has norole-en 'We have no services for you here')" "no role: a screen that says so"
check "$(has norole-en 'Sanad service centre')" "no role: and where to go"
check "$(has norole-ar 'مراكز سند')" "no role: in Arabic too"
check "$(hasnt norole-en 'Visit receipt')" "no role: no service offered"

s_signin=$(ministry_stat signin_requests)
s_worker=$(ministry_stat worker_record_v2_requests)
s_lic=$(ministry_stat establishment_licences_v2_requests)
check "$([ "$s_signin" = 5 ] && echo 0 || echo 1)" "the ministry confirmed five identities (got '$s_signin')"
check "$([ "$s_worker" = 1 ] && echo 0 || echo 1)" "it was asked for one labour record (got '$s_worker')"
check "$([ "${s_lic:-0}" -ge 2 ] && echo 0 || echo 1)" \
	"and for the licences of two establishments (got '$s_lic')"

rm -f "$T/receipts"/*.png
run offline 03-employer "$T/offline.conf"
check "$(has offline-home-en 'Visit receipt')" "offline: what works offline is offered"
check "$(has offline-home-en 'disabled: My labour record | Needs a connection')" "offline: what needs the ministry is marked"
check "$(has offline-refused-en 'needs a connection to the ministry')" \
	"offline: the refused service says it needs the ministry"
check "$(has offline-refused-en 'Sanad service centre')" "offline: and where else to go"
check "$(hasnt offline-refused-en 'out of service')" "offline: not 'out of service'"
check "$(has offline-result-en 'will be sent')" "offline: the receipt is queued, said on the screen"
check "$(has offline-mine-en 'Visit receipt')" "offline: my receipts works, and lists it"
check "$(has offline-mine-en 'Not yet sent')" "offline: as not yet sent"
qr=$(receipt_qr "$(ls "$T/receipts"/*.png 2>/dev/null | head -n 1)")
"$B/kiosk-receipt" verify -k "$T/pki/receipt.pub" "$qr" > "$T/verify.out" 2>&1
check "$(grep -q '^status     QUEUED' "$T/verify.out" && echo 0 || echo 1)" \
	"offline: the paper says QUEUED, as the screen does"
q=$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM outbox WHERE state = 0" 2>/dev/null)
check "$([ "$q" = 1 ] && echo 0 || echo 1)" "offline: the transaction waits in the outbox (got '$q')"
check "$([ "$(ministry_stat signin_requests)" = 5 ] && echo 0 || echo 1)" \
	"offline: the ministry heard nothing"

check "$(grep -q -E '90012345|71234567|90023456|90034567|71299999|Salim|Rajesh|Maryam|سالم' \
	"$T/kiosk.log" "$T/sim.log" "$T/vc.log" && echo 1 || echo 0)" "no civil number or name in the logs"

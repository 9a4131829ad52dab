#!/bin/sh
# e2e-records.sh - the ministry's records at the kiosk, end to end through the real parts: a
# private pcscd with vpcd and build/virtual-card holding a demo card, the kiosk (headless,
# [card] backend = pcsc) verifying the PIN on the card, the ministry simulator over mutual-TLS
# HTTPS, the sim printer writing each receipt as a PNG. One run per person
# (tests/e2e/records-*.script): a worker's labour record, its statement, a copy from "my
# receipts" and who looked at the record; older permits; an absence report open and passed;
# an employer's licence of eleven professions and one with none; "check my PIN" and a blocked
# PIN's slip; a receipt committed just before a power cut, found and copied after it; another
# person's receipt and one past the retention refused. What a person sees is checked in the
# text dumps (Arabic and English); each receipt is read back as another reader would: its QR
# decoded (zbarimg) and verified (kiosk-receipt), its English text read by OCR (tesseract).
# Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/pcscd.sh
. tests/integration/lib/script-tap.sh
pcscd_enter "$@"

VC=""
SIM_PID=""
KPID=""
pcscd_prepare e2e-records "SIM_PID VC PCSCD KPID"
n=0
. tests/integration/lib/ministry.sh
ART="$B/test-artifacts/records"
rm -rf "$ART"
mkdir -p "$ART"

pcscd_start
ministry_start KIOSK-REC-001
kiosk_conf "$T/kiosk.conf" "" pcsc
# the kiosk's day is the simulator's (its data is relative to today): the fake clock starts now
sed -i "s/^backend = fake$/backend = fake\nfake_start_ms = $(($(date +%s) * 1000))/" "$T/kiosk.conf"

card_in() { # CARD: the demo card into the virtual reader
	"$B/virtual-card" --profiles drivers/card/profiles "assets/demo-cards/$1.card" \
		> /dev/null 2>> "$T/vc.log" &
	VC=$!
}
card_out() {
	[ -n "$VC" ] && kill "$VC" 2>/dev/null && wait "$VC" 2>/dev/null
	VC=""
	"$B/kiosk-cardtool" --wait-ms 5000 wait-removed > /dev/null 2>&1
}
kiosk_bg() { # SCRIPT: the kiosk in the background with tests/e2e/SCRIPT ($KPID)
	"$B/kiosk" -c "$T/kiosk.conf" --headless --script "$1" --artifacts "$ART" \
		> "$T/$(basename "$1").out" 2>> "$T/kiosk.log" &
	KPID=$!
}
kiosk_done() { # SCRIPT WHAT: waits for the kiosk, one TAP line for the run
	wait "$KPID"
	rc=$?
	KPID=""
	out="$T/$(basename "$1").out"
	bad=$(grep -c '^not ok' "$out")
	check "$([ $rc = 0 ] && [ "$bad" = 0 ] && echo 0 || echo 1)" "$2 (status $rc)"
	[ "$bad" = 0 ] || grep '^not ok' "$out" | sed 's/^/# /'
}
run() { # NAME CARD WHAT: the card in, the kiosk with records-NAME.script
	card_in "$2"
	kiosk_bg "tests/e2e/records-$1.script"
	kiosk_done "records-$1.script" "$3"
	card_out
}
wait_file() { # PATH: up to 20 s
	i=0
	while [ ! -e "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
}
receipts() { ls "$T/receipts"/receipt-*.png 2>/dev/null; }
ocr() { # PNG: the receipt's text as a reader sees it (English: the OCR reads Latin reliably)
	tesseract "$1" - -l eng 2>/dev/null | tr -s ' \n' ' '
}
reads() { # OCR-TEXT WORDS: 0 when every word is in the text
	for w in $2; do
		printf '%s' "$1" | grep -q -F -- "$w" || { echo 1; return; }
	done
	echo 0
}
verify() { # PNG: kiosk-receipt's verdict on its QR into $T/verify.out
	qr=$(receipt_qr "$1")
	"$B/kiosk-receipt" verify -k "$T/pki/receipt.pub" "$qr" > "$T/verify.out" 2>&1
}
vfield() { sed -n "s/^$1 *//p" "$T/verify.out"; }

rm -f "$T/receipts"/*

# ---- the worker: record, statement, copy, access log ---------------------------------------
run worker 02-resident "worker: the labour record, its statement, a copy and the access log"
check "$(has rw-home-ar 'سجلي العمالي')" "worker: the labour record is offered"
check "$(has rw-home-ar 'إيصالاتي')" "worker: my receipts is offered"
check "$(has rw-home-ar 'من اطّلع على سجلي')" "worker: who looked at my record is offered"
check "$(has rw-permit-en 'WP-700001')" "record: the permit number"
check "$(has rw-permit-en 'Al Noor Trading LLC')" "record: the employer in English"
check "$(has rw-permit-ar 'شركة النور للتجارة')" "record: and in Arabic"
check "$(has rw-permit-en 'Shop sales assistants')" "record: the profession's title"
check "$(has rw-permit-en '5223')" "record: its ISCO-08 code"
check "$(has rw-permit-en 'Valid')" "record: the permit's status"
check "$(hasnt rw-permit-en 'button link: Older permits')" "record: no older permits, no button to them"
check "$(has rw-movements-en 'Muscat International Airport')" "record: the port of the latest arrival"
check "$(has rw-movements-ar 'مطار مسقط الدولي')" "record: in Arabic"
check "$(has rw-movements-en 'Latest departure')" "record: the latest departure"
check "$(has rw-movements-en 'Not due yet')" "record: the renewal status"
check "$(has rw-contract-en '325.000')" "record: the contract's basic wage"
check "$(has rw-contract-ar 'ر.ع.')" "record: in rials in Arabic"
check "$(has rw-statement-en 'button next: Print a statement')" "record: a statement can be printed"
check "$(has rw-result-en 'Reference: KIOSK-REC-001-000001-')" "record: the statement's reference"
ref=$(sed -n 's/.*Reference: \(KIOSK-REC-001-[0-9]*-[0-9]\).*/\1/p' "$ART/rw-result-en.txt" | head -n 1)
set -- $(receipts)
check "$([ $# = 3 ] && echo 0 || echo 1)" "worker: three papers printed: statement, copy, access list (got $#)"
st=${1:-none} cp=${2:-none} ac=${3:-none}
verify "$st"
check "$([ "$(vfield signature)" = GOOD ] && [ "$(vfield reference)" = "$ref" ] && echo 0 || echo 1)" \
	"statement: its QR verifies, with the reference on the screen ($ref)"
check "$([ "$(vfield type)" = worker-record ] && [ "$(vfield status)" = SUBMITTED ] && echo 0 || echo 1)" \
	"statement: a worker-record, SUBMITTED as the screen said"
text=$(ocr "$st")
check "$(reads "$text" 'Labour record statement WP-700001 Noor 325.000 SUBMITTED')" \
	"statement: the paper says what the screen did (OCR)"
check "$(printf '%s' "$text" | grep -q COPY && echo 1 || echo 0)" "statement: the first print is no copy"
check "$(has rw-mine-en "$ref")" "my receipts: the statement is listed by its reference"
check "$(has rw-mine-ar 'سجلي العمالي')" "my receipts: in Arabic"
check "$(has rw-confirm-en 'COPY')" "my receipts: the copy is said to be marked"
verify "$cp"
check "$([ "$(vfield signature)" = GOOD ] && [ "$(vfield reference)" = "$ref" ] && echo 0 || echo 1)" \
	"copy: its QR still verifies, the same reference"
text=$(ocr "$cp")
check "$(reads "$text" 'COPY Labour record statement WP-700001 printed')" \
	"copy: marked COPY with the time of the copy (OCR)"
check "$(has rw-access1-en 'Page 1 of 3')" "access log: paged (10 entries, 4 a page)"
check "$([ "$(grep -c ' · ' "$ART/rw-access1-en.txt")" = 4 ] && echo 0 || echo 1)" "access log: the four entries of the page all on the screen"
check "$(has rw-access1-en '10 entries')" "access log: the total said"
check "$(has rw-access2-en 'Page 2 of 3')" "access log: the second page asked for"
for w in Employer 'Sanad centre' 'Ministry office' 'Recruitment agency' 'Royal Oman Police'; do
	grep -q -F "$w" "$ART/rw-access1-en.txt" "$ART/rw-access2-en.txt" ||
		{ check 1 "access log: an entry by a $w"; continue; }
	check 0 "access log: an entry by a $w"
done
check "$(has rw-access2-ar 'الصفحة 2 من 3')" "access log: in Arabic"
verify "$ac"
check "$([ "$(vfield type)" = access-log ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"access list: printed with a QR that verifies"
text=$(ocr "$ac")
check "$(reads "$text" 'Record access statement 10 entries')" "access list: the paper (OCR)"
check "$([ "$(ministry_stat access_log_requests)" = 3 ] && echo 0 || echo 1)" \
	"access log: two pages and the printed list asked of the ministry, one page at a time"

run many 19-accesslog "access log of 5,000 entries: paged by the ministry"
check "$(has rm-page1-en 'Page 1 of 1250')" "5,000 entries: 1250 pages of 4"
check "$(has rm-page1-en '5000 entries')" "5,000 entries: the total said"
check "$(has rm-page2-en 'Page 2 of 1250')" "5,000 entries: the next page asked for"

# ---- older permits, absence reports -------------------------------------------------------
run history 08-history "history: the older permits"
check "$(has rh-permit-en 'button link: Older permits')" "history: older permits behind a button"
check "$(has rh-history-en 'WP-650033')" "history: an older permit"
check "$(has rh-history-en 'WP-600031')" "history: the oldest one"
check "$(has rh-history-ar 'صحار للأسماك')" "history: its employer in Arabic"
run absent 14-absent-open "absence report: the deadline open"
check "$(has ra-absence-en '50 days left to object')" "absence: the days left to object, counted"
check "$(has ra-absence-ar 'للتظلم')" "absence: in Arabic"
run passed 15-absent-passed "absence report: the deadline passed"
check "$(has rp-absence-en 'The deadline passed on')" "absence: a passed deadline says when"
check "$(has rp-absence-en 'ministry office')" "absence: and where to go"

# ---- an objection to the absence report -----------------------------------------------------
rm -f "$T/receipts"/*
run objection 14-absent-open "objection: the report, a reason, words, the check, sent"
check "$(has ob-report-en '50 days left to object')" "objection: the days left"
check "$(has ob-reason-en 'My wages were not paid')" "objection: the reasons from the ministry's list"
check "$(has ob-check-en 'late pay')" "objection: the words typed, checked before sending"
check "$(has ob-check-ar 'لم تُدفع أجوري')" "objection: in Arabic"
check "$(has ob-result-en 'Your objection has reached the ministry')" "objection: received"
o=$(sqlite3 "$T/ministry.db" "SELECT reason || '|' || details FROM objections WHERE civil_number = '71200009'")
check "$([ "$o" = 'unpaid|late pay' ] && echo 0 || echo 1)" "objection: the ministry holds it with its reason and words (got '$o')"
set -- $(receipts)
verify "${1:-none}"
check "$([ "$(vfield type)" = absence-objection ] && [ "$(vfield status)" = SUBMITTED ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"objection: its receipt's QR verifies, SUBMITTED"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'Objection to an absence report wages late pay')" "objection: the paper (OCR)"
run objection2 14-absent-open "objection again: refused by the ministry"
check "$(has ob2-result-en 'did not accept')" "objection again: the screen says it was not accepted"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM objections WHERE civil_number = '71200009'")
check "$([ "$o" = 1 ] && echo 0 || echo 1)" "objection again: still one at the ministry (got '$o')"
run objection3 15-absent-passed "objection after the deadline: refused at the kiosk"
check "$(has ob3-passed-en 'ministry office')" "objection after the deadline: where to go"
check "$(has ob3-passed-ar 'انتهى موعد التظلم')" "objection after the deadline: in Arabic"

# ---- the employer -------------------------------------------------------------------------
rm -f "$T/receipts"/*
run employer 17-employer-batinah "employer: eleven professions, totals, statement, a licence with none"
check "$(has re-licences-en 'LL-2025-0007')" "employer: the licence"
check "$(has re-licences-en 'Expired')" "employer: an expired licence said so"
check "$(has re-quotas1-en 'Page 1 of 3')" "quotas: eleven professions on three pages"
check "$([ "$(grep -c '· authorised' "$ART/re-quotas1-en.txt")" = 4 ] && echo 0 || echo 1)" "quotas: the four professions of the page all on the screen"
check "$(has re-quotas1-en '(full)')" "quotas: a full profession"
check "$(grep -q -F '(over quota)' "$ART/re-quotas1-en.txt" "$ART/re-quotas2-en.txt" && echo 0 || echo 1)" \
	"quotas: a profession over quota"
check "$(has re-quotas1-ar 'المصرّح')" "quotas: in Arabic"
check "$(has re-quotas2-ar 'الصفحة 2 من 3')" "quotas: the second page"
check "$(has re-totals-en '45')" "totals: the places authorised (45)"
check "$(has re-totals-en 'Visa applications approved')" "totals: the visa applications approved"
check "$(has re-est-en 'Hotels and restaurants')" "establishment: its sector"
check "$(has re-est-en 'Omanisation')" "establishment: the Omanisation"
check "$(has re-est-en '45%')" "establishment: its percentage"
check "$(has re-est-en '40%')" "establishment: against the sector's requirement"
check "$(has re-est-ar 'نسبة التعمين')" "establishment: in Arabic"
check "$(has re-empty-en 'This licence has no quota')" "a licence with no professions says so"
set -- $(receipts)
verify "${1:-none}"
check "$([ "$(vfield type)" = establishment-licences ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"licence statement: its QR verifies"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'Licence and quota statement LL-2025-0007 Omanisation')" \
	"licence statement: the paper (OCR)"

# ---- work permit renewals: online, then with the link gone after the list -------------------
rm -f "$T/receipts"/*
run renewal 03-employer "renewals: the range, fees and a fine, two chosen, sent, one receipt"
check "$(has rn-range-ar '90 يومًا')" "renewals: the ranges, in Arabic"
check "$(has rn-workers-en 'WP-700013')" "renewals: an expired permit is listed"
check "$(has rn-workers-en 'OMR 111.000')" "renewals: its fee with one month's late fine (101.000 + 10.000)"
check "$(has rn-workers-en 'OMR 301.000')" "renewals: a category A fee"
check "$(has rn-workers-en 'disabled unselected')" "renewals: a permit already submitted cannot be chosen"
check "$(has rn-workers-en 'already requested')" "renewals: and says why"
check "$(has rn-workers-ar 'اختر العمال')" "renewals: in Arabic"
check "$(has rn-chosen-en '2 chosen')" "renewals: two chosen"
check "$(has rn-chosen-en 'OMR 412.000')" "renewals: the running total"
check "$(has rn-check-en 'OMR 412.000')" "renewals: the check says the total"
check "$(has rn-check-ar 'غرامة التأخير')" "renewals: the check in Arabic, with the fine"
check "$(has rn-result-en '2 sent')" "renewals: both sent"
check "$(has rn-result-en 'payment code on your receipt')" "renewals: where to pay"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM renewals WHERE permit_no IN ('WP-700013', 'WP-700012')")
check "$([ "$o" = 2 ] && echo 0 || echo 1)" "renewals: the ministry holds one request per worker (got '$o')"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM workers WHERE permit_no IN ('WP-700013', 'WP-700012') AND permit_expires > date('now', '+4 hours', '+700 days')")
check "$([ "$o" = 2 ] && echo 0 || echo 1)" "renewals: both permits now expire two years on (got '$o')"
set -- $(receipts)
verify "${1:-none}"
check "$([ "$(vfield type)" = permit-renewal ] && [ "$(vfield status)" = SUBMITTED ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"renewals: the receipt's QR verifies, SUBMITTED"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'Work permit renewals WP-700013 WP-700012 MOL- 412.000')" \
	"renewals: one paper, each worker with the ministry's reference, the total (OCR)"
pay=$(pay_qr "${1:-none}")
page=$(ministry_get "$pay")
check "$(printf '%s' "$page" | grep -q '"total_baisa": *412000' && echo 0 || echo 1)" \
	"renewals: the payment QR opens the ministry's page for the total ($pay)"

rm -f "$T/receipts"/*
touch "$T/hold"
sed "s|@HOLD@|$T/hold|" tests/e2e/records-renewal2.script.in > "$T/records-renewal2.script"
card_in 03-employer
kiosk_bg "$T/records-renewal2.script"
wait_file "$ART/rn2-check-en.txt"
ministry_post /admin/faults '{"fail_pct":100}' > /dev/null
rm -f "$T/hold"
kiosk_done records-renewal2.script "renewal offline: the link gone after the list, the request queued"
card_out
check "$(hasnt rn2-workers-en 'WP-700013')" "renewed permits are no longer due"
check "$(has rn2-result-en 'saved on this kiosk')" "renewal offline: the screen says it waits to be sent"
set -- $(receipts)
verify "${1:-none}"
vref=$(vfield reference)
check "$(grep -q '^status *QUEUED' "$T/verify.out" && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"renewal offline: the paper says QUEUED, its QR verifies"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'QUEUED WP-700002')" "renewal offline: the paper lists the worker as queued (OCR)"
l=$(ministry_post /v1/receipts/lookup "{\"reference\":\"$vref\"}")
check "$(printf '%s' "$l" | grep -q 'not_yet_received' && echo 0 || echo 1)" \
	"renewal offline: the ministry does not know its reference yet"
ministry_post /admin/faults '{"fail_pct":0}' > /dev/null
touch "$T/hold"
sed "s|@HOLD@|$T/hold|" tests/e2e/records-drain.script.in > "$T/records-drain.script"
kiosk_bg "$T/records-drain.script" # the link is back: the kiosk sends what waits
i=0
while [ "$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM renewals WHERE permit_no = 'WP-700002'")" != 1 ] && [ $i -lt 250 ]; do
	sleep 0.1
	i=$((i + 1))
done
rm -f "$T/hold"
kiosk_done records-drain.script "renewal offline: the kiosk back online, nobody at it"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM workers WHERE permit_no = 'WP-700002' AND permit_expires > date('now', '+4 hours', '+700 days')")
check "$([ "$o" = 1 ] && echo 0 || echo 1)" "renewal offline: sent once the link is back, the permit renewed (got '$o')"
l=$(ministry_post /v1/receipts/lookup "{\"reference\":\"$vref\"}")
check "$(printf '%s' "$l" | grep -q '"received"' && echo 0 || echo 1)" \
	"renewal offline: the QUEUED receipt's reference now resolves at the ministry"

# ---- transfer of a worker's services: declined, agreed, asked again -------------------------
transfer_run() { # NAME WHAT: the employer's card, swapped for the worker's when asked
	rm -f "$T/receipts"/*
	card_in 17-employer-batinah
	kiosk_bg "tests/e2e/records-$1.script"
	wait_file "$ART/$2-remove-en.txt"
	card_out
	card_in 16-transfer
	kiosk_done "records-$1.script" "$3"
	card_out
}
wp=$(sqlite3 "$T/ministry.db" "SELECT permit_no FROM workers WHERE civil_number = '71200011' ORDER BY permit_expires DESC LIMIT 1")
used0=$(sqlite3 "$T/ministry.db" "SELECT q.used FROM quotas q JOIN labour_licences l ON l.licence_no = q.licence_no JOIN workers w ON w.isco = q.isco WHERE l.establishment = '1000005' AND l.state = 'active' AND w.permit_no = '$wp'")
transfer_run transfer tr "transfer: the worker does not agree, two papers"
check "$(has tr-case-en 'Al Batinah Hospitality')" "transfer: the case names the new employer"
check "$(has tr-case-ar 'طلب النقل')" "transfer: in Arabic"
check "$(has tr-rules-en 'place in its quota')" "transfer: the ministry's rules shown"
check "$(has tr-rules-en 'Passed')" "transfer: each passed"
check "$(has tr-rules-ar 'ناجح')" "transfer: in Arabic"
check "$(has tr-remove-en 'worker to insert their card')" "transfer: the worker is asked for their card"
check "$(has tr-consent-en 'Do you agree')" "transfer: the worker is asked to agree, after their PIN"
o=$(sqlite3 "$T/ministry.db" "SELECT decision FROM transfer_requests WHERE civil_number = '71200011'")
check "$([ "$o" = declined ] && echo 0 || echo 1)" "transfer declined: the ministry has the refusal (got '$o')"
o=$(sqlite3 "$T/ministry.db" "SELECT establishment FROM workers WHERE permit_no = '$wp'")
check "$([ "$o" != 1000005 ] && echo 0 || echo 1)" "transfer declined: the worker has not moved ($o)"
set -- $(receipts)
check "$([ $# = 2 ] && echo 0 || echo 1)" "transfer declined: two papers ($#)"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'Transfer Copy Did not agree')" "transfer declined: the paper says the worker did not agree (OCR)"

transfer_run transfer2 tr2 "transfer: the worker agrees, two papers"
check "$(has tr2-result-en 'decides on the transfer')" "transfer agreed: the ministry has it"
o=$(sqlite3 "$T/ministry.db" "SELECT establishment FROM workers WHERE permit_no = '$wp'")
check "$([ "$o" = 1000005 ] && echo 0 || echo 1)" "transfer agreed: the worker moved to the new employer (got '$o')"
used1=$(sqlite3 "$T/ministry.db" "SELECT q.used FROM quotas q JOIN labour_licences l ON l.licence_no = q.licence_no JOIN workers w ON w.isco = q.isco WHERE l.establishment = '1000005' AND l.state = 'active' AND w.permit_no = '$wp'")
check "$([ -n "$used0" ] && [ "$used1" = $((used0 + 1)) ] && echo 0 || echo 1)" \
	"transfer agreed: one place of the new employer's quota used ($used0 -> $used1)"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM transfer_requests WHERE civil_number = '71200011' AND decision = 'agreed'")
check "$([ "$o" = 1 ] && echo 0 || echo 1)" "transfer agreed: one request at the ministry (got '$o')"
set -- $(receipts)
check "$([ $# = 2 ] && echo 0 || echo 1)" "transfer agreed: two papers ($#)"
verify "${1:-none}"
check "$([ "$(vfield type)" = service-transfer ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"transfer agreed: the receipt's QR verifies"
text=$(ocr "${2:-none}")
check "$(reads "$text" 'Copy worker Agreed')" "transfer agreed: the worker's copy says they agreed (OCR)"

card_in 17-employer-batinah
kiosk_bg tests/e2e/records-transfer3.script
kiosk_done records-transfer3.script "transfer asked again: refused by the rules"
card_out
check "$(has tr3-refused-en 'cannot go ahead')" "transfer again: not eligible, said so"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM transfer_requests WHERE civil_number = '71200011' AND decision = 'agreed'")
check "$([ "$o" = 1 ] && echo 0 || echo 1)" "transfer again: still one at the ministry (got '$o')"

ministry_post /admin/eligibility-extra '{}' > /dev/null # the next answer: a rule unknown here
card_in 17-employer-batinah
kiosk_bg tests/e2e/records-transfer4.script
kiosk_done records-transfer4.script "transfer with a rule the kiosk does not know: stopped here"
card_out
check "$(has tr4-rules-en 'A check this kiosk does not know')" "transfer: an unknown rule is shown as such"
check "$(has tr4-refused-en 'does not know')" "transfer: and it cannot be made here, said why"
o=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM transfer_requests WHERE civil_number = '71200002'")
check "$([ "$o" = 0 ] && echo 0 || echo 1)" "transfer with an unknown rule: nothing at the ministry (got '$o')"

# ---- a citizen registers as a job seeker -----------------------------------------------------
rm -f "$T/receipts"/*
run jobseeker 01-citizen "job seeker: education, occupations found by typing, place, mobile, registered"
check "$(has js-education-ar 'دبلوم التعليم العام')" "job seeker: the education levels, in Arabic"
check "$(has js-nomatch-en 'No occupation matches')" "job seeker: a search that finds nothing says so"
check "$(has js-occupations-en 'Civil engineer')" "job seeker: typing 'engineer' finds the engineers"
check "$(hasnt js-occupations-en 'Teacher')" "job seeker: and nothing else"
check "$(has js-chosen-en 'selected')" "job seeker: two occupations chosen"
check "$(has js-wilayat-en 'Bawshar')" "job seeker: the wilayats of Muscat"
check "$(hasnt js-wilayat-en 'Salalah')" "job seeker: not another governorate's"
check "$(has js-mobile-bad-en '8 digits')" "job seeker: a mobile number too short gets the rule"
check "$(has js-check-en 'civil engineering')" "job seeker: the check has what was typed"
check "$(has js-check-ar 'بوشر')" "job seeker: the check in Arabic"
o=$(sqlite3 "$T/ministry.db" "SELECT education || '|' || specialisation || '|' || governorate || '|' || wilayat || '|' || mobile FROM jobseekers WHERE civil_number = '90012345'")
check "$([ "$o" = 'bachelor|civil engineering|muscat|bawshar|71234567' ] && echo 0 || echo 1)" \
	"job seeker: the ministry holds the registration (got '$o')"
o=$(sqlite3 "$T/ministry.db" "SELECT json_array_length(occupations) FROM jobseekers WHERE civil_number = '90012345'")
check "$([ "$o" = 2 ] && echo 0 || echo 1)" "job seeker: with the two occupations (got '$o')"
set -- $(receipts)
verify "${1:-none}"
check "$([ "$(vfield type)" = jobseeker-registration ] && [ "$(vfield status)" = SUBMITTED ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"job seeker: the certificate's QR verifies, SUBMITTED"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'Job seeker registration Bawshar engineer Registration number JS-')" \
	"job seeker: the certificate, with the ministry's registration number (OCR)"
jsno=$(sqlite3 "$T/ministry.db" "SELECT registration_no FROM jobseekers WHERE civil_number = '90012345'")
check "$(has js-result-en "$jsno")" "job seeker: the result screen says the registration number ($jsno)"

# the update with the ministry unreachable: queued, sent later, the registration number kept
sed "s|^url = .*|url = https://127.0.0.1:9|" "$T/kiosk.conf" > "$T/offline.conf"
rm -f "$T/receipts"/*
card_in 01-citizen
"$B/kiosk" -c "$T/offline.conf" --headless --script tests/e2e/records-jobseeker2.script \
	--artifacts "$ART" > "$T/records-jobseeker2.script.out" 2>> "$T/kiosk.log" &
KPID=$!
kiosk_done records-jobseeker2.script "job seeker offline: the update made with the ministry unreachable"
card_out
check "$(has js2-result-en 'saved on this kiosk')" "job seeker offline: the screen says it waits to be sent"
set -- $(receipts)
verify "${1:-none}"
check "$(grep -q '^status *QUEUED' "$T/verify.out" && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"job seeker offline: the certificate says QUEUED, its QR verifies"
touch "$T/hold"
sed "s|@HOLD@|$T/hold|" tests/e2e/records-drain.script.in > "$T/records-drain.script"
kiosk_bg "$T/records-drain.script"
i=0
while [ "$(sqlite3 "$T/ministry.db" "SELECT mobile FROM jobseekers WHERE civil_number = '90012345'")" != 99887766 ] && [ $i -lt 250 ]; do
	sleep 0.1
	i=$((i + 1))
done
rm -f "$T/hold"
kiosk_done records-drain.script "job seeker offline: the kiosk back online, nobody at it"
o=$(sqlite3 "$T/ministry.db" "SELECT mobile || '|' || registration_no || '|' || json_array_length(occupations) FROM jobseekers WHERE civil_number = '90012345'")
check "$([ "$o" = "99887766|$jsno|1" ] && [ -n "$jsno" ] && echo 0 || echo 1)" \
	"job seeker offline: sent once back, the registration updated, its number kept (got '$o')"

# ---- check my PIN, a blocked PIN ----------------------------------------------------------
kiosk_bg tests/e2e/records-pincheck.script
wait_file "$ART/pc-insert-en.txt"
card_in 21-pin-lasttry
kiosk_done records-pincheck.script "PIN check: chosen first, then the card"
card_out
check "$(has pc-pin-en 'Tries left: 1')" "PIN check: the one try left said"
check "$(has pc-ok-en 'Your PIN is correct')" "PIN check: the PIN is right"
check "$(has pc-ok-en 'back to full')" "PIN check: the tries are full again"
check "$(has pc-ok-ar 'الرقم السري صحيح')" "PIN check: in Arabic"
rm -f "$T/receipts"/*
run blocked 20-pin-blocked "blocked PIN: said, and a slip printed"
check "$(has pb-error-en 'Civil Status office')" "blocked PIN: where to unblock it"
check "$(has pb-error-ar 'مكتب للأحوال المدنية')" "blocked PIN: in Arabic"
set -- $(receipts)
text=$(ocr "${1:-none}")
check "$(reads "$text" 'PIN blocked Civil Status card')" "slip: where to unblock it (OCR)"
check "$([ -z "$(receipt_qr "${1:-none}")" ] && echo 0 || echo 1)" "slip: no QR (no transaction)"

# ---- a power cut after the commit, before the paper ----------------------------------------
rm -f "$T/receipts"/*
echo paper_out > "$T/receipts/sim-control"
card_in 01-citizen
kiosk_bg tests/e2e/records-crash1.script
wait_file "$ART/rc-paper-ar.txt"
kill -9 "$KPID" 2>/dev/null
wait "$KPID" 2>/dev/null
KPID=""
check "$(has rc-paper-ar 'الورق')" "power cut: the printer had no paper (the person saw no receipt)"
check "$([ -z "$(receipts)" ] && echo 0 || echo 1)" "power cut: nothing printed"
card_out
rm -f "$T/receipts/sim-control"
run crash2 01-citizen "after the power cut: the receipt found in my receipts and copied"
vref=$(sed -n 's/.*\(KIOSK-REC-001-[0-9]*-[0-9]\).*/\1/p' "$ART/rc-mine-en.txt" | head -n 1)
check "$(has rc-mine-en 'Visit receipt')" "my receipts: the visit receipt the person never saw"
set -- $(receipts)
verify "${1:-none}"
check "$([ "$(vfield reference)" = "$vref" ] && [ -n "$vref" ] && [ "$(vfield signature)" = GOOD ] && echo 0 || echo 1)" \
	"the copy's QR verifies, with the listed reference ($vref)"
text=$(ocr "${1:-none}")
check "$(reads "$text" 'COPY Visit receipt')" "the copy of the unseen receipt (OCR)"
q=$(sqlite3 "$T/ministry.db" "SELECT count(*) FROM transactions WHERE type = 'visit-receipt'")
check "$([ "$q" = 1 ] && echo 0 || echo 1)" "the ministry has it once (got '$q')"

# ---- refusals: another person's, and past the retention -------------------------------------
low=$(printf '%s' "$vref" | tr 'A-Z' 'a-z')
sed "s/@REF@/$low/" tests/e2e/records-refuse.script.in > "$T/records-refuse.script"
card_in 02-resident
kiosk_bg "$T/records-refuse.script"
kiosk_done records-refuse.script "another person's receipt: refused"
card_out
check "$(has rf-denied-en 'belongs to another person')" "refused: it is another person's"
sed "s/@REF@/$low/" tests/e2e/records-old.script.in > "$T/records-old.script"
kiosk_bg "$T/records-old.script"
wait_file "$ART/ro-ready.txt"
card_in 01-citizen
kiosk_done records-old.script "31 days later: past the retention"
card_out
check "$(hasnt ro-mine-en "$vref")" "31 days later: no longer listed"
check "$(has ro-expired-en 'older than the kiosk keeps')" "31 days later: refused by its reference"
a=$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM audit WHERE event = 'copy'")
r=$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM audit WHERE event = 'copy-refused'")
check "$([ "$a" = 2 ] && [ "$r" = 2 ] && echo 0 || echo 1)" \
	"every copy is audited: 2 granted, 2 refused (got $a, $r)"

check "$(grep -q -E '71234567|90012345|90056789|71200009|Rajesh|Salim|سالم' \
	"$T/kiosk.log" "$T/sim.log" "$T/vc.log" && echo 1 || echo 0)" "no civil number or name in the logs"

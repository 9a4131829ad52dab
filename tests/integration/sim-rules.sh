#!/bin/sh
# sim-rules.sh - the ministry simulator's rules for the kiosk's services, through HTTP over
# the test PKI (mutual TLS, curl), each checked in the simulator's state (sqlite3 on its
# database, or its routes): permit renewals (the list, the fee and late fine, the pay page,
# the duplicate, a second renewal, a wrong fee or table version), transfers of services (each
# eligibility rule, the extra rule hook, the consent's hash, agreed and declined, a second
# transfer), job seeker registration (registered, updated, refused), the reference data
# (under the kiosk's 16 KiB per key) and the receipt lookup. Prints TAP. Needs curl, jq,
# sqlite3.
set -u
B=${KIOSK_BUILD:-build}
REPO=$(pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/sim-rules.XXXXXX")
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
is() { # GOT WANT WHAT
	if [ "$1" = "$2" ]; then check 0 "$3"; else check 1 "$3 (got '$1', want '$2')"; fi
}
. tests/integration/lib/ministry.sh
trap 'ministry_stop; rm -rf "$T"' EXIT
for tool in curl jq sqlite3; do
	command -v $tool > /dev/null || { echo "1..0 # SKIP no $tool"; exit 0; }
done

ID=KIOSK-SIMR-001
ministry_start $ID
DB=$T/ministry.db
URL=https://127.0.0.1:$PORT
get() { # URL: the body; the HTTP status in $T/status
	curl -s --max-time 10 --cacert "$T/pki/ca.pem" --cert "$T/pki/client.pem" \
		--key "$T/pki/client.key" -o "$T/body" -w '%{http_code}' "$1" > "$T/status"
	cat "$T/body"
}
post() { # PATH BODY: the answer's body; the HTTP status in $T/status
	curl -s --max-time 10 --cacert "$T/pki/ca.pem" --cert "$T/pki/client.pem" \
		--key "$T/pki/client.key" -o "$T/body" -w '%{http_code}' \
		-H 'Content-Type: application/json' --data "$2" "$URL$1" > "$T/status"
	cat "$T/body"
}
status() { cat "$T/status"; }
sql() { sqlite3 "$DB" "$1"; }
SEQ=0
txn() { # KEY TYPE PAYLOAD: sends one item; its result object
	SEQ=$((SEQ + 1))
	body=$(jq -cn --arg id $ID --arg k "$1" --arg t "$2" --argjson p "$3" --argjson s $SEQ \
		'{kiosk_id: $id, items: [{seq: $s, idempotency_key: $k, type: $t,
		  created: "2026-01-02T10:00:00+04:00", payload: $p}]}')
	curl -s --max-time 10 --cacert "$T/pki/ca.pem" --cert "$T/pki/client.pem" \
		--key "$T/pki/client.key" -H 'Content-Type: application/json' -H "Idempotency-Key: $1" \
		--data "$body" "$URL/v1/transactions" | jq -c '.results[0]'
}
field() { printf '%s' "$1" | jq -r "$2"; } # JSON FILTER
today=$(sql "SELECT date('now', '+4 hours')")

# ---- permit renewals ------------------------------------------------------------------------
r90=$(post /v1/establishments/renewals '{"cr_number":"1000001","within_days":90}')
is "$(status)" 200 "renewals: 200 for 1000001"
is "$(field "$r90" '[.workers[].permit_no] | join(" ")')" \
	"WP-700013 WP-700012 WP-700002 WP-700007 WP-700014" "renewals: 90 days, by expiry, the overdue first"
is "$(field "$r90" '[.workers[].renewal] | join(" ")')" "overdue due due submitted due" \
	"renewals: each one's renewal state"
is "$(field "$r90" '[.workers[].fee_category] | unique | join("")')" ABC "renewals: categories A, B and C"
is "$(field "$r90" '.today')" "$today" "renewals: the Oman today"
is "$(field "$r90" '.workers[1].profession.isco + " " + .workers[1].civil_number')" "2411 71200012" \
	"renewals: the profession and the worker"
r30=$(post /v1/establishments/renewals '{"cr_number":"1000001","within_days":30}')
is "$(field "$r30" '[.workers[].permit_no] | join(" ")')" "WP-700013 WP-700012" "renewals: 30 days"
r60=$(post /v1/establishments/renewals '{"cr_number":"1000001","within_days":60}')
is "$(field "$r60" '.workers | length')" 3 "renewals: 60 days"
post /v1/establishments/renewals '{"cr_number":"1000001","within_days":45}' > /dev/null
is "$(status)" 400 "renewals: within_days 45 is a bad request"
post /v1/establishments/renewals '{"cr_number":"1000009","within_days":30}' > /dev/null
is "$(status)" 404 "renewals: an unknown establishment"

worker() { # PERMIT: the listed worker
	printf '%s' "$r90" | jq -c --arg p "$1" '.workers[] | select(.permit_no == $p)'
}
renewal() { # PERMIT FEE-JSON BATCH INDEX [CR]
	jq -cn --argjson w "$(worker "$1")" --argjson f "$2" --arg b "$3" --argjson i "$4" \
		--arg cr "${5:-1000001}" \
		'{service: "permit-renewal", created: "2026-01-02T10:00:00+04:00", lang: "ar",
		  party: [{civil_number: "90023456"}], establishment: {cr_number: $cr},
		  worker: ($w + {fee: $f}), batch: {id: $b, index: $i, count: 2}, fees: [],
		  total_baisa: $f.total_baisa}'
}
feeA='{"category":"A","renewal_baisa":301000,"fine_baisa":0,"months_late":0,"version":"2026.1","total_baisa":301000}'
feeC='{"category":"C","renewal_baisa":101000,"fine_baisa":10000,"months_late":1,"version":"2026.1","total_baisa":111000}'
feeB='{"category":"B","renewal_baisa":201000,"fine_baisa":0,"months_late":0,"version":"2026.1","total_baisa":201000}'
old12=$(sql "SELECT permit_expires FROM workers WHERE permit_no = 'WP-700012'")
a=$(txn ren-1 permit-renewal "$(renewal WP-700012 "$feeA" "$ID-B1" 0)")
is "$(field "$a" .status)" accepted "renewal: accepted (category A, not late)"
ref1=$(field "$a" .reference)
is "$(sql "SELECT permit_expires FROM workers WHERE permit_no = 'WP-700012'")" \
	"$(sql "SELECT date('$old12', '+2 years')")" "renewal: the expiry moved by two years"
is "$(sql "SELECT state || ' ' || amount_baisa FROM workers JOIN renewals USING (permit_no) WHERE permit_no = 'WP-700012'")" \
	"renewed 301000" "renewal: recorded with its amount, the permit renewed"
c=$(txn ren-2 permit-renewal "$(renewal WP-700013 "$feeC" "$ID-B1" 1)")
is "$(field "$c" .status)" accepted "renewal: the overdue permit with a fine of one month"
is "$(sql "SELECT fine_baisa || ' ' || new_expires FROM renewals WHERE permit_no = 'WP-700013'")" \
	"10000 $(sql "SELECT date('now', '+4 hours', '+2 years')")" "renewal: overdue: the fine, two years from today"
pay=$(field "$a" .pay_url)
is "$pay" "$URL/pay/$ID-B1" "renewal: the pay URL is the simulator's own"
p=$(get "$pay")
is "$(status)" 200 "pay page: fetched"
is "$(field "$p" '.total_baisa')" 412000 "pay page: the batch's sum, fine included"
is "$(field "$p" '.references | join(" ")')" "$ref1 $(field "$c" .reference)" "pay page: the references"
is "$(field "$p" '.paid')" false "pay page: not paid"
get "$URL/pay/nothing" > /dev/null
is "$(status)" 404 "pay page: an unknown batch"
d=$(txn ren-1 permit-renewal "$(renewal WP-700012 "$feeA" "$ID-B1" 0)")
is "$(field "$d" '.status + " " + .reference')" "duplicate $ref1" "renewal: the same key again: duplicate, the first reference"
is "$(field "$d" .pay_url)" "$pay" "renewal: the duplicate still has the pay URL"
is "$(sql "SELECT count(*) || ' ' || max(new_expires) FROM renewals WHERE permit_no = 'WP-700012'")" \
	"1 $(sql "SELECT date('$old12', '+2 years')")" "renewal: the duplicate changed nothing"
e=$(txn ren-3 permit-renewal "$(renewal WP-700012 "$feeA" "$ID-B2" 0)")
is "$(field "$e" '.status + ": " + .reason')" "rejected: a renewal for this permit is already on record" \
	"renewal: a second one with a new key refused"
bad=$(printf '%s' "$feeB" | jq -c '.total_baisa = 1')
f=$(txn ren-4 permit-renewal "$(renewal WP-700002 "$bad" "$ID-B3" 0)")
is "$(field "$f" .reason)" "the fee does not match the ministry's table" "renewal: a wrong fee refused"
old=$(printf '%s' "$feeB" | jq -c '.version = "2025.1"')
f=$(txn ren-5 permit-renewal "$(renewal WP-700002 "$old" "$ID-B3" 0)")
is "$(field "$f" .reason)" "fee table version is out of date" "renewal: an old fee table refused"
f=$(txn ren-6 permit-renewal "$(renewal WP-700007 "$feeB" "$ID-B3" 0)")
is "$(field "$f" .reason)" "a renewal for this permit is already on record" "renewal: one submitted elsewhere refused"
f=$(txn ren-7 permit-renewal "$(renewal WP-700002 "$feeB" "$ID-B3" 0 1000002)")
is "$(field "$f" .reason)" "the worker's permit is not found at this establishment" "renewal: another establishment's permit refused"
far=$(renewal WP-700002 "$feeB" "$ID-B3" 0 | jq -c '.worker.permit_no = "WP-700001"')
f=$(txn ren-8 permit-renewal "$far")
is "$(field "$f" .reason)" "the permit is not within 90 days of expiry nor overdue by at most a year" \
	"renewal: a permit valid for months refused"
is "$(sql "SELECT count(*) FROM renewals")" 2 "renewal: the refused ones stored nothing"
is "$(sql "SELECT count(*) FROM transactions WHERE type = 'permit-renewal'")" 2 "renewal: two transactions stored"
rec=$(post /v2/workers/record '{"civil_number":"71200012"}')
is "$(field "$rec" '.renewal + " " + .permit.expires + " " + .permit.status')" \
	"renewed $(sql "SELECT date('$old12', '+2 years')") valid" "record: renewed, the new expiry"
rec=$(post /v1/workers/record '{"civil_number":"71200013"}')
is "$(field "$rec" '.permit.status')" valid "record v1: the overdue permit valid again"
r90=$(post /v1/establishments/renewals '{"cr_number":"1000001","within_days":90}')
is "$(field "$r90" '[.workers[].permit_no] | join(" ")')" "WP-700002 WP-700007 WP-700014" \
	"renewals: the renewed ones are no longer listed"

# ---- transfer of services -------------------------------------------------------------------
elig() { post /v1/transfers/eligibility "{\"civil_number\":\"$1\",\"cr_number\":\"$2\"}"; }
failed() { field "$1" '[.rules[] | select(.passed | not) | .id] | join(" ")'; }
e=$(elig 71200011 1000005)
is "$(status)" 200 "eligibility: 200"
is "$(field "$e" '[.rules[].id] | join(" ")')" \
	"contract_or_noc no_open_absence quota licence_valid permit_valid not_same_employer" "eligibility: the six rules in order"
is "$(field "$e" '.eligible')" true "eligibility: 16-transfer to 1000005 eligible (no-objection on record)"
is "$(field "$e" '.request | "\(.worker) \(.permit_no) \(.from) \(.to) \(.profession)"')" \
	"71200011 WP-700011 1000001 1000005 8322" "eligibility: the request"
is "$(field "$e" '.worker.employer.cr_number + " " + .to.name_en')" \
	"1000001 Al Batinah Hospitality and Catering LLC" "eligibility: the worker's employer and the new one"
is "$(field "$e" '.rules[2].detail.remaining')" 1 "eligibility: the quota's remaining places"
x=$(elig 71200002 1000005)
is "$(field "$x" '.eligible'):$(failed "$x")" "false:contract_or_noc" "eligibility: contract running, no no-objection"
is "$(field "$x" '.rules[0].fix_by')" current_employer "eligibility: who can fix it"
x=$(elig 71200009 1000005)
is "$(failed "$x")" "contract_or_noc no_open_absence quota permit_valid not_same_employer" \
	"eligibility: 14-absent-open: absence, cancelled permit, same employer, no cleaner place"
x=$(elig 71200003 1000005)
is "$(failed "$x")" "contract_or_noc quota" "eligibility: no quota for a mason at 1000005"
x=$(elig 71200011 1000004)
is "$(failed "$x")" "contract_or_noc quota licence_valid" \
	"eligibility: to 1000004: its licence suspended, the no-objection is for 1000005 only"
x=$(elig 71200008 1000005)
is "$(failed "$x")" "quota permit_valid" "eligibility: 13-expired: the permit expired (the contract ended)"
elig 71299999 1000005 > /dev/null
is "$(status)" 404 "eligibility: a person without a permit: 404"
elig 71200011 1000099 > /dev/null
is "$(status)" 404 "eligibility: an unknown employer: 404"
post /v1/transfers/eligibility '{"civil_number":"71200011"}' > /dev/null
is "$(status)" 400 "eligibility: a bad body: 400"
post /admin/eligibility-extra '{}' > /dev/null
x=$(elig 71200011 1000005)
is "$(field "$x" '.rules[6].id + " " + (.eligible | tostring)')" "medical_check false" "eligibility: the extra rule hook"
x=$(elig 71200011 1000005)
is "$(field "$x" '.rules | length')" 6 "eligibility: the extra rule only once"

hash() { printf '%s' "$1" | jq -cS .request | tr -d '\n' | sha256sum | cut -d' ' -f1; }
transfer() { # ELIGIBILITY DECISION CONSENTING-CIVIL [HASH]
	jq -cn --argjson e "$1" --arg d "$2" --arg c "$3" --arg h "${4:-$(hash "$1")}" \
		'{service: "service-transfer", created: "2026-01-02T10:00:00+04:00", lang: "ar",
		  party: [{civil_number: "90056789"}, {civil_number: $c, card_serial: "DEMO1000011"}],
		  establishment: {cr_number: $e.request.to}, eligibility: $e,
		  consent: {decision: $d, request_hash: $h, card_serial: "DEMO1000011",
		            card_auth: "genuine", at: "2026-01-02T10:00:00+04:00"}}'
}
t=$(txn tr-1 service-transfer "$(transfer "$e" agreed 90056789)")
is "$(field "$t" .reason)" "consent was not given by the worker" "transfer: consent by another person refused"
t=$(txn tr-2 service-transfer "$(transfer "$e" agreed 71200011 0000)")
is "$(field "$t" .reason)" "the request changed since the worker consented" "transfer: a hash of another request refused"
x=$(elig 71200002 1000005)
t=$(txn tr-3 service-transfer "$(transfer "$x" agreed 71200002)")
is "$(field "$t" .reason)" "not eligible: contract_or_noc" "transfer: agreed but not eligible refused"
t=$(txn tr-4 service-transfer "$(transfer "$x" declined 71200002)")
is "$(field "$t" .status)" accepted "transfer: declined accepted"
is "$(sql "SELECT decision || ' ' || to_cr FROM transfer_requests WHERE civil_number = '71200002'")" "declined 1000005" \
	"transfer: the decline recorded"
is "$(sql "SELECT establishment FROM workers WHERE permit_no = 'WP-700002'")" 1000001 "transfer: declined: nothing moved"
used() { sql "SELECT used FROM quotas WHERE licence_no = 'LL-2025-0007' AND isco = '8322'"; }
is "$(used)" 1 "transfer: 1000005 uses one driver place before"
t=$(txn tr-5 service-transfer "$(transfer "$e" agreed 71200011)")
is "$(field "$t" .status)" accepted "transfer: agreed and eligible accepted"
is "$(sql "SELECT establishment FROM workers WHERE permit_no = 'WP-700011'")" 1000005 "transfer: the worker moved"
is "$(used)" 2 "transfer: the new employer's quota used + 1"
is "$(sql "SELECT count(*) FROM transfers WHERE permit_no = 'WP-700011' AND to_cr = '1000005' AND state = 'approved'")" 1 \
	"transfer: approved in the transfers table"
rec=$(post /v2/workers/record '{"civil_number":"71200011"}')
is "$(field "$rec" '.permit.employer.cr_number + " " + .transfer.state + " " + .transfer.to.cr_number')" \
	"1000005 approved 1000005" "record: the new employer, the transfer approved"
t=$(txn tr-6 service-transfer "$(transfer "$e" agreed 71200011)")
is "$(field "$t" .reason)" "a transfer for this worker is already on record" "transfer: a second one refused"
t=$(txn tr-5 service-transfer "$(transfer "$e" agreed 71200011)")
is "$(field "$t" .status)" duplicate "transfer: the same key again: duplicate"
is "$(used)" 2 "transfer: the duplicate changed nothing"

# ---- job seeker registration ----------------------------------------------------------------
js() { # CIVIL MOBILE OCCUPATIONS-JSON [GOVERNORATE WILAYAT]
	jq -cn --arg c "$1" --arg m "$2" --argjson o "$3" --arg g "${4:-muscat}" --arg w "${5:-as-seeb}" \
		'{service: "jobseeker-registration", created: "2026-01-02T10:00:00+04:00", lang: "ar",
		  party: [{civil_number: $c}], form: {specialisation: "Computer science", mobile: $m},
		  education: {id: "bachelor"}, occupations: $o, governorate: {id: $g}, wilayat: {id: $w}}'
}
j=$(txn js-1 jobseeker-registration "$(js 90012345 91234567 '[{"id":"2512"},{"id":"2142"}]')")
is "$(field "$j" .status)" accepted "jobseeker: registered"
no=$(field "$j" .registration_no)
is "$(printf '%s' "$no" | grep -cE '^JS-[0-9]{4}-[0-9]{5}$')" 1 "jobseeker: a registration number JS-<year>-<5 digits> ($no)"
is "$(sql "SELECT registration_no || ' ' || mobile || ' ' || occupations || ' ' || wilayat FROM jobseekers WHERE civil_number = '90012345'")" \
	"$no 91234567 [\"2512\",\"2142\"] as-seeb" "jobseeker: the row"
is "$(sql "SELECT count(*) FROM person_roles WHERE civil_number = '90012345' AND role = 'jobseeker'")" 1 \
	"jobseeker: the person has the role"
reg=$(sql "SELECT registered FROM jobseekers WHERE civil_number = '90012345'")
j=$(txn js-2 jobseeker-registration "$(js 90012345 71234567 '[{"id":"2512"}]' dhofar salalah)")
is "$(field "$j" '.status + " " + .registration_no')" "accepted $no" "jobseeker: updated, the same number"
is "$(sql "SELECT count(*) || ' ' || mobile || ' ' || governorate || ' ' || registered FROM jobseekers")" \
	"1 71234567 dhofar $reg" "jobseeker: updated in place, the first registration's time kept"
j=$(txn js-3 jobseeker-registration "$(js 90023456 81234567 '[{"id":"2512"}]')")
is "$(field "$j" .reason)" "the mobile number must be 8 digits starting with 7 or 9" "jobseeker: a bad mobile refused"
j=$(txn js-4 jobseeker-registration "$(js 90023456 9123456 '[{"id":"2512"}]')")
is "$(field "$j" .status)" rejected "jobseeker: a 7-digit mobile refused"
j=$(txn js-5 jobseeker-registration "$(js 71234567 91234567 '[{"id":"2512"}]')")
is "$(field "$j" .reason)" "job seeker registration is for citizens" "jobseeker: not a citizen refused"
j=$(txn js-6 jobseeker-registration "$(js 90023456 91234567 '[{"id":"2512"},{"id":"2142"},{"id":"2144"},{"id":"2151"}]')")
is "$(field "$j" .reason)" "one to three occupations are needed" "jobseeker: four occupations refused"
j=$(txn js-7 jobseeker-registration "$(js 90023456 91234567 '[{"id":"9999"}]')")
is "$(field "$j" .reason)" "an occupation is not in the ministry's list" "jobseeker: an unknown occupation refused"
j=$(txn js-8 jobseeker-registration "$(js 90023456 91234567 '[{"id":"2512"}]' muscat salalah)")
is "$(field "$j" .reason)" "the wilayat is not in the governorate" "jobseeker: a wilayat of another governorate refused"
is "$(sql "SELECT count(*) FROM jobseekers")" 1 "jobseeker: the refused ones stored nothing"

# ---- reference data -------------------------------------------------------------------------
rd=$(get "$URL/v1/refdata")
big=""
for k in $(field "$rd" '.entries | keys[]'); do
	size=$(printf '%s' "$rd" | jq -c --arg k "$k" '.entries[$k]' | wc -c)
	stored=$(sql "SELECT length(CAST(value AS BLOB)) FROM refdata WHERE key = '$k'")
	echo "# refdata $k: $stored bytes"
	[ "$size" -lt 16000 ] && [ "$stored" -lt 16000 ] || big="$big $k"
done
is "$big" "" "refdata: every key under 16,000 bytes"
is "$(field "$rd" '.entries.governorates | length') $(field "$rd" '[.entries.governorates[].wilayats[]] | length')" \
	"11 61" "refdata: 11 governorates, 61 wilayats"
is "$(field "$rd" '[.entries.occupations[] | select(.title_en | test("engineer"))] | length >= 3')" true \
	"refdata: several engineers to find by typing"
is "$(field "$rd" '.entries.education_levels | map(.id) | join(" ")')" \
	"none primary preparatory general-diploma diploma bachelor master doctorate" "refdata: the education levels"
is "$(field "$rd" '.entries.renewal_fees.categories.B')" 201000 "refdata: the renewal fees"
is "$(field "$rd" '.entries.offline_policy.types | join(" ")')" \
	"visit-receipt permit-renewal jobseeker-registration" "refdata: the offline policy's types"

# ---- receipt lookup -------------------------------------------------------------------------
luhn() { # DIGITS: the check digit of app/txn.c
	printf '%s' "$1" | rev | awk '{ s = 0; for (i = 1; i <= length($0); i++) { d = substr($0, i, 1);
		if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9 } s += d } print (10 - s % 10) % 10 }'
}
l=$(post /v1/receipts/lookup "{\"reference\":\"$ID-000001-$(luhn 000001)\"}")
is "$(field "$l" '.state + " " + .type + " " + .ministry_reference + " " + .status')" \
	"received permit-renewal $ref1 accepted" "receipt lookup: a synced transaction by its printed reference"
l=$(post /v1/receipts/lookup "{\"kiosk_id\":\"$ID\",\"seq\":900}")
is "$(field "$l" '.state')" not_yet_received "receipt lookup: one not received yet"
post /v1/receipts/lookup "{\"reference\":\"$ID-000001-$(( ($(luhn 000001) + 1) % 10 ))\"}" > /dev/null
is "$(status)" 400 "receipt lookup: a wrong check digit: 400"
is "$(ministry_stat renewals_requests) $(ministry_stat transfer_eligibility_requests) $(ministry_stat receipt_lookup_requests)" \
	"6 12 3" "stats: the new query routes counted"
grep -q -E '71200011|90012345|Nuwan|JS-' "$T/sim.log"
is "$?" 1 "the simulator's log names no one"

ministry_stop
echo "1..$n"

#!/bin/sh
# pcsc-card.sh - the card stack against the real PC/SC stack: a private pcscd in its own mount and
# network namespace (so vpcd's TCP port is reachable only from here and never clashes with a
# system pcscd), vsmartcard's vpcd reader driver, and build/virtual-card as the card. The client
# is build/kiosk-cardtool, on the same driver code as the kiosk. Prints TAP.
#
# Covered: identity read per text encoding (UTF-8, Windows-1256, ISO-8859-6, UCS-2, Arabic names),
# 61xx chunking and no FCI, the card pulled at every APDU index of the read (each "removed", not
# "unreadable"), pcscd killed and
# restarted, the reader gone and back, wrong PIN down to
# blocked, expired card, unknown card, garbage / wrong-length / mute cards, and the authenticity
# check with a test CA made here with openssl. Waits are bounded polls, never fixed sleeps.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/pcscd.sh
pcscd_enter "$@"

# --- inside the namespaces ---
VC=""
MON=""
pcscd_prepare pcsc "MON VC PCSCD"
yes_if() { if eval "$1"; then echo 0; else echo 1; fi; }

mkdir -p "$T/readers" "$T/noreaders" "$T/profiles" "$T/cards"
cp /etc/reader.conf.d/vpcd "$T/readers/vpcd" 2>/dev/null || cat > "$T/readers/vpcd" <<VPCD
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:0x8C7B
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CHANNELID    0x8C7B
VPCD

start_pcscd() { pcscd_start --debug -c "$T/readers"; }
CTL="$T/vc.ctl"
vc_start() { # IMAGE [virtual-card flags...]
	img=$1; shift
	rm -f "$CTL"
	"$B/virtual-card" --profiles "$T/profiles" --control "$CTL" "$@" "$img" \
		> "$T/vc.out" 2>> "$T/vc.log" &
	VC=$!
	poll '[ -S "$CTL" ]' 50
}
# pcscd notices a removal within about half a second: wait for it, so the next card is new
gone() { "$B/kiosk-cardtool" --wait-ms 5000 wait-removed > /dev/null 2>> "$T/tool.log"; }
vc_stop() { [ -n "$VC" ] && kill "$VC" 2>/dev/null && wait "$VC" 2>/dev/null; VC=""; gone; }
vc() { "$B/virtual-card" --send "$CTL" "$1"; }
tool() { "$B/kiosk-cardtool" --profiles "$T/profiles" --wait-ms 8000 "$@" 2>> "$T/tool.log"; }
jget() { # KEY: the value of "KEY" in the JSON on stdin (strings unquoted)
	sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[-a-z0-9]*\).*/\1/p" | tr -d '"'
}

# --- profiles: the demo one plus one per text encoding (ATR last byte tells them apart) ---
cp drivers/card/profiles/omn-demo.profile "$T/profiles/"
mkprofile() { # ID LASTBYTE ENCODING
	sed -e "s/^id = .*/id = $1/" \
		-e "s/^atr = .*/atr = 3B 88 80 01 4B 49 4F 53 4B 49 44 $2/" \
		-e "/^\[field.name_ar\]/,/^\[/ s/^encoding = .*/encoding = $3/" \
		drivers/card/profiles/omn-demo.profile > "$T/profiles/$1.profile"
}
mkprofile test-utf8 01 utf-8
mkprofile test-cp1256 02 windows-1256
mkprofile test-iso88596 03 iso-8859-6
mkprofile test-ucs2 04 ucs-2

NAME_AR='سالم بن خلفان الهنائي'
mkcard() { # FILE PROFILE ATR-LAST EXPIRY [extra lines]
	cat > "$T/cards/$1" <<CARD
[card]
label = Test card $1
atr = 3B 88 80 01 4B 49 4F 53 4B 49 44 $3
profile = $2
[identity]
civil_number = 90012345
name_ar = $NAME_AR
name_en = Test Person
nationality = OMN
sex = F
birth = 19900101
expiry = $4
card_serial = TEST0001
[pin]
value = 1234
tries = 3
max_tries = 3
CARD
	[ $# -ge 5 ] && printf '%s\n' "$5" >> "$T/cards/$1"
	return 0
}

start_pcscd
check "$(yes_if '[ -S /run/pcscd/pcscd.comm ]')" "private pcscd started in its own namespaces"

# 1. identity read per encoding, through pcscd and vpcd
for enc in utf8:01 cp1256:02 iso88596:03 ucs2:04; do
	name=${enc%:*}; last=${enc#*:}
	mkcard "$name.card" "test-$name" "$last" 20350101
	vc_start "$T/cards/$name.card"
	out=$(tool read --json)
	check "$(yes_if 'echo "$out" | grep -q "\"ok\":true"')" "$name: identity read through pcscd"
	check "$(yes_if '[ "$(echo "$out" | jget profile)" = "test-$name" ]')" "$name: profile chosen by ATR"
	check "$(yes_if 'echo "$out" | grep -qF "\"name_ar\":\"$NAME_AR\""')" "$name: Arabic name decoded"
	check "$(yes_if '[ "$(echo "$out" | jget civil_number)" = 90012345 ]')" "$name: civil number"
	vc_stop
done

# 2. a card that answers in 61xx chunks and gives no file size
mkcard demo.card omn-demo-1 00 20350101
sed -i 's/^atr = .*/atr = 3B 7A 97 00 00 80 65 B0 85 20 04 02 72 D6 41/' "$T/cards/demo.card"
vc_start "$T/cards/demo.card" --chunk61 17 --no-fci
out=$(tool read --json)
check "$(yes_if 'echo "$out" | grep -qF "\"name_ar\":\"$NAME_AR\""')" "61xx chunks of 17 bytes and no FCI: read works"
vc_stop

# 3. pulled out at every APDU index of the read
vc_start "$T/cards/demo.card"
out=$(tool read --json)
total=$(echo "$out" | jget apdus)
check "$(yes_if '[ "${total:-0}" -ge 3 ]')" "a full read takes ${total:-?} APDUs (with the PIN tries query)"
vc remove > /dev/null
gone
pulled=0; clean=0
i=0
while [ $i -lt "${total:-0}" ]; do
	vc "remove-after $i" > /dev/null
	vc insert > /dev/null
	out=$(tool read --json); rc=$?
	pulled=$((pulled + 1))
	# removed, not "unreadable": the reader, not the failed exchange, says the card left
	if [ $rc = 1 ] && echo "$out" | grep -q '"ok":false' && ! echo "$out" | grep -q 90012345 &&
		[ "$(echo "$out" | jget error)" = removed ]; then
		clean=$((clean + 1))
	else
		echo "# pulled after $i APDUs: rc $rc, $out"
	fi
	gone
	i=$((i + 1))
done
check "$(yes_if '[ $clean = $pulled ] && [ $pulled -ge 3 ]')" "pulled at each of $pulled APDU indexes: reported as removed (KERR_REMOVED), no data ($clean of $pulled)"
vc insert > /dev/null
out=$(tool read --json)
check "$(yes_if 'echo "$out" | grep -q "\"ok\":true"')" "the card reads again once left in"

# 4. pcscd killed and restarted: the monitor re-establishes its context and reads again
: > "$T/mon.log"
"$B/kiosk-cardtool" --profiles "$T/profiles" monitor --seconds 60 --read > "$T/mon.log" 2>> "$T/tool.log" &
MON=$!
reads() { grep -c '"event":"read","ok":true' "$T/mon.log"; }
check "$(yes_if 'poll "[ \$(reads) -ge 1 ]" 80')" "monitor: card seen and read"
pcscd_stop
check "$(yes_if 'poll "grep -q \"\\\"event\\\":\\\"error\\\"\" \"$T/mon.log\"" 80')" "monitor: pcscd gone is reported"
start_pcscd
check "$(yes_if 'poll "[ \$(reads) -ge 2 ]" 100')" "monitor: after pcscd restarts, the card is seen and read again"

# 5. the reader gone and back: pcscd comes up with no reader configured, then with it again
# (vpcd readers cannot be hot-unplugged; a USB reader would go through the same wait() path)
recov() { grep -c '"event":"recovered"' "$T/mon.log"; }
r0=$(recov)
pcscd_stop
pcscd_start --debug -c "$T/noreaders"
check "$(yes_if 'poll "[ \$(recov) -gt $r0 ]" 80')" "no reader: the monitor reconnects to pcscd and waits"
n_reads=$(reads)
pcscd_stop
start_pcscd
check "$(yes_if 'poll "[ \$(reads) -gt $n_reads ]" 100')" "reader back: the card is seen and read again"
kill "$MON" 2>/dev/null; wait "$MON" 2>/dev/null; MON=""
vc_stop

# 6. wrong PIN down to blocked
vc_start "$T/cards/demo.card"
check "$(yes_if '[ "$(tool tries | jget pin_tries)" = 3 ]')" "3 PIN tries before typing"
out=$(echo 0000 | tool verify-pin)
check "$(yes_if '[ "$(echo "$out" | jget pin_tries)" = 2 ] && echo "$out" | grep -q "\"verified\":false"')" "wrong PIN: 2 tries left"
out=$(echo 1111 | tool verify-pin)
check "$(yes_if '[ "$(echo "$out" | jget pin_tries)" = 1 ]')" "wrong PIN again: 1 try left"
out=$(echo 2222 | tool verify-pin)
check "$(yes_if 'echo "$out" | grep -q "\"blocked\":true"')" "third wrong PIN: blocked"
out=$(echo 1234 | tool verify-pin)
check "$(yes_if 'echo "$out" | grep -q "\"blocked\":true" && echo "$out" | grep -q "\"verified\":false"')" "right PIN on a blocked card: still blocked"
check "$(yes_if 'tool tries | grep -q "\"blocked\":true"')" "tries query reports blocked"
vc_stop
vc_start "$T/cards/demo.card"
out=$(echo 1234 | tool verify-pin)
check "$(yes_if 'echo "$out" | grep -q "\"verified\":true"')" "right PIN on a fresh card: verified"
vc_stop

# 7. expired card, unknown card, garbage, wrong length, mute
mkcard expired.card omn-demo-1 00 20200101
sed -i 's/^atr = .*/atr = 3B 7A 97 00 00 80 65 B0 85 20 05 02 72 D6 43/' "$T/cards/expired.card"
vc_start "$T/cards/expired.card"
out=$(tool read --json)
check "$(yes_if 'echo "$out" | grep -q "\"expired\":true"')" "expired card: reported as expired"
vc_stop
mkcard unknown.card omn-demo-1 00 20350101
sed -i 's/^atr = .*/atr = 3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 03 00 00 00 00 68/' "$T/cards/unknown.card"
vc_start "$T/cards/unknown.card"
out=$(tool read --json); rc=$?
check "$(yes_if '[ $rc = 1 ] && echo "$out" | grep -q "\"auth\":\"unknown\""')" "unknown card (ATR of no profile): refused as unknown"
vc_stop
for fault in --garbage --wrong-length; do
	vc_start "$T/cards/demo.card" $fault
	out=$(tool read --json); rc=$?
	check "$(yes_if '[ $rc = 1 ] && echo "$out" | grep -q "\"ok\":false" && ! echo "$out" | grep -q 90012345')" "card with $fault: 'cannot be read', no data, no crash"
	vc_stop
done
vc_start "$T/cards/demo.card" --mute-after 1 --mute-ms 1500
out=$(tool read --json); rc=$?
check "$(yes_if '[ $rc = 1 ] && echo "$out" | grep -q "\"ok\":false"')" "a card that stops answering: a clean error once it is gone"
vc_stop

# 8. authenticity against a test issuer CA made now (no committed keys)
P="$T/pki"; mkdir -p "$P"
(
	cd "$P" || exit 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key \
		-out ca.pem -days 3650 -subj "/CN=Test ID card issuer CA"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout rogue.key \
		-out rogue.pem -days 3650 -subj "/CN=Rogue CA"
	openssl ecparam -name prime256v1 -genkey -noout -out card.key
	openssl ecparam -name prime256v1 -genkey -noout -out other.key
	openssl req -new -key card.key -subj "/CN=Test ID card" -out card.csr
	openssl x509 -req -in card.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out card.pem
	openssl x509 -req -in card.csr -CA rogue.pem -CAkey rogue.key -CAcreateserial -days 30 -out forged.pem
) > "$T/openssl.log" 2>&1
authcard() { # NAME KEY CERT
	mkcard "$1.card" omn-demo-1 00 20350101 "[auth]
key = $P/$2
certificate = $P/$3"
	sed -i 's/^atr = .*/atr = 3B 7A 97 00 00 80 65 B0 85 20 04 02 72 D6 41/' "$T/cards/$1.card"
}
authcard genuine card.key card.pem
authcard forged card.key forged.pem
authcard stolen other.key card.pem
auth_of() { # CARD [tool options]: the auth result
	c=$1; shift
	vc_start "$T/cards/$c.card"
	tool "$@" auth | jget auth
	vc_stop
}
check "$(yes_if '[ "$(auth_of genuine --issuer-ca "$P/ca.pem")" = genuine ]')" "auth: card certificate from the issuer CA + card key: genuine"
check "$(yes_if '[ "$(auth_of forged --issuer-ca "$P/ca.pem")" = not-genuine ]')" "auth: certificate from another CA: not genuine"
check "$(yes_if '[ "$(auth_of stolen --issuer-ca "$P/ca.pem")" = not-genuine ]')" "auth: certificate copied onto a card without its key: not genuine"
check "$(yes_if '[ "$(auth_of genuine --issuer-ca "$P/ca.pem" --now $(( $(date +%s) + 90 * 86400 )))" = expired ]')" "auth: 90 days later the card certificate has expired"
check "$(yes_if '[ "$(auth_of genuine)" = recognised ]')" "auth: no issuer CA configured: only recognised"

# nothing personal in any log
check "$(yes_if '! grep -q -E "90012345|Test Person" "$T/vc.log" "$T/tool.log" "$T/pcscd.log" && ! grep -q -E "1234|0000|2222" "$T/vc.log" "$T/tool.log"')" "no civil number, name or PIN in the logs"
pcscd_stop

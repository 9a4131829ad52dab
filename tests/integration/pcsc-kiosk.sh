#!/bin/sh
# pcsc-kiosk.sh - the kiosk itself on the real PC/SC stack: a private pcscd in its own mount and
# network namespace, vpcd, build/virtual-card holding the demo resident card, and the kiosk
# (headless, [card] backend = pcsc) running tests/e2e/pcsc-pin.script: the card worker sees the
# card through SCardGetStatusChange, reads it, asks for the PIN (wrong, then right), shows the home screen.
# Then the card is pulled out and the session must end. Then three refusals through the flow: a
# blocked PIN, an expired card, three wrong PINs in a row. Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/pcscd.sh
. tests/integration/lib/script-tap.sh
pcscd_enter "$@"

VC=""
KIOSK=""
pcscd_prepare pcsck "KIOSK VC PCSCD"
n=200
mkdir -p "$T/receipts"
pcscd_start

"$B/virtual-card" --profiles drivers/card/profiles --control "$T/vc.ctl" \
	assets/demo-cards/02-resident.card > "$T/vc.out" 2> "$T/vc.log" &
VC=$!
poll '[ -S "$T/vc.ctl" ]' 50

cat > "$T/kiosk.conf" <<CONF
[kiosk]
id = KIOSK-PCSC-001
language = en
[display]
width = 720
height = 1280
font_dir = $REPO/assets/fonts-arabic
[card]
backend = pcsc
profiles = $REPO/drivers/card/profiles
sim_cards = $REPO/assets/demo-cards
[printer]
backend = sim
device = receipts
[network]
backend = sim
[clock]
backend = fake
[cache]
database = kiosk.db
CONF

"$B/kiosk" -c "$T/kiosk.conf" --headless --script tests/e2e/pcsc-pin.script \
	--artifacts "$T" > "$T/kiosk.out" 2> "$T/kiosk.log" &
KIOSK=$!
# the script ends by waiting for the attract screen: pull the card once it is home
poll 'grep -q "expect home" "$T/kiosk.out"' 300
"$B/virtual-card" --send "$T/vc.ctl" remove > /dev/null
i=0; while kill -0 "$KIOSK" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
wait "$KIOSK"; rc=$?
KIOSK=""
script_tap "$T/kiosk.out"
check "$rc" "the kiosk ran the script through pcscd and exited cleanly (status $rc)"
[ "$rc" = 0 ] || sed 's/^/# kiosk: /' "$T/kiosk.log" | tail -n 20
check "$(grep -q -E '71234567|Rajesh|4321' "$T/kiosk.log" "$T/vc.log" && echo 1 || echo 0)" \
	"no civil number, name or PIN in the logs"
kill "$VC" 2>/dev/null; wait "$VC" 2>/dev/null; VC=""

# The refusals, each its own card: a blocked PIN, an expired card, three wrong PINs.
card() { # NAME EXPIRY TRIES
	sed -e "s/^expiry = .*/expiry = $2/" -e "s/^tries = .*/tries = $3/" \
		assets/demo-cards/02-resident.card > "$T/$1.card"
}
card blocked 20280615 0
card expired 20200101 3
card wrong3 20280615 3
for c in blocked:msg.pin_blocked expired:msg.card_expired wrong3:msg.pin_blocked; do
	name=${c%:*}; msg=${c#*:}
	{
		echo "expect attract 5000"
		if [ "$name" = wrong3 ]; then
			echo "expect pin 15000"
			for k in 1 2; do echo "pin 0000"; echo "expect-msg msg.pin_wrong 10000"; done
			echo "pin 0000"
		fi
		echo "expect card-error 15000"
		echo "expect-msg $msg 10000"
		echo "expect-no-personal"
		echo "quit"
	} > "$T/$name.script"
	"$B/virtual-card" --profiles drivers/card/profiles "$T/$name.card" > /dev/null 2>> "$T/vc.log" &
	VC=$!
	"$B/kiosk" -c "$T/kiosk.conf" --headless --script "$T/$name.script" --artifacts "$T" \
		> "$T/$name.out" 2>> "$T/kiosk.log"
	rc=$?
	kill "$VC" 2>/dev/null; wait "$VC" 2>/dev/null; VC=""
	bad=$(grep -c '^not ok' "$T/$name.out")
	check "$([ $rc = 0 ] && [ "$bad" = 0 ] && echo 0 || echo 1)" "$name card: the kiosk shows '$msg' and keeps no personal data"
	[ "$bad" = 0 ] || grep '^not ok' "$T/$name.out" | sed 's/^/# /'
	"$B/kiosk-cardtool" --wait-ms 5000 wait-removed > /dev/null 2>&1
done
check "$(grep -q -E '71234567|Rajesh|4321' "$T/kiosk.log" "$T/vc.log" && echo 1 || echo 0)" \
	"after the refusals too: no civil number, name or PIN in the logs"

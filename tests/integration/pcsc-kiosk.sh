#!/bin/sh
# pcsc-kiosk.sh - the kiosk itself on the real PC/SC stack: a private pcscd in its own mount and
# network namespace, vpcd, build/virtual-card holding the demo resident card, and the kiosk
# (headless, [card] backend = pcsc) running tests/e2e/pcsc-pin.script: the card worker sees the
# card through SCardGetStatusChange, reads it, asks for the PIN (wrong, then right), welcomes.
# Then the card is pulled out and the session must end. Then three refusals through the flow: a
# blocked PIN, an expired card, three wrong PINs in a row. Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
if [ -z "${PCSC_KIOSK_INNER:-}" ]; then
	if [ "$(id -u)" != 0 ] || ! command -v pcscd >/dev/null || ! command -v unshare >/dev/null ||
		[ ! -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ]; then
		echo "ok 1 - # SKIP needs root, pcscd, unshare and vsmartcard-vpcd"
		exit 0
	fi
	mkdir -p /run/pcscd
	PCSC_KIOSK_INNER=1 exec unshare --mount --net sh "$0" "$@"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/pcsck.XXXXXX")
REPO=$(pwd)
PCSCD=""
VC=""
KIOSK=""
cleanup() {
	for p in $KIOSK $VC $PCSCD; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	umount /run/pcscd 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
n=200
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
poll() { i=0; while ! eval "$1" && [ $i -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done; eval "$1"; }

ip link set lo up
mkdir -p "$T/run" "$T/receipts"
mount --bind "$T/run" /run/pcscd
pcscd --foreground > "$T/pcscd.log" 2>&1 &
PCSCD=$!
poll '[ -S /run/pcscd/pcscd.comm ]' 50

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
# the script ends by waiting for the attract screen: pull the card once it is welcomed
poll 'grep -q "expect welcome" "$T/kiosk.out"' 300
"$B/virtual-card" --send "$T/vc.ctl" remove > /dev/null
i=0; while kill -0 "$KIOSK" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
wait "$KIOSK"; rc=$?
KIOSK=""
grep -E '^(not )?ok ' "$T/kiosk.out" | while IFS= read -r l; do
	case $l in
	"not ok"*) echo "not ok - script: ${l#not ok * - }" ;;
	*) echo "ok - script: ${l#ok * - }" ;;
	esac
done
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
for c in blocked:pin-blocked expired:expired wrong3:pin-blocked; do
	name=${c%:*}; msg=${c#*:}
	{
		echo "expect attract 5000"
		if [ "$name" = wrong3 ]; then
			echo "expect pin 15000"
			for k in 1 2; do echo "pin 0000"; echo "expect-msg pin-wrong 10000"; done
			echo "pin 0000"
		fi
		echo "expect error 15000"
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

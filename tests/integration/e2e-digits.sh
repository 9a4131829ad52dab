#!/bin/sh
# e2e-digits.sh - the digit setting wired end to end: the real kiosk (headless, sim card reader,
# in-process network simulator, fake clock) with [language] digits_ar = arabic-indic runs
# tests/e2e/digits.script; the Arabic wrong-PIN screen must say its tries left in Arabic-Indic
# digits and the English one in Western digits (app/main.c sets the one struct i18n the screen
# and the print worker share; the paper is checked by test_receipt). Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/script-tap.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/e2e-digits.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=400
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

sim_conf "$T" KIOSK-DIGITS-001
cat >> "$T/kiosk.conf" <<CONF
[clock]
backend = fake
[language]
digits_ar = arabic-indic
digits_en = western
CONF
run_script "$T" tests/e2e/digits.script
rc=$?
check "$rc" "the kiosk ran the digits script and exited cleanly (status $rc)"
grep -q '^text: .*المحاولات المتبقية: ٢$' "$T/pin-wrong-ar.txt" 2>/dev/null
ar=$?
check "$ar" "Arabic: tries left in Arabic-Indic digits (المحاولات المتبقية: ٢)"
[ "$ar" = 0 ] || sed 's/^/# ar dump: /' "$T/pin-wrong-ar.txt" 2>/dev/null
grep -q '^text: .*Tries left: 2$' "$T/pin-wrong-en.txt" 2>/dev/null
check $? "English: tries left in Western digits (Tries left: 2)"
[ -f "$T/pin-wrong-ar.txt" ] && ! grep '^text: ' "$T/pin-wrong-ar.txt" | grep -q '[0-9]'
check $? "Arabic: no Western digit in any text of the screen"

# script-tap.sh - sourced by the integration tests that run the kiosk with --script
# (pcsc-kiosk.sh, e2e-expiry.sh, e2e-digits.sh), from the repository root; in lib/ so
# tests/run-tests never runs it. The kiosk numbers its script's TAP lines itself; these pass them
# on unnumbered, prefixed "script:", so they add to the test's own numbered checks.
#
#	script_tap FILE        the script's "ok"/"not ok" lines from the kiosk's stdout in FILE
#	has DUMP TEXT          0 when the text dump $ART/DUMP.txt (the script's `dump DUMP`) shows
#	                       TEXT, else 1 (for check); hasnt DUMP TEXT: the other way round
#	sim_conf DIR ID        writes DIR/kiosk.conf for kiosk ID with the sim card reader (the
#	                       demo cards), network and printer, the repository's fonts and a
#	                       database in DIR; the caller appends its own sections ([clock], ...)
#	run_script DIR SCRIPT  runs $B/kiosk headless on DIR/kiosk.conf with SCRIPT (artifacts,
#	                       stdout and log in DIR), passes its TAP on; returns the kiosk's status

script_tap() {
	grep -E '^(not )?ok ' "$1" | while IFS= read -r l; do
		case $l in
		"not ok"*) echo "not ok - script: ${l#not ok * - }" ;;
		*) echo "ok - script: ${l#ok * - }" ;;
		esac
	done
}

sim_conf() {
	mkdir -p "$1/receipts"
	cat > "$1/kiosk.conf" <<CONF
; the defaults, but for these: the sim devices
[kiosk]
id = $2
[card]
backend = sim
sim_cards = $(pwd)/assets/demo-cards
[display]
font_dir = $(pwd)/assets/fonts-arabic
[network]
backend = sim
[printer]
backend = sim
device = receipts
[cache]
database = kiosk.db
CONF
}

run_script() {
	"$B/kiosk" -c "$1/kiosk.conf" --headless --script "$2" --artifacts "$1" \
		> "$1/kiosk.out" 2> "$1/kiosk.log"
	run_script_rc=$?
	script_tap "$1/kiosk.out"
	[ "$run_script_rc" = 0 ] || sed 's/^/# kiosk: /' "$1/kiosk.log" | tail -n 20
	return "$run_script_rc"
}

has() { grep -q -F -- "$2" "$ART/$1.txt" 2>/dev/null && echo 0 || echo 1; }
hasnt() { grep -q -F -- "$2" "$ART/$1.txt" 2>/dev/null && echo 1 || echo 0; }

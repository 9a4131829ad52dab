# script-tap.sh - sourced by the integration tests that run the kiosk with --script
# (pcsc-kiosk.sh, e2e-expiry.sh), from the repository root; in lib/ so tests/run-tests never runs
# it. The kiosk numbers its script's TAP lines itself; these pass them on unnumbered, prefixed
# "script:", so they add to the test's own numbered checks.
#
#	script_tap FILE        the script's "ok"/"not ok" lines from the kiosk's stdout in FILE

script_tap() {
	grep -E '^(not )?ok ' "$1" | while IFS= read -r l; do
		case $l in
		"not ok"*) echo "not ok - script: ${l#not ok * - }" ;;
		*) echo "ok - script: ${l#ok * - }" ;;
		esac
	done
}

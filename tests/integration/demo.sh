#!/bin/sh
# demo.sh - `make demo` works: runs scripts/demo (every tests/demo/*.script against the ministry
# simulator, headless) into a temporary folder and checks what it wrote: every script passed,
# the screenshots are numbered 001.. without a gap, each is a real PNG of the kiosk's size
# (720 x 1280, ministry.sh's kiosk.conf) and each receipt one of the printer's width, a shot
# named -ar / -en shows a screen in that language, and index.html references every file there
# and nothing that is not, with no script and no outside address. About 5 s. Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
. tests/integration/lib/script-tap.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/demo.XXXXXX")
trap 'rm -rf "$T"' EXIT
O="$T/demo"
n=700
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

./scripts/demo --build "$B" --out "$O" > "$T/demo.out" 2>&1
rc=$?
script_tap "$T/demo.out" # one line per script (and the simulator's start), from the driver
grep '^#' "$T/demo.out"
check "$rc" "scripts/demo finished (status $rc)"
for s in tests/demo/*.script; do
	name=$(basename "$s" .script)
	check "$(grep -q -E "^ok [0-9]+ - $name: " "$T/demo.out" && echo 0 || echo 1)" \
		"$name: played, and every check of it passed"
done

# png_size FILE: "W H" from the PNG header; "" when it is not a PNG
png_size() {
	od -A n -t u1 -N 24 "$1" 2>/dev/null | tr -s ' \n' '  ' | awk '
		$1 == 137 && $2 == 80 && $3 == 78 && $4 == 71 && $5 == 13 && $6 == 10 && $7 == 26 &&
		$8 == 10 && $13 == 73 && $14 == 72 && $15 == 68 && $16 == 82 {
			print ((($17 * 256 + $18) * 256 + $19) * 256 + $20), \
				((($21 * 256 + $22) * 256 + $23) * 256 + $24) }'
}

ls "$O" | grep -E '^[0-9]{3}-.*\.png$' | grep -v -E '^[0-9]{3}-receipt-[0-9]+\.png$' > "$T/shots"
ls "$O" | grep -E '^[0-9]{3}-receipt-[0-9]+\.png$' > "$T/receipts"
nshots=$(wc -l < "$T/shots")
nrec=$(wc -l < "$T/receipts")
check "$([ "$nshots" -ge 20 ] && echo 0 || echo 1)" "the walk has its screenshots ($nshots)"
check "$([ "$nrec" -ge 2 ] && echo 0 || echo 1)" \
	"the printer's receipts are there: online and offline ($nrec)"
gaps=$(cut -c 1-3 "$T/shots" | awk '$1 + 0 != NR { bad++ } END { print bad + 0 }')
check "$([ "$gaps" = 0 ] && echo 0 || echo 1)" \
	"the screenshots are numbered 001 to $(printf '%03d' "$nshots"), each once, no gap"
bad=0
while read -r f; do
	sz=$(png_size "$O/$f")
	[ "$sz" = "720 1280" ] || { echo "# $f: not a 720 x 1280 PNG (${sz:-no PNG header})"; bad=$((bad + 1)); }
done < "$T/shots"
check "$bad" "each screenshot is a PNG of the kiosk's size, 720 x 1280 ($bad not)"
bad=0
while read -r f; do
	sz=$(png_size "$O/$f")
	w=${sz%% *}
	h=${sz##* }
	# generic-80 (ministry.sh's kiosk.conf) prints 576 dots a line
	{ [ "${w:-0}" = 576 ] && [ "${h:-0}" -gt 500 ]; } ||
		{ echo "# $f: not a receipt's PNG (${sz:-no PNG header})"; bad=$((bad + 1)); }
	at=${f%%-*}
	grep -q "^$at-" "$T/shots" || { echo "# $f: no step $at"; bad=$((bad + 1)); }
done < "$T/receipts"
check "$bad" "each receipt is a PNG 576 dots wide, beside a step that exists ($bad not)"
kgaps=$(sed 's/^[0-9]*-receipt-\([0-9]*\)\.png$/\1/' "$T/receipts" | sort -n |
	awk '$1 != NR { bad++ } END { print bad + 0 }')
check "$kgaps" "the receipts are numbered 1 to $nrec"

# the contact sheet
H="$O/index.html"
check "$([ -s "$H" ] && echo 0 || echo 1)" "index.html written"
grep -o -E '(src|href)="[^"]*"' "$H" | sed -E 's/^(src|href)="(.*)"$/\2/' | grep -v '^#' |
	sort -u > "$T/refs"
ls "$O" | grep -v '^index\.html$' | sort > "$T/files"
missing=$(comm -23 "$T/refs" "$T/files" | tr '\n' ' ')
unlisted=$(comm -13 "$T/refs" "$T/files" | tr '\n' ' ')
check "$([ -z "$missing" ] && echo 0 || echo 1)" "every file index.html shows exists (missing: ${missing:-none})"
check "$([ -z "$unlisted" ] && echo 0 || echo 1)" "index.html shows every file written (not shown: ${unlisted:-none})"
nimg=$(grep -c -E '<img src="[0-9]{3}-' "$H")
check "$([ "$nimg" = $((nshots + nrec)) ] && echo 0 || echo 1)" \
	"one thumbnail per screenshot and per receipt ($nimg)"
order=$(grep -o -E '<img src="[0-9]{3}-[^"]*"' "$H" | grep -v -- '-receipt-' | cut -c 11-13 |
	awk '$1 + 0 != NR { bad++ } END { print bad + 0 }')
check "$order" "the thumbnails stand in step order"
check "$(grep -q -i -E '<script|https?:|src="//|href="//|url\(' "$H" && echo 1 || echo 0)" \
	"plain HTML and CSS: no script, no outside address"
check "$(grep -q '^<html lang="en" dir="ltr">' "$H" && grep -q '<meta charset="utf-8">' "$H" &&
	echo 0 || echo 1)" "the page declares its language and encoding"
# each step's caption names its screen's language with lang and dir, and a shot named
# NAME-ar / NAME-en shows a screen in that language (the kiosk's own word, app/script.c)
badlang=$(awk '
	/<img src="[0-9][0-9][0-9]-/ { match($0, /src="[^"]*"/); f = substr($0, RSTART + 5, RLENGTH - 6) }
	/<figcaption><span class="n">[0-9]/ {
		if (!match($0, /<span lang="(ar|en)" dir="auto">/)) { print f ": no lang"; next }
		l = substr($0, RSTART + 12, 2)
		if (f ~ /-(ar|en)\.png$/ && f !~ ("-" l "\\.png$")) print f ": shows " l
	}' "$H")
check "$([ -z "$badlang" ] && echo 0 || echo 1)" \
	"every caption marks its language; -ar/-en shots show that language"
[ -z "$badlang" ] || echo "$badlang" | sed 's/^/# /'
check "$(grep -q 'lang="ar" dir="auto">العربية<' "$H" && echo 0 || echo 1)" \
	"an Arabic caption is marked lang=\"ar\" dir=\"auto\""
for sv in visit-receipt/result worker-record/permit worker-record/history worker-record/absence \
	worker-record/result establishment-licences/quotas establishment-licences/establishment \
	my-receipts/done access-log/entries absence-objection/check pin-check pin-ok establishments \
	permit-renewal/workers permit-renewal/check service-transfer/rules service-transfer/consent \
	jobseeker-registration/occupations jobseeker-registration/check \
	no-role card-error \
	refused; do
	check "$(grep -q "<code>$sv</code>" "$H" && echo 0 || echo 1)" "the walk shows $sv"
done

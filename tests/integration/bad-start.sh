#!/bin/sh
# bad-start.sh - the kiosk refuses to start on bad input with a clear message and a distinct exit
# status, never a crash or a hang: an invalid config, a missing font folder, an unwritable
# database path, no display. Prints TAP.
set -u
B=${KIOSK_BUILD:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/badstart.XXXXXX")
trap 'rm -rf "$T"' EXIT
REPO=$(pwd)
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
yes_if() { if eval "$1"; then echo 0; else echo 1; fi; }

base() { # extra lines appended by the caller
	cat <<CONF
[display]
width = 720
height = 1280
font_dir = $REPO/assets/fonts-arabic
[card]
sim_cards = $REPO/assets/demo-cards
[printer]
device = $T/receipts
[cache]
database = $T/kiosk.db
CONF
}

# 1. an invalid config: exit 2, the message names file and line, before any window opens
{ base; printf '[kiosk]\nlanguage = fr\n'; } > "$T/bad.conf"
timeout 20 "$B/kiosk" -c "$T/bad.conf" > "$T/out" 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 2 ]')" "invalid config: exit status 2 (got $rc)"
check "$(yes_if 'grep -q "bad.conf:12: \[kiosk\] language: .fr. is not one of ar|en" "$T/err"')" \
	"invalid config: message names the line and the allowed values"
timeout 20 "$B/kiosk" --check-config "$T/bad.conf" > /dev/null 2>&1; rc=$?
check "$(yes_if '[ $rc = 2 ]')" "--check-config on an invalid file: exit 2 (got $rc)"
base > "$T/good.conf"
out=$(timeout 20 "$B/kiosk" --check-config "$T/good.conf" 2>&1); rc=$?
check "$(yes_if '[ $rc = 0 ] && echo "$out" | grep -q ": OK"')" "--check-config on a valid file: OK"
timeout 20 "$B/kiosk" -c "$T/nonexistent.conf" > /dev/null 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 2 ] && grep -q "cannot open" "$T/err"')" "missing config file: exit 2, says so"

# 2. a font folder without the fonts: exit 4, names the missing file
mkdir -p "$T/nofonts"
{ base | sed "s|^font_dir = .*|font_dir = $T/nofonts|"; } > "$T/nofont.conf"
SDL_VIDEODRIVER=dummy timeout 20 "$B/kiosk" -c "$T/nofont.conf" > /dev/null 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 4 ]')" "missing fonts: exit status 4 (got $rc)"
check "$(yes_if 'grep -q "NotoSans" "$T/err"')" "missing fonts: the log names the font file"

# 2b. no English texts (en.mo, the fallback of every text): exit 4, says so; no Arabic texts:
#     the kiosk runs (Arabic screens in English)
mkdir -p "$T/nolocale" "$T/onlyen"
cp "$B/locale/en.mo" "$T/onlyen/"
KIOSK_LOCALE_DIR="$T/nolocale" SDL_VIDEODRIVER=dummy timeout 20 "$B/kiosk" -c "$T/good.conf" \
	> /dev/null 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 4 ]')" "no en.mo: exit status 4 (got $rc)"
check "$(yes_if 'grep -q "en.mo" "$T/err"')" "no en.mo: the message names it"
printf 'expect attract 5000\nquit\n' > "$T/en.script"
KIOSK_LOCALE_DIR="$T/onlyen" SDL_VIDEODRIVER=dummy timeout 30 "$B/kiosk" -c "$T/good.conf" \
	--script "$T/en.script" > "$T/en.out" 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 0 ] && grep -q "ar.mo" "$T/err"')" \
	"no ar.mo: the kiosk runs, and the log says Arabic shows English (status $rc)"

# 3. a database that cannot be used: the kiosk stays up, says "out of service" on screen, takes
#    no card, and comes back by itself once the database opens
{ base | sed "s|^database = .*|database = $T/no/such/folder/kiosk.db|"; } > "$T/nodb.conf"
cat > "$T/oos.script" <<SCRIPT
expect out-of-service 5000
expect-msg msg.out_of_service 1000
card insert 01-citizen
expect out-of-service 1000
expect-no-personal
quit
SCRIPT
SDL_VIDEODRIVER=dummy timeout 30 "$B/kiosk" -c "$T/nodb.conf" --script "$T/oos.script" \
	> "$T/oos.out" 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 0 ]')" "unusable database: the kiosk stays up out of service (status $rc)"
check "$(yes_if '! grep -q "^not ok" "$T/oos.out"')" \
	"unusable database: out-of-service screen, and a card starts no session"
check "$(yes_if 'grep -q "cannot use the database .*no/such/folder" "$T/err"')" \
	"unusable database: message names the path"
# a quarantined database: out of service until the technician removes the marker
{ base | sed "s|^database = .*|database = $T/q.db|"; printf '[clock]\nbackend = fake\n'; } \
	> "$T/q.conf"
echo "quarantined by the test" > "$T/q.db.quarantined"
cat > "$T/q.script" <<SCRIPT
expect out-of-service 5000
expect-msg msg.out_of_service 1000
wait-gone $T/q.db.quarantined 10000
advance 31
expect attract 5000
quit
SCRIPT
SDL_VIDEODRIVER=dummy timeout 30 "$B/kiosk" -c "$T/q.conf" --script "$T/q.script" \
	> "$T/q.out" 2> "$T/q.err" &
kpid=$!
i=0; while ! grep -q "msg.out_of_service" "$T/q.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
rm -f "$T/q.db.quarantined"
wait $kpid; rc=$?
check "$(yes_if '[ $rc = 0 ] && ! grep -q "^not ok" "$T/q.out"')" \
	"quarantine marker removed: back in service without a restart (status $rc)"
check "$(yes_if 'grep -q "back in service" "$T/q.err"')" "the log says it is back in service"

# 4. no display at all: exit 4 with a hint, not a hang in an invisible window
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 20 "$B/kiosk" -c "$T/good.conf" \
	> /dev/null 2> "$T/err"; rc=$?
check "$(yes_if '[ $rc = 4 ]')" "no display: exit status 4 (got $rc)"
check "$(yes_if 'grep -qi "display" "$T/err"')" "no display: the message says so"

# 5. SIGTERM shuts a running kiosk down cleanly (workers joined, status 0)
SDL_VIDEODRIVER=dummy "$B/kiosk" -c "$T/good.conf" > /dev/null 2> "$T/run.err" &
pid=$!
i=0; while ! grep -q 'starting' "$T/run.err" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
sleep 0.5
kill -TERM $pid
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
if kill -0 $pid 2>/dev/null; then kill -KILL $pid; rc=hung; else wait $pid; rc=$?; fi
check "$(yes_if '[ "$rc" = 0 ]')" "SIGTERM: clean exit with status 0 (got $rc)"
check "$(yes_if 'grep -q "stopped (status 0)" "$T/run.err"')" "SIGTERM: shutdown path ran to the end"

#!/bin/sh
# lint-text.sh - scripts/lint-text enforces "every text from po/" in CI: the tree is clean, and a
# copy of it with planted mistakes is caught: an English text drawn from C, a lower-case one
# drawn from C, an Arabic literal, a key that is in neither catalogue, a key missing from
# ar.po only, a literal that is not shaped like a key, a key pattern or an enum prefix that
# matches no key; bag paths, log lines and marked lines are not findings. Prints TAP.
set -u
T=$(mktemp -d "${TMPDIR:-/tmp}/lint-text.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
check() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
yes_if() { if eval "$1"; then echo 0; else echo 1; fi; }

out=$(./scripts/lint-text 2>&1); rc=$?
check "$(yes_if '[ $rc -eq 0 ]')" "the tree has no text findings ($(echo "$out" | tail -n 1))"
[ $rc -eq 0 ] || echo "$out" | sed 's/^/# /'

# a copy of the sources and catalogues, then the plants
git ls-files '*.c' '*.h' 'po/*.po' | tar -cf - -T - | tar -xf - -C "$T"
cat > "$T/ui/screens/planted.c" <<'C'
#include "../ui_internal.h"
void planted(struct ui *ui);
void
planted(struct ui *ui)
{
	ui_text(ui, "Insert your card", 40, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, 0, 0);
	ui_text(ui, "insert your card", 40, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, 0, 0);
	ui_text(ui, "أدخل بطاقتك", 40, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, 0, 0);
	ui_text(ui, ui_tr(ui, "attract.no_such_key"), 40, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER,
	        0, 0);
	ui_text(ui, i18n_tr(ui->i18n, "ar", "Ministry"), 40, true, TEXT_DIR_AUTO,
	        TEXT_ALIGN_CENTER, 0, 0);
	klog(KLOG_ERR, "ui", "Cannot draw the planted text.");
	ui_text(ui, "Demo mode", 40, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, 0, 0); /* not user text */
}
C
# a service's table: bag paths are not keys; a key pattern and an enum prefix must match po/
cat > "$T/services/svc_planted.c" <<'C'
#include "svc.h"
static const struct svc_line planted_lines[] = {
        {"record.title", {"record.permit.nosuch", SVC_FMT_ENUM, "permit.nosuch"}},
        {"record.title", {"record.permit.status", SVC_FMT_ENUM, "permit.status"}},
};
static const char *planted_key(char *k, int n) { snprintf(k, 64, "result.nosuch.%d", n); return k; }
C
# pin.ok leaves ar.po (its msgid line and its msgstr)
sed -i '/^msgid "pin.ok"$/,/^msgstr/d' "$T/po/ar.po"
out=$(./scripts/lint-text "$T" 2>&1); rc=$?
echo "$out" | sed 's/^/# /'
has() { echo "$out" | grep -q -- "$1"; }
check "$(yes_if '[ $rc -ne 0 ]')" "the planted copy fails the lint"
check "$(yes_if 'has "planted.c:6: prose: \"Insert your card\""')" \
	"ui_text(ui, \"Insert your card\", ...) is caught"
check "$(yes_if 'has "planted.c:7: prose: \"insert your card\""')" \
	"a lower-case text drawn with ui_text is caught"
check "$(yes_if 'has "planted.c:8: arabic:"')" "an Arabic literal in C is caught"
check "$(yes_if 'has "planted.c:9: key: \"attract.no_such_key\" is not in po/en.po" &&
	has "planted.c:9: key: \"attract.no_such_key\" is not in po/ar.po"')" \
	"a key in neither catalogue is caught for both"
check "$(yes_if 'has "planted.c:11: key: \"Ministry\" is not shaped like a key"')" \
	"the key argument of i18n_tr must be a key"
check "$(yes_if 'has ": key: \"pin.ok\" is not in po/ar.po" && ! has "\"pin.ok\" is not in po/en.po"')" \
	"a key missing from ar.po only is caught, once"
check "$(yes_if '! has "planted.c:13:" && ! has "planted.c:14:"')" \
	"a log line and a marked line are not findings"
check "$(yes_if 'has "svc_planted.c:3: key: no \"permit.nosuch.\*\" in po/en.po"')" \
	"an enum prefix that begins no key is caught"
check "$(yes_if 'has "svc_planted.c:6: key: no key in po/en.po matches \"result.nosuch.%d\""')" \
	"a key pattern that matches no key is caught"
check "$(yes_if '! has "svc_planted.c:4:" && ! has "record.permit.nosuch"')" \
	"bag paths and a good enum prefix are not findings"
check "$(yes_if '[ "$(echo "$out" | grep -c ": [a-z]*: ")" -eq 12 ]')" \
	"nothing else in the copy is a finding"
echo "1..$n"

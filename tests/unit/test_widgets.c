/*
 * test_widgets.c - the reusable widgets and text editing: append / backspace by grapheme
 * cluster (Arabic letters with harakat, emoji sequences, malformed bytes), Arabic-Indic digits
 * normalised to ASCII for validation; and, headless, the widget gallery: keyboard keys deliver
 * their code points once, the Arabic keyboard has Arabic-Indic digits, list rows deliver their
 * index, steps and list mirror, the modal dialog swallows taps beside it, every key is at least
 * a touch target. Pictures go to $KIOSK_BUILD/test-artifacts/widgets-*.png.
 */
#include "../tap.h"
#include "../texts.h"

#include "common/config.h"
#include "common/kerr.h"
#include "text/textedit.h"
#include "ui/ui.h"
#include "ui/ui_test.h"

#include <errno.h>
#include <sys/stat.h>

static void
test_textedit(void)
{
	char b[16] = "";
	is_int(textedit_append(b, sizeof(b), 'a'), 0, "append a");
	is_int(textedit_append(b, sizeof(b), 0x0628), 0, "append beh");
	is_int(textedit_append(b, sizeof(b), 0x1F600), 0, "append an emoji");
	is_str(b, "a\xd8\xa8\xf0\x9f\x98\x80", "UTF-8 appended");
	is_int(textedit_append(b, sizeof(b), 0xD800), KERR_INVAL, "a surrogate is refused");
	is_int(textedit_append(b, sizeof(b), '\n'), KERR_INVAL, "a control is refused");
	is_int(textedit_append(b, 9, 0x0628), KERR_FULL, "no room: KERR_FULL");
	is_str(b, "a\xd8\xa8\xf0\x9f\x98\x80", "... and the text is unchanged");

	/* backspace by cluster */
	char t[64] = "سَلَّمَ"; /* seen + fatha, lam + shadda + fatha, meem + fatha */
	is_int((int)textedit_backspace(t), 4, "meem + fatha go together");
	is_int((int)textedit_backspace(t), 6, "lam + shadda + fatha go together");
	is_str(t, "سَ", "seen with its fatha is left");
	textedit_backspace(t);
	is_str(t, "", "then nothing");
	is_int((int)textedit_backspace(t), 0, "backspace on empty removes nothing");
	char e[64] = "ok 👍🏽👨‍👩‍👧";
	textedit_backspace(e);
	is_str(e, "ok 👍🏽", "a ZWJ family emoji goes at once");
	textedit_backspace(e);
	is_str(e, "ok ", "an emoji with its skin tone goes at once");
	char bad[8] = {'a', (char)0xE2, (char)0x82, 0};
	is_int((int)textedit_backspace(bad), 1, "a cut sequence goes a byte at a time");
	textedit_backspace(bad);
	is_str(bad, "a", "... then the next byte");

	/* digits */
	char out[32];
	is_int(textedit_ascii_digits("٩٦٨ ۱۲۳ 45", out, sizeof(out)), 8, "8 digits counted");
	is_str(out, "968 123 45", "Arabic-Indic and extended digits become ASCII");
	is_int(textedit_ascii_digits("١٢٣٤٥٦٧٨٩", out, 5), KERR_TOOBIG,
	       "short buffer: KERR_TOOBIG");
	ok(textedit_is_number("٩٦٨١٢٣٤٥", 8, 8), "an Arabic-Indic phone number validates");
	ok(textedit_is_number("96812345", 8, 8), "the same in ASCII validates");
	ok(!textedit_is_number("9681234x", 8, 8), "a letter fails validation");
	ok(!textedit_is_number("٩٦٨", 4, 8), "too short fails validation");
	ok(!textedit_is_number("", 1, 8), "empty fails validation");
}

static char artifacts[512];

static void
shot(struct ui *ui, const char *name)
{
	char path[700];
	snprintf(path, sizeof(path), "%s/widgets-%s.png", artifacts, name);
	ui_screenshot(ui, path);
}

/* Taps the centre of (action, arg) and returns the events it produced. */
static int
tap_key(struct ui *ui, enum ui_action action, int arg, struct ui_event *got)
{
	int x, y, w, h, n = 0;
	if (ui_key_box(ui, action, arg, &x, &y, &w, &h) < 0)
		return -1;
	ui_inject_tap(ui, x + w / 2, y + h / 2);
	struct ui_event ev;
	memset(got, 0, sizeof(*got));
	for (int guard = 0; guard < 20; guard++) {
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			break;
		if (ev.type == UI_EV_ACTION) {
			n++;
			*got = ev;
		}
	}
	return n;
}

static void
test_gallery(void)
{
	struct kiosk_config cfg;
	struct ui *ui;
	struct ui_view v;
	struct ui_event ev;
	config_defaults(&cfg, ".");
	if (ui_open(&ui, &cfg, test_texts(), true) < 0) {
		ok(0, "ui_open");
		return;
	}
	int touch = ui_touch_px(ui), x, y, w, h;
	memset(&v, 0, sizeof(v));
	snprintf(v.lang, sizeof(v.lang), "en");
	is_int(ui_render_gallery(ui, &v, 1), 0, "gallery 1 renders in English");
	shot(ui, "en");
	is_int(tap_key(ui, UI_ACT_KEY, 'q', &ev), 1, "tap on q: one action");
	ok(ev.action == UI_ACT_KEY && ev.key == 'q', "... UI_ACT_KEY with key 'q'");
	is_int(tap_key(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, &ev), 1, "tap on delete: one action");
	is_int(ev.key, UI_KEY_BACKSPACE, "... key UI_KEY_BACKSPACE");
	tap_key(ui, UI_ACT_KEY, ' ', &ev);
	is_int(ev.key, ' ', "space bar gives ' '");
	tap_key(ui, UI_ACT_KEY, UI_KEY_ENTER, &ev);
	is_int(ev.key, UI_KEY_ENTER, "done gives UI_KEY_ENTER");
	is_int(tap_key(ui, UI_ACT_LIST, 2, &ev), 1, "tap on list row 3: one action");
	ok(ev.action == UI_ACT_LIST && ev.digit == 2, "... UI_ACT_LIST with row 2");
	int small = 0, keys = 0;
	for (int cp = 0x20; cp < 0x7F; cp++)
		if (ui_key_box(ui, UI_ACT_KEY, cp, &x, &y, &w, &h) == 0) {
			keys++;
			small += w < touch || h < touch;
		}
	ok(keys >= 41 && small == 0, "English keyboard: %d keys, none under %d px", keys, touch);
	int lx_en;
	ui_key_box(ui, UI_ACT_LIST, 0, &lx_en, &y, &w, &h);

	snprintf(v.lang, sizeof(v.lang), "ar");
	is_int(ui_render_gallery(ui, &v, 1), 0, "gallery 1 renders in Arabic");
	shot(ui, "ar");
	is_int(tap_key(ui, UI_ACT_KEY, 0x0663, &ev), 1, "Arabic keyboard has the digit ٣");
	is_int(ev.key, 0x0663, "... and it gives U+0663");
	is_int(tap_key(ui, UI_ACT_KEY, 0x0636, &ev), 1, "Arabic keyboard has ض");
	is_int(ui_key_box(ui, UI_ACT_KEY, 'q', &x, &y, &w, &h), KERR_NOTFOUND,
	       "no Latin keys on the Arabic keyboard");
	small = keys = 0;
	for (int cp = 0x0600; cp < 0x0700; cp++)
		if (ui_key_box(ui, UI_ACT_KEY, cp, &x, &y, &w, &h) == 0) {
			keys++;
			small += w < touch || h < touch;
		}
	ok(keys == 43 && small == 0, "Arabic keyboard: %d letter and digit keys, none small", keys);
	int xd_ar, xe_ar;
	ui_key_box(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, &xd_ar, &y, &w, &h);
	ui_key_box(ui, UI_ACT_KEY, UI_KEY_ENTER, &xe_ar, &y, &w, &h);
	ok(xd_ar > xe_ar, "Arabic: delete at the start (right) side, done at the end side");

	/* the dialog */
	is_int(ui_render_gallery(ui, &v, 2), 0, "the time-out dialog renders");
	shot(ui, "dialog-ar");
	is_int(tap_key(ui, UI_ACT_CONTINUE, 0, &ev), 1, "tap on continue in the dialog");
	is_int(ev.action, UI_ACT_CONTINUE, "... UI_ACT_CONTINUE");
	int cx, fx;
	ui_widget_center(ui, UI_ACT_CONTINUE, &cx, &y);
	ui_widget_center(ui, UI_ACT_FINISH, &fx, &y);
	ok(cx > fx, "Arabic dialog: continue at the start (right) side");
	/* the language toggle lies under the scrim: a tap there is input, not an action */
	ui_widget_center(ui, UI_ACT_LANG_TOGGLE, &x, &y);
	int acts = 0, inputs = 0;
	ui_inject_tap(ui, x, y);
	for (int guard = 0; guard < 20; guard++) {
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			break;
		acts += ev.type == UI_EV_ACTION;
		inputs += ev.type == UI_EV_INPUT;
	}
	ok(acts == 0 && inputs == 1, "a tap beside the dialog is input only (%d actions)", acts);
	ui_render(ui, &v);
	is_int(ui_widget_center(ui, UI_ACT_CONTINUE, &x, &y), KERR_NOTFOUND,
	       "a plain ui_render leaves the gallery");
	ui_close(ui);
}

int
main(void)
{
	const char *b = getenv("KIOSK_BUILD");
	snprintf(artifacts, sizeof(artifacts), "%s/test-artifacts", b && b[0] ? b : "build");
	if (mkdir(artifacts, 0755) < 0 && errno != EEXIST)
		snprintf(artifacts, sizeof(artifacts), "%s", tap_tmpdir());
	test_textedit();
	test_gallery();
	return tap_done();
}

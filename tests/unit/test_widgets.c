/*
 * test_widgets.c - the reusable widgets and text editing: append / backspace by grapheme
 * cluster (Arabic letters with harakat, emoji sequences, malformed bytes), Arabic-Indic digits
 * normalised to ASCII for validation; and, headless, the widget gallery: keyboard keys deliver
 * their code points once, the Arabic keyboard has Arabic-Indic digits, list rows deliver their
 * index, steps and list mirror, the modal dialog swallows taps beside it, every key is at least
 * a touch target; and the keyboards of a FORM screen (tests/views.h): the digit pad, the Arabic
 * and the English keyboard give their keys as UI_ACT_KEY with the code point in ev.arg, and a
 * hardware keyboard types into the field. Pictures go to
 * $KIOSK_BUILD/test-artifacts/widgets-*.png.
 */
#include "../tap.h"
#include "../texts.h"
#include "../views.h"

#include "common/config.h"
#include "common/kerr.h"
#include "text/textedit.h"
#include "text/textfold.h"
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
	/* the gallery draws its widgets in the chrome of a view; the dialog lies over its card */
	sample_view(&v, UI_KIND_CARD, "en", test_texts());
	is_int(ui_render_gallery(ui, &v, 1), 0, "gallery 1 renders in English");
	shot(ui, "en");
	is_int(tap_key(ui, UI_ACT_KEY, 'q', &ev), 1, "tap on q: one action");
	ok(ev.action == UI_ACT_KEY && ev.arg == 'q', "... UI_ACT_KEY with arg 'q'");
	is_int(tap_key(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, &ev), 1, "tap on delete: one action");
	is_int(ev.arg, UI_KEY_BACKSPACE, "... arg UI_KEY_BACKSPACE");
	tap_key(ui, UI_ACT_KEY, ' ', &ev);
	is_int(ev.arg, ' ', "space bar gives ' '");
	tap_key(ui, UI_ACT_KEY, UI_KEY_ENTER, &ev);
	is_int(ev.arg, UI_KEY_ENTER, "done gives UI_KEY_ENTER");
	is_int(tap_key(ui, UI_ACT_CHOOSE, 2, &ev), 1, "tap on list row 3: one action");
	ok(ev.action == UI_ACT_CHOOSE && ev.arg == 2, "... UI_ACT_CHOOSE with row 2");
	int small = 0, keys = 0;
	for (int cp = 0x20; cp < 0x7F; cp++)
		if (ui_key_box(ui, UI_ACT_KEY, cp, &x, &y, &w, &h) == 0) {
			keys++;
			small += w < touch || h < touch;
		}
	ok(keys >= 41 && small == 0, "English keyboard: %d keys, none under %d px", keys, touch);
	int lx_en, lw_en;
	ui_key_box(ui, UI_ACT_CHOOSE, 0, &lx_en, &y, &lw_en, &h);
	int sw;
	ui_size(ui, &sw, &h);

	sample_view(&v, UI_KIND_CARD, "ar", test_texts());
	is_int(ui_render_gallery(ui, &v, 1), 0, "gallery 1 renders in Arabic");
	shot(ui, "ar");
	int lx_ar, lw_ar;
	ui_key_box(ui, UI_ACT_CHOOSE, 0, &lx_ar, &y, &lw_ar, &h);
	ok(lw_ar == lw_en && abs(lx_ar - (sw - lx_en - lw_en)) <= 1,
	   "the list rows mirror (en x=%d, ar x=%d, width %d)", lx_en, lx_ar, lw_ar);
	is_int(tap_key(ui, UI_ACT_KEY, 0x0663, &ev), 1, "Arabic keyboard has the digit ٣");
	is_int(ev.arg, 0x0663, "... and it gives U+0663");
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

/* The keyboards of a FORM screen: keys give their code points; a hardware key types. */
static void
test_form_keyboards(void)
{
	struct kiosk_config cfg;
	struct ui *ui;
	struct ui_view v;
	struct ui_event ev;
	int x, y, w, h;
	config_defaults(&cfg, ".");
	if (ui_open(&ui, &cfg, test_texts(), true) < 0) {
		ok(0, "ui_open");
		return;
	}
	/* the sample form: a mobile number on the digit pad */
	sample_view(&v, UI_KIND_FORM, "ar", test_texts());
	is_int(ui_render(ui, &v), 0, "form/ar with the digit pad renders");
	shot(ui, "form-digits-ar");
	int keys = 0;
	for (int d = 0; d < 10; d++)
		keys += tap_key(ui, UI_ACT_KEY, '0' + d, &ev) == 1 && ev.arg == '0' + d;
	is_int(keys, 10, "digit pad: each of the ten keys gives its ASCII digit");
	tap_key(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, &ev);
	is_int(ev.arg, UI_KEY_BACKSPACE, "digit pad: delete gives UI_KEY_BACKSPACE");
	tap_key(ui, UI_ACT_KEY, UI_KEY_ENTER, &ev);
	is_int(ev.arg, UI_KEY_ENTER, "digit pad: done gives UI_KEY_ENTER (the form's main button)");
	int x1, x3, y1, y0;
	ui_key_box(ui, UI_ACT_KEY, '1', &x1, &y1, &w, &h);
	ui_key_box(ui, UI_ACT_KEY, '3', &x3, &y, &w, &h);
	ui_key_box(ui, UI_ACT_KEY, '0', &x, &y0, &w, &h);
	ok(x1 < x3 && y0 > y1, "digit pad: 1 2 3 from the left in Arabic too (not mirrored)");
	is_int(ui_key_box(ui, UI_ACT_KEY, 0x0636, &x, &y, &w, &h), KERR_NOTFOUND,
	       "digit pad: no letters");

	/* a text answer: the keyboard of the screen's language */
	v.keyboard = UI_KBD_AR;
	is_int(ui_render(ui, &v), 0, "form/ar with the Arabic keyboard renders");
	shot(ui, "form-text-ar");
	is_int(tap_key(ui, UI_ACT_KEY, 0x0636, &ev), 1, "form/ar: a tap on ض is one action");
	ok(ev.action == UI_ACT_KEY && ev.arg == 0x0636, "... UI_ACT_KEY with arg U+0636");
	is_int(tap_key(ui, UI_ACT_KEY, 0x0661, &ev), 1, "form/ar: the keyboard has the digit ١");
	int xd, xe;
	ui_key_box(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, &xd, &y, &w, &h);
	ui_key_box(ui, UI_ACT_KEY, UI_KEY_ENTER, &xe, &y, &w, &h);
	ok(xd > xe, "form/ar: delete at the start (right) side, done at the end side");
	sample_view(&v, UI_KIND_FORM, "en", test_texts());
	v.keyboard = UI_KBD_EN;
	is_int(ui_render(ui, &v), 0, "form/en with the English keyboard renders");
	is_int(tap_key(ui, UI_ACT_KEY, 'q', &ev), 1, "form/en: a tap on q is one action");
	is_int(ev.arg, 'q', "... arg 'q'");
	ui_key_box(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, &xd, &y, &w, &h);
	ui_key_box(ui, UI_ACT_KEY, UI_KEY_ENTER, &xe, &y, &w, &h);
	ok(xd < xe, "form/en: delete at the left, done at the right");

	/* a hardware keyboard types into the field */
	ui_inject_key(ui, 'a');
	ui_inject_key(ui, '7');
	ui_inject_key(ui, '\b');
	ui_inject_key(ui, '\r');
	int got[4] = {0, 0, 0, 0}, n = 0;
	for (int guard = 0; guard < 20 && n < 4; guard++) {
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			break;
		if (ev.type == UI_EV_ACTION && ev.action == UI_ACT_KEY)
			got[n++] = ev.arg;
	}
	ok(n == 4 && got[0] == 'a' && got[1] == '7' && got[2] == UI_KEY_BACKSPACE &&
	           got[3] == UI_KEY_ENTER,
	   "keys a, 7, Backspace, Enter on a form -> UI_ACT_KEY a, 7, delete, done");
	ui_close(ui);
}

/* Finding by typing: case, hamza forms, ta marbuta, alef maqsura, tashkeel and tatweel do not
 * matter; the letters do. */
static void
test_textfold(void)
{
	char out[128];
	text_fold("  Civil   ENGINEER ", out, sizeof(out));
	is_str(out, "civil engineer", "Latin: lower case, spaces squeezed and trimmed");
	ok(text_fold_contains("مُهَنْدِس مدني", "مهندس"), "tashkeel in the title does not hide it");
	ok(text_fold_contains("مهندس مدني", "مُهندِس"), "nor in what is typed");
	ok(text_fold_contains("أخصائي", "اخصائي") && text_fold_contains("إدارة", "ادارة") &&
	           text_fold_contains("آمنة", "امنه"),
	   "alef with hamza or madda = bare alef; ta marbuta = ha");
	ok(text_fold_contains("مستشفى", "مستشفي") && text_fold_contains("مسؤول", "مسوول"),
	   "alef maqsura = ya; waw with hamza = waw");
	ok(text_fold_contains("محـــاسب", "محاسب"), "tatweel is not a letter");
	ok(!text_fold_contains("محاسب", "مهندس") && !text_fold_contains("Teacher", "nurse"),
	   "other words do not match");
	ok(text_fold_contains("Software developer", ""), "nothing typed: everything matches");
	text_fold("a\xff\xfe"
	          "b",
	          out, sizeof(out));
	is_str(out, "ab", "malformed bytes are dropped");
	text_fold("مهندس مدني", out, 8);
	ok(strlen(out) < 8 && strlen(out) % 2 == 0, "cut on a character boundary (%zu bytes)",
	   strlen(out));
}

int
main(void)
{
	const char *b = getenv("KIOSK_BUILD");
	snprintf(artifacts, sizeof(artifacts), "%s/test-artifacts", b && b[0] ? b : "build");
	if (mkdir(artifacts, 0755) < 0 && errno != EEXIST)
		snprintf(artifacts, sizeof(artifacts), "%s", tap_tmpdir());
	test_textedit();
	test_textfold();
	test_gallery();
	test_form_keyboards();
	return tap_done();
}

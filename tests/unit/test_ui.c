/*
 * test_ui.c - the screen layer, headless (software renderer on a surface, no video driver):
 * every screen in Arabic and English renders and is saved to
 * $KIOSK_BUILD/test-artifacts/ui-<screen>-<lang>.png; the language toggle is on every screen;
 * Arabic mirrors the layout; taps, clicks and keys become the right events exactly once (with
 * SDL's touch<->mouse copies ignored); ui_post crosses threads; unchanged frames are skipped and
 * text is cached; theme text colours have WCAG contrast >= 4.5:1 in the normal and the
 * high-contrast palette; counts take their CLDR plural forms, a translation that drops its
 * placeholder is not used, and frames render without an Arabic catalogue or any catalogue (the
 * catalogues themselves are checked by test_i18n); the PIN keypad delivers digits; the
 * accessibility buttons are on every screen.
 */
#include "../tap.h"
#include "../texts.h"

#include "common/config.h"
#include "common/kerr.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/ui_test.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const screen_names[UI_SCR_COUNT_] = {
        "attract", "reading", "welcome", "working", "result", "error", "idle_warn", "pin",
};

static char artifacts[512];

static void
make_artifacts_dir(void)
{
	const char *b = getenv("KIOSK_BUILD");
	char base[400];
	snprintf(base, sizeof(base), "%s", b && b[0] ? b : "build");
	mkdir(base, 0755);
	snprintf(artifacts, sizeof(artifacts), "%s/test-artifacts", base);
	if (mkdir(artifacts, 0755) < 0 && errno != EEXIST)
		snprintf(artifacts, sizeof(artifacts), "%s", tap_tmpdir());
}

static void
view_for(struct ui_view *v, enum ui_screen s, const char *lang)
{
	memset(v, 0, sizeof(*v));
	v->screen = s;
	snprintf(v->lang, sizeof(v->lang), "%s", lang);
	if (s == UI_SCR_WELCOME || s == UI_SCR_WORKING || s == UI_SCR_RESULT ||
	    s == UI_SCR_IDLE_WARN) {
		/* made-up test person */
		snprintf(v->name_ar, sizeof(v->name_ar), "سالم بن خميس الحارثي");
		snprintf(v->name_en, sizeof(v->name_en), "Salim bin Khamis Al Harthi");
	}
	snprintf(v->reference, sizeof(v->reference), "MOL-2024-000123-K");
	v->msg = s == UI_SCR_RESULT  ? UI_MSG_QUEUED
	         : s == UI_SCR_ERROR ? UI_MSG_PRINTER_PAPER
	                             : UI_MSG_NONE;
	v->countdown_s = 15;
	v->online = s != UI_SCR_RESULT;
	v->card_state = UI_DEV_OK;
	v->printer_state = s == UI_SCR_ERROR ? UI_DEV_FAULT : UI_DEV_OK;
	v->sim_controls = true;
	v->pin_len = 2;
	v->pin_tries_left = 3;
	v->queue_depth = s == UI_SCR_RESULT ? 2 : 0;
}

static double
lum(unsigned rgb)
{
	double c[3];
	for (int i = 0; i < 3; i++) {
		double v = ((rgb >> (16 - 8 * i)) & 0xFF) / 255.0;
		c[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double
contrast(unsigned a, unsigned b)
{
	double la = lum(a), lb = lum(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Collects events until a timeout; counts by type and action. */
struct counts {
	int action[16];
	int actions, inputs, apps, quits;
	int app_code;
	void *app_data;
};

static void
drain(struct ui *ui, struct counts *c)
{
	struct ui_event ev;
	memset(c, 0, sizeof(*c));
	for (int guard = 0; guard < 100; guard++) {
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			return;
		switch (ev.type) {
		case UI_EV_ACTION:
			c->actions++;
			if ((unsigned)ev.action < 16)
				c->action[ev.action]++;
			break;
		case UI_EV_INPUT:
			c->inputs++;
			break;
		case UI_EV_APP:
			c->apps++;
			c->app_code = ev.app_code;
			c->app_data = ev.app_data;
			break;
		case UI_EV_QUIT:
			c->quits++;
			break;
		default:
			break;
		}
	}
}

static int poster_token;

static void *
poster(void *arg)
{
	(void)arg;
	ui_post(42, &poster_token);
	return NULL;
}

/* The palettes straight from theme.h: [0] normal, [1] high contrast. */
static const unsigned palettes[2][C_COUNT_] = {
        {
#define COL_N(name, normal, hc) [C_##name] = normal,
                UI_THEME_COLOURS(COL_N)
#undef COL_N
        },
        {
#define COL_H(name, normal, hc) [C_##name] = hc,
                UI_THEME_COLOURS(COL_H)
#undef COL_H
        },
};

static void
check_contrast(void)
{
	for (int p = 0; p < 2; p++) {
		int bad = 0, n = 0;
#define PAIR(fg, bg)                                                                               \
	do {                                                                                       \
		n++;                                                                               \
		double r_ = contrast(palettes[p][C_##fg], palettes[p][C_##bg]);                    \
		if (r_ < 4.5) {                                                                    \
			bad++;                                                                     \
			printf("#   %s on %s: %.2f:1\n", #fg, #bg, r_);                            \
		}                                                                                  \
	} while (0);
		UI_THEME_TEXT_PAIRS(PAIR)
#undef PAIR
		ok(bad == 0 && n > 10,
		   "%s palette: all %d text/background pairs have contrast >= 4.5:1",
		   p ? "high-contrast" : "normal", n);
	}
	/* high contrast must be higher where it matters: body text */
	ok(contrast(palettes[1][C_TEXT], palettes[1][C_BG]) >= 15.0,
	   "high-contrast body text is at least 15:1");
	ok(contrast(0x777777, 0xFFFFFF) < 4.5, "the contrast check rejects grey #777 on white");
}

/* Writes dir/ar.mo holding one six-form plural entry for key (every form = form) with msgfmt
 * (no -c); 0 on success. */
static int
write_mo(const char *dir, const char *key, const char *form)
{
	char po[600], mo[600];
	snprintf(po, sizeof(po), "%s/bad.po", dir);
	snprintf(mo, sizeof(mo), "%s/ar.mo", dir);
	FILE *f = fopen(po, "w");
	if (!f)
		return -1;
	fprintf(f, "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	           "\"Plural-Forms: nplurals=6; plural=0;\\n\"\n\n");
	fprintf(f, "msgid \"%s\"\nmsgid_plural \"%s\"\n", key, key);
	for (int k = 0; k < 6; k++)
		fprintf(f, "msgstr[%d] \"%s\"\n", k, form);
	fclose(f);
	return test_msgfmt(po, mo);
}

/* A struct i18n of English (build/locale) and the Arabic catalogue at ar_mo (NULL: none). */
static struct i18n *
texts_with(const char *ar_mo)
{
	static const char *const langs[] = {"en", "ar", NULL};
	struct i18n_catalog *cats[2] = {NULL, NULL};
	struct i18n *tx = NULL;
	if (i18n_open_lang(&cats[0], "en") < 0 || (ar_mo && i18n_open(&cats[1], ar_mo) < 0) ||
	    i18n_adopt(&tx, langs, cats) < 0) {
		i18n_close(cats[0]);
		i18n_close(cats[1]);
		return NULL;
	}
	return tx;
}

static void
check_translations(struct kiosk_config *cfg)
{
	struct ui *ui;
	char buf[200];
	if (ui_open(&ui, cfg, test_texts(), true) < 0) {
		ok(0, "ui_open for the catalogue checks");
		return;
	}
	ui_session_ends_text(ui, "ar", 15, buf, sizeof(buf));
	is_str(buf, "ستنتهي الجلسة خلال \u206815\u2069 ثانية",
	       "Arabic countdown, 15 (many): the number, isolated, and the singular noun");
	ui_session_ends_text(ui, "ar", 5, buf, sizeof(buf));
	is_str(buf, "ستنتهي الجلسة خلال \u20685\u2069 ثوانٍ",
	       "Arabic countdown, 5 (few): plural noun");
	ui_session_ends_text(ui, "ar", 2, buf, sizeof(buf));
	is_str(buf, "ستنتهي الجلسة خلال ثانيتين", "Arabic countdown, 2 (two): the dual, no digit");
	ui_session_ends_text(ui, "en", 15, buf, sizeof(buf));
	is_str(buf, "The session will end in \u206815\u2069 seconds", "English countdown, 15");
	ui_session_ends_text(ui, "en", 1, buf, sizeof(buf));
	is_str(buf, "The session will end in \u20681\u2069 second", "English countdown, 1");
	char small[12];
	ui_session_ends_text(ui, "ar", 15, small, sizeof(small));
	ok(strlen(small) < sizeof(small), "a short buffer is filled without overflow (%d bytes)",
	   (int)strlen(small));
	ui_close(ui);

	/* an Arabic catalogue whose countdown lost its {n}, and nothing else */
	char dir[500], mo[600];
	snprintf(dir, sizeof(dir), "%s/mo", tap_tmpdir());
	snprintf(mo, sizeof(mo), "%s/ar.mo", dir);
	mkdir(dir, 0755);
	if (write_mo(dir, "idle.session_ends", "ستنتهي الجلسة قريباً") < 0) {
		ok(0, "msgfmt writes a test catalogue");
		return;
	}
	struct i18n *tx = texts_with(mo);
	ok(tx != NULL, "English with a partial Arabic catalogue");
	int rc = ui_open(&ui, cfg, tx, true);
	is_int(rc, 0, "ui_open with a partial catalogue");
	if (rc == 0) {
		ui_session_ends_text(ui, "ar", 15, buf, sizeof(buf));
		is_str(buf, "The session will end in \u206815\u2069 seconds",
		       "a translation without its placeholder is not used: the number is kept");
		struct ui_view v;
		view_for(&v, UI_SCR_IDLE_WARN, "ar");
		ok(ui_render(ui, &v) == 0, "the idle warning renders with the broken catalogue");
		ui_close(ui);
	}
	i18n_free(tx);

	/* no Arabic catalogue: Arabic screens show English; no catalogue at all: keys */
	tx = texts_with(NULL);
	rc = ui_open(&ui, cfg, tx, true);
	if (rc == 0) {
		struct ui_view v;
		view_for(&v, UI_SCR_ERROR, "ar");
		ok(ui_render(ui, &v) == 0, "an Arabic frame renders in English without ar.mo");
		ui_session_ends_text(ui, "ar", 3, buf, sizeof(buf));
		is_str(buf, "The session will end in \u20683\u2069 seconds", "... in English");
		ui_close(ui);
	}
	i18n_free(tx);
	rc = ui_open(&ui, cfg, NULL, true);
	if (rc == 0) {
		struct ui_view v;
		view_for(&v, UI_SCR_PIN, "ar");
		ok(ui_render(ui, &v) == 0, "a frame renders with no texts at all (keys shown)");
		ui_session_ends_text(ui, "en", 3, buf, sizeof(buf));
		is_str(buf, "idle.session_ends", "... a text is its key then");
		ui_close(ui);
	}
}

static void
check_pin(struct ui *ui, int w)
{
	struct ui_view v;
	struct counts c;
	int x1, y1, x3, y3, bw, bh, n = 0, small = 0;
	for (int l = 0; l < 2; l++) {
		view_for(&v, UI_SCR_PIN, l ? "en" : "ar");
		ui_render(ui, &v);
		n = 0;
		small = 0;
		for (int d = 0; d < 10; d++) {
			int x, y;
			if (ui_key_box(ui, UI_ACT_PIN_DIGIT, d, &x, &y, &bw, &bh) == 0) {
				n++;
				small += bw < ui_touch_px(ui) || bh < ui_touch_px(ui);
			}
		}
		ok(n == 10 && small == 0, "pin/%s: ten digit keys, each at least a touch target",
		   v.lang);
		ui_key_box(ui, UI_ACT_PIN_DIGIT, 1, &x1, &y1, &bw, &bh);
		ui_key_box(ui, UI_ACT_PIN_DIGIT, 3, &x3, &y3, &bw, &bh);
		int xb, yb, xo, yo, x0, y0;
		ui_key_box(ui, UI_ACT_PIN_DIGIT, 0, &x0, &y0, &bw, &bh);
		int rb = ui_widget_box(ui, UI_ACT_PIN_BACK, &xb, &yb, &bw, &bh);
		int ro = ui_widget_box(ui, UI_ACT_PIN_OK, &xo, &yo, &bw, &bh);
		ok(x1 < x3 && y1 == y3 && y0 > y1 && rb == 0 && ro == 0 && yb == y0 && yo == y0 &&
		           xb < x0 && x0 < xo,
		   "pin/%s: 12-key layout 1-2-3 ... delete-0-OK, not mirrored", v.lang);
		(void)w;
	}
	drain(ui, &c);
	ui_key_box(ui, UI_ACT_PIN_DIGIT, 7, &x1, &y1, &bw, &bh);
	ui_inject_tap(ui, x1 + bw / 2, y1 + bh / 2);
	struct ui_event ev;
	int got = -1, acts = 0;
	for (int guard = 0; guard < 20; guard++) {
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			break;
		if (ev.type == UI_EV_ACTION) {
			acts++;
			if (ev.action == UI_ACT_PIN_DIGIT)
				got = ev.digit;
		}
	}
	ok(acts == 1 && got == 7, "a tap on 7 -> one UI_ACT_PIN_DIGIT with digit 7 (%d, %d)", acts,
	   got);
	ui_inject_key(ui, '5');
	got = -1;
	for (int guard = 0; guard < 20; guard++) {
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			break;
		if (ev.type == UI_EV_ACTION && ev.action == UI_ACT_PIN_DIGIT)
			got = ev.digit;
	}
	is_int(got, 5, "key '5' on the PIN screen -> digit 5");
	ui_inject_key(ui, '\b');
	ui_inject_key(ui, '\r');
	drain(ui, &c);
	ok(c.action[UI_ACT_PIN_BACK] == 1 && c.action[UI_ACT_PIN_OK] == 1,
	   "Backspace and Enter on the PIN screen -> delete and OK");
	ui_widget_center(ui, UI_ACT_PIN_OK, &x1, &y1);
	ui_inject_tap(ui, x1, y1);
	drain(ui, &c);
	ok(c.actions == 1 && c.action[UI_ACT_PIN_OK] == 1, "a tap on OK -> UI_ACT_PIN_OK");
	v.msg = UI_MSG_PIN_WRONG;
	v.pin_tries_left = 1;
	v.pin_len = 0;
	ok(ui_render(ui, &v) == 0, "the PIN screen renders with 'wrong PIN, 1 try left'");

	/* accessibility buttons on the bar */
	ui_widget_center(ui, UI_ACT_CONTRAST, &x1, &y1);
	ui_inject_tap(ui, x1, y1);
	ui_widget_center(ui, UI_ACT_LARGE_TEXT, &x1, &y1);
	ui_inject_tap(ui, x1, y1);
	ui_inject_key(ui, 0xF2);
	drain(ui, &c);
	ok(c.action[UI_ACT_CONTRAST] == 2 && c.action[UI_ACT_LARGE_TEXT] == 1,
	   "taps on the contrast and text-size buttons (and F2) act");
	unsigned long f0, f1, m0, m1;
	ui_get_stats(ui, &f0, &m0, NULL);
	v.high_contrast = true;
	v.large_text = true;
	ui_render(ui, &v);
	ui_get_stats(ui, &f1, &m1, NULL);
	ok(f1 == f0 + 1 && m1 > m0, "high contrast + large text redraws with new texts");
	for (int s = 0; s < UI_SCR_COUNT_; s++) {
		view_for(&v, (enum ui_screen)s, "ar");
		v.high_contrast = v.large_text = true;
		ui_render(ui, &v);
		int ax, ay, bx2, by2;
		if (ui_widget_center(ui, UI_ACT_CONTRAST, &ax, &ay) < 0 ||
		    ui_widget_center(ui, UI_ACT_LARGE_TEXT, &bx2, &by2) < 0)
			break;
		n = s + 1;
	}
	is_int(n, UI_SCR_COUNT_, "contrast and text-size buttons on every screen (in both modes)");
}

int
main(void)
{
	struct kiosk_config cfg;
	struct ui *ui = NULL;
	struct ui_view v;
	struct counts c;
	int x, y, w, h, rc;
	char path[700];

	make_artifacts_dir();
	check_contrast();

	config_defaults(&cfg, ".");
	check_translations(&cfg);
	struct kiosk_config bad = cfg;
	snprintf(bad.font_dir, sizeof(bad.font_dir), "%s/no-fonts-here", tap_tmpdir());
	is_int(ui_open(&ui, &bad, test_texts(), true), KERR_NOTFOUND,
	       "ui_open with a missing font folder");
	ok(ui == NULL, "no ui object after a failed open");

	rc = ui_open(&ui, &cfg, test_texts(), true);
	is_int(rc, 0, "headless ui_open with the default config (%dx%d)", cfg.width, cfg.height);
	if (rc < 0)
		return tap_done();
	ui_size(ui, &w, &h);
	ok(w == cfg.width && h == cfg.height, "drawing size is the configured %dx%d", w, h);
	int touch = ui_touch_px(ui);
	ok(touch >= (int)(20.0 * cfg.dpi / 25.4), "touch target %d px is >= 20 mm at %d dpi", touch,
	   cfg.dpi);
	is_int(ui_widget_center(ui, UI_ACT_LANG_TOGGLE, &x, &y), KERR_NOTFOUND,
	       "no widgets before the first frame");

	/* every screen, both languages */
	static const enum ui_action all[] = {
	        UI_ACT_LANG_TOGGLE, UI_ACT_PRINT,      UI_ACT_FINISH,   UI_ACT_CONTINUE,
	        UI_ACT_SIM_INSERT,  UI_ACT_SIM_REMOVE, UI_ACT_CONTRAST, UI_ACT_LARGE_TEXT,
	        UI_ACT_PIN_DIGIT,   UI_ACT_PIN_BACK,   UI_ACT_PIN_OK};
	for (int s = 0; s < UI_SCR_COUNT_; s++) {
		for (int l = 0; l < 2; l++) {
			const char *lang = l ? "en" : "ar";
			view_for(&v, (enum ui_screen)s, lang);
			rc = ui_render(ui, &v);
			snprintf(path, sizeof(path), "%s/ui-%s-%s.png", artifacts, screen_names[s],
			         lang);
			int src = ui_screenshot(ui, path);
			struct stat sb;
			ok(rc == 0 && src == 0 && stat(path, &sb) == 0 && sb.st_size > 1000,
			   "%s/%s renders and is saved to %s", screen_names[s], lang, path);
			int lx = -1, ly = -1;
			int lrc = ui_widget_center(ui, UI_ACT_LANG_TOGGLE, &lx, &ly);
			ok(lrc == 0 && (l ? lx > w / 2 : lx < w / 2),
			   "%s/%s: language toggle present at the end side (x=%d)", screen_names[s],
			   lang, lx);
			int small = 0, outside = 0;
			for (size_t a = 0; a < sizeof(all) / sizeof(all[0]); a++) {
				int bx, by, bw, bh;
				if (ui_widget_box(ui, all[a], &bx, &by, &bw, &bh) < 0)
					continue;
				small += bw < touch || bh < touch;
				outside += bx < 0 || by < 0 || bx + bw > w || by + bh > h;
			}
			ok(small == 0 && outside == 0,
			   "%s/%s: every widget is on screen and at least %d px square",
			   screen_names[s], lang, touch);
		}
	}

	/* mirroring: the print button sits at the start side */
	int xe, ye, xa, ya;
	view_for(&v, UI_SCR_WELCOME, "en");
	ui_render(ui, &v);
	rc = ui_widget_center(ui, UI_ACT_PRINT, &xe, &ye);
	view_for(&v, UI_SCR_WELCOME, "ar");
	ui_render(ui, &v);
	rc |= ui_widget_center(ui, UI_ACT_PRINT, &xa, &ya);
	ok(rc == 0 && xe < w / 2 && xa > w / 2 && abs(xa - (w - xe)) <= 2 && ya == ye,
	   "Arabic print button mirrors the English one (en x=%d, ar x=%d, width %d)", xe, xa, w);
	int fe, fa, fy;
	ui_widget_center(ui, UI_ACT_FINISH, &fa, &fy);
	view_for(&v, UI_SCR_WELCOME, "en");
	ui_render(ui, &v);
	ui_widget_center(ui, UI_ACT_FINISH, &fe, &fy);
	ok(fe > xe && fa < xa, "finish is at the end side in both languages (en %d, ar %d)", fe,
	   fa);
	is_int(ui_widget_center(ui, UI_ACT_CONTINUE, &x, &y), KERR_NOTFOUND,
	       "welcome has no continue button");

	/* a tap on print acts once */
	drain(ui, &c);
	ui_widget_center(ui, UI_ACT_PRINT, &x, &y);
	is_int(ui_inject_tap(ui, x, y), 0, "inject a tap on print");
	drain(ui, &c);
	ok(c.actions == 1 && c.action[UI_ACT_PRINT] == 1 && c.inputs == 0,
	   "tap on print -> exactly one UI_ACT_PRINT (actions %d, inputs %d)", c.actions, c.inputs);

	/* a tap on nothing is input, not an action */
	int px, py, pw, ph;
	ui_widget_box(ui, UI_ACT_PRINT, &px, &py, &pw, &ph);
	ui_inject_tap(ui, w / 2, py - touch); /* above the button row: text, no widget */
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1, "tap outside widgets -> one UI_EV_INPUT (%d, %d)",
	   c.actions, c.inputs);

	/* press, slide off, release: cancelled */
	ui_inject_finger(ui, x, y, true, false);
	ui_inject_finger(ui, w / 2, py - touch, false, false);
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1, "press on print, release elsewhere -> no action");

	/* press feedback is drawn before the release */
	unsigned long f0, f1, f2, m0, m1, h0;
	ui_get_stats(ui, &f0, NULL, NULL);
	ui_inject_finger(ui, x, y, true, false);
	drain(ui, &c);
	ui_get_stats(ui, &f1, NULL, NULL);
	ok(c.actions == 0 && c.inputs == 0 && f1 == f0 + 1,
	   "finger down on print: no event yet, pressed frame drawn (%lu -> %lu)", f0, f1);
	ui_inject_finger(ui, x, y, false, false);
	drain(ui, &c);
	ok(c.action[UI_ACT_PRINT] == 1, "finger up on print -> UI_ACT_PRINT");

	/* SDL's copies are ignored: a touch is acted on once */
	ui_inject_click(ui, x, y, true);
	ui_inject_finger(ui, x, y, true, true);
	ui_inject_finger(ui, x, y, false, true);
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 0,
	   "mouse copies of touches and finger copies of clicks are dropped");
	ui_inject_click(ui, x, y, false);
	drain(ui, &c);
	ok(c.actions == 1 && c.action[UI_ACT_PRINT] == 1, "a real mouse click on print acts once");

	/* keys */
	ui_inject_key(ui, 'l');
	ui_inject_key(ui, 0xF1);
	ui_inject_key(ui, '\r');
	ui_inject_key(ui, 0x1b);
	ui_inject_key(ui, 'i');
	ui_inject_key(ui, 'r');
	ui_inject_key(ui, 'q');
	drain(ui, &c);
	ok(c.action[UI_ACT_LANG_TOGGLE] == 2 && c.action[UI_ACT_PRINT] == 1 &&
	           c.action[UI_ACT_FINISH] == 1 && c.action[UI_ACT_SIM_INSERT] == 1 &&
	           c.action[UI_ACT_SIM_REMOVE] == 1 && c.inputs == 1,
	   "keys: l/F1 toggle, Enter = print, Esc = finish, i/r sim, other = input");
	v.sim_controls = false;
	ui_render(ui, &v);
	is_int(ui_widget_center(ui, UI_ACT_SIM_INSERT, &x, &y), KERR_NOTFOUND,
	       "no sim controls unless asked for");
	ui_inject_key(ui, 'i');
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1, "'i' is plain input without sim controls");

	check_pin(ui, w);

	/* posted from another thread */
	pthread_t th;
	pthread_create(&th, NULL, poster, NULL);
	pthread_join(th, NULL);
	drain(ui, &c);
	ok(c.apps == 1 && c.app_code == 42 && c.app_data == &poster_token,
	   "ui_post from a thread arrives as UI_EV_APP with its code and data");
	is_int(ui_post(UI_APP_QUIT, NULL), 0, "ui_post(UI_APP_QUIT)");
	drain(ui, &c);
	is_int(c.quits, 1, "UI_APP_QUIT arrives as UI_EV_QUIT");
	struct ui_event ev;
	ui_wait_event(ui, 30, &ev);
	is_int(ev.type, UI_EV_NONE, "ui_wait_event times out with UI_EV_NONE");

	/* unchanged frames are skipped; a changed one redraws only the changed text */
	view_for(&v, UI_SCR_IDLE_WARN, "ar");
	ui_render(ui, &v);
	ui_get_stats(ui, &f0, &m0, &h0);
	ui_render(ui, &v);
	ui_get_stats(ui, &f1, &m1, NULL);
	ok(f1 == f0 && m1 == m0, "rendering the same view again draws nothing");
	v.countdown_s = 14;
	ui_render(ui, &v);
	ui_get_stats(ui, &f2, &m1, NULL);
	ok(f2 == f0 + 1 && m1 > m0 && m1 - m0 <= 2,
	   "a new countdown redraws the frame and builds only %lu new texts", m1 - m0);
	is_int(ui_render(ui, NULL), KERR_INVAL, "ui_render(NULL view)");
	ui_close(ui);
	ui_close(NULL);

	/* landscape: the same screens fit a 1920x1080 kiosk */
	cfg.width = 1920;
	cfg.height = 1080;
	rc = ui_open(&ui, &cfg, test_texts(), true);
	is_int(rc, 0, "headless ui_open landscape");
	if (rc == 0) {
		int saved = 0;
		for (int s = 0; s < UI_SCR_COUNT_; s++) {
			view_for(&v, (enum ui_screen)s, "ar");
			ui_render(ui, &v);
			snprintf(path, sizeof(path), "%s/ui-%s-ar-landscape.png", artifacts,
			         screen_names[s]);
			saved += ui_screenshot(ui, path) == 0;
		}
		is_int(saved, UI_SCR_COUNT_, "every screen renders in landscape");
		view_for(&v, UI_SCR_WELCOME, "ar");
		ui_render(ui, &v);
		ok(ui_widget_box(ui, UI_ACT_PRINT, &px, &py, &pw, &ph) == 0 && py + ph <= 1080 &&
		           ph >= ui_touch_px(ui),
		   "landscape print button fits on screen");
		ui_close(ui);
	}
	return tap_done();
}

/*
 * test_ui.c - the screen layer, headless (software renderer on a surface, no video driver):
 * every kind of screen (tests/views.h: one realistic view of each) in Arabic and English
 * renders and is saved to $KIOSK_BUILD/test-artifacts/ui-<kind>-<lang>.png; ui_dump() of each
 * holds its id, title, body, rows and buttons; the language toggle is on every screen; Arabic
 * mirrors the layout (the main, back and end-side buttons and the rows); taps, clicks and keys
 * become the right events exactly once (with SDL's touch<->mouse copies ignored); rows answer
 * UI_ACT_CHOOSE with their index, the pager UI_ACT_PAGE with its direction; the idle dialog
 * draws over a screen, answers UI_ACT_CONTINUE and swallows taps beside it; ui_post crosses
 * threads; unchanged frames are skipped and text is cached; theme text colours have WCAG
 * contrast >= 4.5:1 in the normal and the high-contrast palette; counts take their CLDR plural
 * forms, a translation that drops its placeholder is not used, and frames render without an
 * Arabic catalogue or any catalogue (the catalogues themselves are checked by test_i18n); the
 * PIN keypad delivers digits; the accessibility buttons are on every screen; with Arabic-Indic
 * digits for Arabic the PIN screen (keypad, dots) is drawn exactly as with Western ones and the
 * step indicator's numbers follow the setting.
 */
#include "../tap.h"
#include "../texts.h"
#include "../views.h"

#include "common/config.h"
#include "common/kerr.h"
#include "text/text.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/ui_test.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

static bool sim_strip =
        true; /* portrait frames show the simulator strip (its buttons are tapped) */

/* The sample view of kind in lang, with the simulator strip when sim_strip. */
static void
view_for(struct ui_view *v, enum ui_kind kind, const char *lang)
{
	sample_view(v, kind, lang, test_texts());
	v->sim_controls = sim_strip;
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

/* Collects events until a timeout; counts by type and action; the last action's arg. */
struct counts {
	int action[UI_ACT_COUNT_];
	int actions, inputs, apps, quits;
	int arg;
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
			if ((unsigned)ev.action < UI_ACT_COUNT_)
				c->action[ev.action]++;
			c->arg = ev.arg;
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

/* Taps the centre of (action, arg) and collects what it produced; -1 when there is no such
 * widget. */
static int
tap_widget(struct ui *ui, enum ui_action action, int arg, struct counts *c)
{
	int x, y;
	drain(ui, c);
	if (ui_widget_center_arg(ui, action, arg, &x, &y) < 0)
		return -1;
	ui_inject_tap(ui, x, y);
	drain(ui, c);
	return 0;
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

/* ---- what a frame drew (ui_dump) ------------------------------------------------------------ */

static char dump[16384];

/* s as the dump writes it: bidi controls removed, a line break a space. */
static const char *
plain(const char *s, char *out, size_t size)
{
	text_strip_controls(s, out, size);
	for (char *p = out; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return out;
}

/* true when the last frame's dump has the line "<tag>: <text>" (text as the view holds it). */
static bool
dumped(struct ui *ui, const char *tag, const char *text)
{
	char p[1200], line[1300];
	ui_dump(ui, dump, sizeof(dump));
	snprintf(line, sizeof(line), "\n%s: %s\n", tag, plain(text, p, sizeof(p)));
	return strstr(dump, line) != NULL;
}

/* Whether the ui draws the view's button for action: a form's main button is its keyboard's
 * "done" key (ui/screens/form.c), so the view's NEXT is not drawn there. */
static bool
button_drawn(const struct ui_view *v, enum ui_action a)
{
	return !(v->kind == UI_KIND_FORM && a == UI_ACT_NEXT);
}

/* Every text of the view and every button is in the dump; returns the number missing (each
 * printed). */
static int
missing_from_dump(struct ui *ui, const struct ui_view *v)
{
	char head[128], tag[64], p[1200], line[1300];
	int miss = 0;
	ui_dump(ui, dump, sizeof(dump));
	snprintf(head, sizeof(head), "screen: %s %s\n", v->id, sample_kind_name(v->kind));
	if (strncmp(dump, head, strlen(head)) != 0) {
		printf("#   first line is not '%s'\n", head);
		miss++;
	}
	const char *texts[] = {v->title, v->title_other, v->body, v->notice, v->panel, v->pager};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (texts[i][0] && !dumped(ui, "text", texts[i])) {
			printf("#   no text '%s'\n", plain(texts[i], p, sizeof(p)));
			miss++;
		}
	}
	bool buttons = v->kind == UI_KIND_MENU || v->choose;
	for (int i = 0; i < v->nrows; i++) {
		const struct ui_row *r = &v->rows[i];
		if (buttons) {
			char lv[800];
			snprintf(tag, sizeof(tag), "button choose %d%s", i,
			         r->disabled ? " disabled" : "");
			snprintf(lv, sizeof(lv), "%s%s%s", r->label, r->value[0] ? " | " : "",
			         r->value);
			if (!dumped(ui, tag, lv)) {
				printf("#   no row %d '%s'\n", i, plain(lv, p, sizeof(p)));
				miss++;
			}
		} else if (!dumped(ui, "text", r->label) ||
		           (r->value[0] && !dumped(ui, "text", r->value))) {
			printf("#   no row %d '%s'\n", i, plain(r->label, p, sizeof(p)));
			miss++;
		}
	}
	for (int i = 0; i < v->nbuttons; i++) {
		if (!button_drawn(v, v->buttons[i].action))
			continue;
		snprintf(tag, sizeof(tag), "button %s", ui_action_name(v->buttons[i].action));
		if (!dumped(ui, tag, v->buttons[i].label)) {
			snprintf(line, sizeof(line), "%s: %s", tag,
			         plain(v->buttons[i].label, p, sizeof(p)));
			printf("#   no '%s'\n", line);
			miss++;
		}
	}
	return miss;
}

/* ---- translations --------------------------------------------------------------------------- */

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

/* The idle warning's countdown with texts tx, drawn over the INFO screen in lang: the view's
 * dialog body goes to buf, and true when the frame drew it. */
static bool
countdown(struct ui *ui, const struct i18n *tx, const char *lang, int n, char *buf, size_t size)
{
	struct ui_view v;
	sample_view(&v, UI_KIND_INFO, lang, tx);
	sample_dialog(&v, tx, n);
	snprintf(buf, size, "%s", v.dialog.body);
	return ui_render(ui, &v) == 0 && dumped(ui, "text", v.dialog.body);
}

static void
check_translations(struct kiosk_config *cfg)
{
	struct ui *ui;
	char buf[256];
	if (ui_open(&ui, cfg, test_texts(), true) < 0) {
		ok(0, "ui_open for the catalogue checks");
		return;
	}
	bool drawn = countdown(ui, test_texts(), "ar", 15, buf, sizeof(buf));
	is_str(buf, "ستنتهي الجلسة خلال \u206815\u2069 ثانية",
	       "Arabic countdown, 15 (many): the number, isolated, and the singular noun");
	ok(drawn, "... and the idle dialog draws it");
	countdown(ui, test_texts(), "ar", 5, buf, sizeof(buf));
	is_str(buf, "ستنتهي الجلسة خلال \u20685\u2069 ثوانٍ",
	       "Arabic countdown, 5 (few): plural noun");
	countdown(ui, test_texts(), "ar", 2, buf, sizeof(buf));
	is_str(buf, "ستنتهي الجلسة خلال ثانيتين", "Arabic countdown, 2 (two): the dual, no digit");
	drawn = countdown(ui, test_texts(), "en", 15, buf, sizeof(buf));
	is_str(buf, "The session will end in \u206815\u2069 seconds", "English countdown, 15");
	ok(drawn, "... and the idle dialog draws it");
	countdown(ui, test_texts(), "en", 1, buf, sizeof(buf));
	is_str(buf, "The session will end in \u20681\u2069 second", "English countdown, 1");
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
		drawn = countdown(ui, tx, "ar", 15, buf, sizeof(buf));
		is_str(buf, "The session will end in \u206815\u2069 seconds",
		       "a translation without its placeholder is not used: the number is kept");
		ok(drawn, "the idle warning renders with the broken catalogue");
		ui_close(ui);
	}
	i18n_free(tx);

	/* no Arabic catalogue: Arabic screens show English; no catalogue at all: keys */
	tx = texts_with(NULL);
	rc = ui_open(&ui, cfg, tx, true);
	if (rc == 0) {
		struct ui_view v;
		sample_view(&v, UI_KIND_ERROR, "ar", tx);
		ok(ui_render(ui, &v) == 0 && dumped(ui, "text", "Sorry"),
		   "an Arabic frame renders in English without ar.mo");
		countdown(ui, tx, "ar", 3, buf, sizeof(buf));
		is_str(buf, "The session will end in \u20683\u2069 seconds", "... in English");
		ui_close(ui);
	}
	i18n_free(tx);
	rc = ui_open(&ui, cfg, NULL, true);
	if (rc == 0) {
		struct ui_view v;
		sample_view(&v, UI_KIND_PIN, "ar", NULL);
		ok(ui_render(ui, &v) == 0 && dumped(ui, "text", "pin.title"),
		   "a frame renders with no texts at all (keys shown)");
		countdown(ui, NULL, "en", 3, buf, sizeof(buf));
		is_str(buf, "idle.session_ends", "... a text is its key then");
		ui_close(ui);
	}
}

/* ---- digits ---------------------------------------------------------------------------------- */

/* The frame of kind in Arabic, drawn by a ui whose texts are tx (the view's own texts are the
 * Western ones, so only what the ui writes itself can differ), saved as PNG to path; its bytes
 * (caller frees) and length, or NULL. */
static unsigned char *
frame_png(struct kiosk_config *cfg, const struct i18n *tx, enum ui_kind kind, const char *path,
          long *len)
{
	struct ui *ui = NULL;
	struct ui_view v;
	unsigned char *buf = NULL;
	*len = 0;
	if (ui_open(&ui, cfg, tx, true) < 0)
		return NULL;
	view_for(&v, kind, "ar");
	FILE *f = NULL;
	if (ui_render(ui, &v) == 0 && ui_screenshot(ui, path) == 0 && (f = fopen(path, "rb"))) {
		fseek(f, 0, SEEK_END);
		*len = ftell(f);
		rewind(f);
		buf = malloc((size_t)*len + 1);
		if (buf && fread(buf, 1, (size_t)*len, f) != (size_t)*len) {
			free(buf);
			buf = NULL;
		}
		fclose(f);
	}
	ui_close(ui);
	return buf;
}

static bool
same_frame(struct kiosk_config *cfg, const struct i18n *indic, enum ui_kind kind)
{
	char a[600], b[600];
	long la, lb;
	snprintf(a, sizeof(a), "%s/ui-%s-ar-western.png", artifacts, sample_kind_name(kind));
	snprintf(b, sizeof(b), "%s/ui-%s-ar-indic.png", artifacts, sample_kind_name(kind));
	unsigned char *pa = frame_png(cfg, test_texts(), kind, a, &la);
	unsigned char *pb = frame_png(cfg, indic, kind, b, &lb);
	bool same = pa && pb && la == lb && memcmp(pa, pb, (size_t)la) == 0;
	free(pa);
	free(pb);
	return same;
}

static void
check_digits(struct kiosk_config *cfg)
{
	struct i18n *tx = NULL;
	if (i18n_open_all(&tx, NULL) < 0 || i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC)) {
		ok(0, "the texts with Arabic-Indic digits");
		i18n_free(tx);
		return;
	}
	ok(same_frame(cfg, tx, UI_KIND_PIN),
	   "Arabic-Indic digits: the PIN screen (keypad 0-9, dots) is the Western one, pixel for "
	   "pixel");
	ok(!same_frame(cfg, tx, UI_KIND_INFO),
	   "... while the step indicator of an INFO screen shows the setting's digits");
	i18n_free(tx);
}

/* ---- the PIN keypad and the accessibility buttons ------------------------------------------- */

static void
check_pin(struct ui *ui)
{
	struct ui_view v;
	struct counts c;
	int x1, y1, x3, y3, bw, bh, n = 0, small = 0;
	for (int l = 0; l < 2; l++) {
		view_for(&v, UI_KIND_PIN, l ? "en" : "ar");
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
		ok(dumped(ui, "keypad", "pin"), "pin/%s: the dump names the keypad", v.lang);
	}
	tap_widget(ui, UI_ACT_PIN_DIGIT, 7, &c);
	ok(c.actions == 1 && c.action[UI_ACT_PIN_DIGIT] == 1 && c.arg == 7,
	   "a tap on 7 -> one UI_ACT_PIN_DIGIT with arg 7 (%d, %d)", c.actions, c.arg);
	for (int d = 0; d < 10; d++) {
		tap_widget(ui, UI_ACT_PIN_DIGIT, d, &c);
		if (c.actions != 1 || c.action[UI_ACT_PIN_DIGIT] != 1 || c.arg != d)
			break;
		n = d + 1;
	}
	is_int(n, 10, "every digit key gives its digit");
	ui_inject_key(ui, '5');
	drain(ui, &c);
	ok(c.action[UI_ACT_PIN_DIGIT] == 1 && c.arg == 5, "key '5' on the PIN screen -> digit 5");
	ui_inject_key(ui, '\b');
	ui_inject_key(ui, '\r');
	drain(ui, &c);
	ok(c.action[UI_ACT_PIN_BACK] == 1 && c.action[UI_ACT_PIN_OK] == 1,
	   "Backspace and Enter on the PIN screen -> delete and OK");
	tap_widget(ui, UI_ACT_PIN_OK, 0, &c);
	ok(c.actions == 1 && c.action[UI_ACT_PIN_OK] == 1, "a tap on OK -> UI_ACT_PIN_OK");
	tap_widget(ui, UI_ACT_FINISH, 0, &c);
	ok(c.actions == 1 && c.action[UI_ACT_FINISH] == 1, "a tap on finish on the PIN screen");
	sample_pin_wrong(&v, "en", test_texts(), 1);
	ok(ui_render(ui, &v) == 0 && dumped(ui, "text", v.notice),
	   "the PIN screen renders with 'wrong PIN, 1 try left'");

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
	n = 0;
	for (int k = 0; k < UI_KIND_COUNT_; k++) {
		view_for(&v, (enum ui_kind)k, "ar");
		v.high_contrast = v.large_text = true;
		ui_render(ui, &v);
		int ax, ay, bx2, by2;
		if (ui_widget_center(ui, UI_ACT_CONTRAST, &ax, &ay) < 0 ||
		    ui_widget_center(ui, UI_ACT_LARGE_TEXT, &bx2, &by2) < 0)
			break;
		n = k + 1;
	}
	is_int(n, UI_KIND_COUNT_, "contrast and text-size buttons on every kind (in both modes)");
}

/* ---- mirroring ------------------------------------------------------------------------------ */

struct box {
	int x, y, w, h;
};

/* en and ar are mirror images in a frame w wide: the start edge of one is the other's start
 * edge (or the end edges agree), and a box off the centre changes side; same_y: at the same
 * height too (a row's height follows the heading above it, whose lines differ by language). */
static bool
mirrored(struct box en, struct box ar, int w, bool same_y)
{
	bool start = abs(en.x - (w - ar.x - ar.w)) <= 2, end = abs(en.x + en.w - (w - ar.x)) <= 2;
	int ce = en.x + en.w / 2 - w / 2, ca = ar.x + ar.w / 2 - w / 2;
	bool centred = abs(ce) <= 2 && abs(ca) <= 2;
	return (start || end) && (!same_y || en.y == ar.y) && (centred || (ce < 0) != (ca < 0));
}

/* Every button and row of kind: en and ar boxes mirrored; the number that are not (printed). */
static int
check_mirror_kind(struct ui *ui, enum ui_kind kind, int w)
{
	struct ui_view v;
	struct box en[UI_BUTTONS_MAX + UI_ROWS_MAX], ar[UI_BUTTONS_MAX + UI_ROWS_MAX];
	int n = 0, nb = 0, bad = 0;
	for (int l = 0; l < 2; l++) {
		struct box *b = l ? ar : en;
		view_for(&v, kind, l ? "ar" : "en");
		ui_render(ui, &v);
		n = 0;
		for (int i = 0; i < v.nbuttons; i++) {
			if (!button_drawn(&v, v.buttons[i].action))
				continue;
			if (ui_widget_box(ui, v.buttons[i].action, &b[n].x, &b[n].y, &b[n].w,
			                  &b[n].h) < 0)
				b[n] = (struct box){-1000, -1000, 0, 0};
			n++;
		}
		nb = n;
		for (int i = 0; i < v.nrows && (v.choose || kind == UI_KIND_MENU); i++, n++)
			if (ui_key_box(ui, UI_ACT_CHOOSE, i, &b[n].x, &b[n].y, &b[n].w, &b[n].h) <
			    0)
				b[n] = (struct box){-1000, -1000, 0, 0};
	}
	for (int i = 0; i < n; i++) {
		if (en[i].w == 0 || ar[i].w == 0 || !mirrored(en[i], ar[i], w, i < nb)) {
			printf("#   %s widget %d: en %d+%d, ar %d+%d\n", sample_kind_name(kind), i,
			       en[i].x, en[i].w, ar[i].x, ar[i].w);
			bad++;
		}
	}
	return bad;
}

static void
check_mirroring(struct ui *ui, int w, const char *orient)
{
	struct ui_view v;
	struct box nx[2], bk[2], fn[2], cn[2];
	for (int k = 0; k < UI_KIND_COUNT_; k++)
		is_int(check_mirror_kind(ui, (enum ui_kind)k, w), 0,
		       "%s/%s: every button and row of the Arabic frame mirrors the English one",
		       sample_kind_name((enum ui_kind)k), orient);
	/* the error screen has all four: next and back at the start side, finish and cancel at the
	 * end side */
	int rc = 0;
	for (int l = 0; l < 2; l++) {
		view_for(&v, UI_KIND_ERROR, l ? "ar" : "en");
		ui_render(ui, &v);
		rc |= ui_widget_box(ui, UI_ACT_NEXT, &nx[l].x, &nx[l].y, &nx[l].w, &nx[l].h);
		rc |= ui_widget_box(ui, UI_ACT_BACK, &bk[l].x, &bk[l].y, &bk[l].w, &bk[l].h);
		rc |= ui_widget_box(ui, UI_ACT_FINISH, &fn[l].x, &fn[l].y, &fn[l].w, &fn[l].h);
		rc |= ui_widget_box(ui, UI_ACT_CANCEL, &cn[l].x, &cn[l].y, &cn[l].w, &cn[l].h);
	}
	ok(rc == 0 && nx[0].x + nx[0].w / 2 < w / 2 && nx[1].x + nx[1].w / 2 > w / 2 &&
	           abs(nx[1].x - (w - nx[0].x - nx[0].w)) <= 2 && nx[0].y == nx[1].y,
	   "error/%s: the main button (try again) is at the left in English, at the right in "
	   "Arabic (en x=%d, ar x=%d)",
	   orient, nx[0].x, nx[1].x);
	ok(rc == 0 && bk[0].x < w / 2 && bk[1].x > w / 2 && fn[0].x > nx[0].x &&
	           fn[1].x < nx[1].x && cn[0].x > bk[0].x && cn[1].x < bk[1].x,
	   "error/%s: back at the start side, cancel and finish at the end side in both languages",
	   orient);
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
	check_digits(&cfg);
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

	/* every kind, both languages */
	for (int k = 0; k < UI_KIND_COUNT_; k++) {
		const char *kname = sample_kind_name((enum ui_kind)k);
		for (int l = 0; l < 2; l++) {
			const char *lang = l ? "en" : "ar";
			view_for(&v, (enum ui_kind)k, lang);
			rc = ui_render(ui, &v);
			snprintf(path, sizeof(path), "%s/ui-%s-%s.png", artifacts, kname, lang);
			int src = ui_screenshot(ui, path);
			struct stat sb;
			ok(rc == 0 && src == 0 && stat(path, &sb) == 0 && sb.st_size > 1000,
			   "%s/%s renders and is saved to %s", kname, lang, path);
			is_int(missing_from_dump(ui, &v), 0,
			       "%s/%s: the dump has the id, title, texts, rows and buttons", kname,
			       lang);
			int lx = -1, ly = -1;
			int lrc = ui_widget_center(ui, UI_ACT_LANG_TOGGLE, &lx, &ly);
			ok(lrc == 0 && (l ? lx > w / 2 : lx < w / 2),
			   "%s/%s: language toggle present at the end side (x=%d)", kname, lang,
			   lx);
			/* every widget of the frame: the buttons, rows, keys, the bar, the strip */
			int small = 0, outside = 0, seen = 0;
			for (int a = 1; a < UI_ACT_COUNT_; a++) {
				for (int arg = -2; arg < 0x700; arg++) {
					int bx, by, bw, bh;
					if (ui_key_box(ui, (enum ui_action)a, arg, &bx, &by, &bw,
					               &bh) < 0)
						continue;
					seen++;
					small += bw < touch || bh < touch;
					outside += bx < 0 || by < 0 || bx + bw > w || by + bh > h;
				}
			}
			ok(seen >= 5 && small == 0 && outside == 0,
			   "%s/%s: every widget (%d) is on screen and at least %d px square", kname,
			   lang, seen, touch);
		}
	}

	check_mirroring(ui, w, "portrait");
	view_for(&v, UI_KIND_INFO, "en");
	ui_render(ui, &v);
	is_int(ui_widget_center(ui, UI_ACT_CONTINUE, &x, &y), KERR_NOTFOUND,
	       "info has no continue button (no dialog)");

	/* a tap on the main button acts once */
	drain(ui, &c);
	ok(!ui_input_pending(ui), "no input pending before the tap");
	ui_widget_center(ui, UI_ACT_NEXT, &x, &y);
	is_int(ui_inject_tap(ui, x, y), 0, "inject a tap on the main button");
	ok(ui_input_pending(ui),
	   "the injected tap is pending until the loop takes it (scripts wait)");
	drain(ui, &c);
	ok(!ui_input_pending(ui), "and not once it has acted");
	ok(c.actions == 1 && c.action[UI_ACT_NEXT] == 1 && c.inputs == 0,
	   "tap on 'print receipt' -> exactly one UI_ACT_NEXT (actions %d, inputs %d)", c.actions,
	   c.inputs);

	/* a tap on nothing is input, not an action */
	int px, py, pw, ph;
	ui_widget_box(ui, UI_ACT_NEXT, &px, &py, &pw, &ph);
	ui_inject_tap(ui, w / 2, py - touch); /* above the button row: text, no widget */
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1, "tap outside widgets -> one UI_EV_INPUT (%d, %d)",
	   c.actions, c.inputs);

	/* press, slide off, release: cancelled */
	ui_inject_finger(ui, x, y, true, false);
	ui_inject_finger(ui, w / 2, py - touch, false, false);
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1, "press on next, release elsewhere -> no action");

	/* press feedback is drawn before the release */
	unsigned long f0, f1, f2, m0, m1, h0;
	ui_get_stats(ui, &f0, NULL, NULL);
	ui_inject_finger(ui, x, y, true, false);
	drain(ui, &c);
	ui_get_stats(ui, &f1, NULL, NULL);
	ok(c.actions == 0 && c.inputs == 0 && f1 == f0 + 1,
	   "finger down on next: no event yet, pressed frame drawn (%lu -> %lu)", f0, f1);
	ui_inject_finger(ui, x, y, false, false);
	drain(ui, &c);
	ok(c.action[UI_ACT_NEXT] == 1, "finger up on next -> UI_ACT_NEXT");

	/* SDL's copies are ignored: a touch is acted on once */
	ui_inject_click(ui, x, y, true);
	ui_inject_finger(ui, x, y, true, true);
	ui_inject_finger(ui, x, y, false, true);
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 0,
	   "mouse copies of touches and finger copies of clicks are dropped");
	ui_inject_click(ui, x, y, false);
	drain(ui, &c);
	ok(c.actions == 1 && c.action[UI_ACT_NEXT] == 1, "a real mouse click on next acts once");

	/* the top row */
	tap_widget(ui, UI_ACT_BACK, 0, &c);
	ok(c.actions == 1 && c.action[UI_ACT_BACK] == 1, "a tap on back -> UI_ACT_BACK");
	tap_widget(ui, UI_ACT_CANCEL, 0, &c);
	ok(c.actions == 1 && c.action[UI_ACT_CANCEL] == 1, "a tap on cancel -> UI_ACT_CANCEL");

	/* keys */
	ui_inject_key(ui, 'l');
	ui_inject_key(ui, 0xF1);
	ui_inject_key(ui, '\r');
	ui_inject_key(ui, 0x1b);
	ui_inject_key(ui, 'i');
	ui_inject_key(ui, 'r');
	ui_inject_key(ui, 'q');
	drain(ui, &c);
	ok(c.action[UI_ACT_LANG_TOGGLE] == 2 && c.action[UI_ACT_NEXT] == 1 &&
	           c.action[UI_ACT_FINISH] == 1 && c.action[UI_ACT_SIM_INSERT] == 1 &&
	           c.action[UI_ACT_SIM_REMOVE] == 1 && c.inputs == 1,
	   "keys: l/F1 toggle, Enter = the main button, Esc = finish, i/r sim, other = input");
	v.sim_controls = false;
	ui_render(ui, &v);
	is_int(ui_widget_center(ui, UI_ACT_SIM_INSERT, &x, &y), KERR_NOTFOUND,
	       "no sim controls unless asked for");
	ui_inject_key(ui, 'i');
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1, "'i' is plain input without sim controls");

	/* rows: a tap on row i (found by its box or by its label) is UI_ACT_CHOOSE with arg i */
	static const enum ui_kind row_kinds[] = {UI_KIND_MENU, UI_KIND_LIST};
	for (int l = 0; l < 2; l++) {
		for (size_t k = 0; k < 2; k++) {
			view_for(&v, row_kinds[k], l ? "en" : "ar");
			ui_render(ui, &v);
			int good = 0, by_label = 0;
			for (int i = 0; i < v.nrows; i++) {
				tap_widget(ui, UI_ACT_CHOOSE, i, &c);
				good += c.actions == 1 && c.action[UI_ACT_CHOOSE] == 1 &&
				        c.arg == i;
				char lp[200];
				if (ui_find_label(ui, plain(v.rows[i].label, lp, sizeof(lp)), &x,
				                  &y) < 0)
					continue;
				ui_inject_tap(ui, x, y);
				drain(ui, &c);
				by_label += c.action[UI_ACT_CHOOSE] == 1 && c.arg == i;
			}
			ok(v.nrows >= 3 && good == v.nrows && by_label == v.nrows,
			   "%s/%s: a tap on each of the %d rows -> UI_ACT_CHOOSE with its index",
			   sample_kind_name(row_kinds[k]), v.lang, v.nrows);
		}
	}
	view_for(&v, UI_KIND_MENU, "en");
	ui_render(ui, &v);
	ok(dumped(ui, "button choose 2 disabled", "Visit receipt | Needs the printer"),
	   "a refused service is a dimmed row that still answers");
	view_for(&v, UI_KIND_LIST, "ar");
	ui_render(ui, &v);
	tap_widget(ui, UI_ACT_PAGE, -1, &c);
	ok(c.actions == 1 && c.action[UI_ACT_PAGE] == 1 && c.arg == -1,
	   "list: a tap on 'previous' -> UI_ACT_PAGE with arg -1");
	is_int(tap_widget(ui, UI_ACT_PAGE, 1, &c), -1, "list: no 'next' arrow on the last page");
	int xp_ar, xp_en;
	ui_widget_center_arg(ui, UI_ACT_PAGE, -1, &xp_ar, &y);
	view_for(&v, UI_KIND_LIST, "en");
	ui_render(ui, &v);
	ui_widget_center_arg(ui, UI_ACT_PAGE, -1, &xp_en, &y);
	ok(xp_ar > w / 2 && xp_en < w / 2, "list: 'previous' at the start side (en x=%d, ar x=%d)",
	   xp_en, xp_ar);

	check_pin(ui);

	/* the idle dialog over a screen */
	for (int l = 0; l < 2; l++) {
		view_for(&v, UI_KIND_INFO, l ? "en" : "ar");
		sample_dialog(&v, test_texts(), 15);
		rc = ui_render(ui, &v);
		snprintf(path, sizeof(path), "%s/ui-dialog-%s.png", artifacts, v.lang);
		ok(rc == 0 && ui_screenshot(ui, path) == 0 && dumped(ui, "text", v.dialog.title) &&
		           dumped(ui, "text", v.dialog.body) &&
		           dumped(ui, "button continue", v.dialog.button) &&
		           missing_from_dump(ui, &v) == 0,
		   "dialog/%s: drawn over the info screen, which is still drawn under it", v.lang);
		ui_dump(ui, dump, sizeof(dump));
		char tp[300];
		const char *t = strstr(dump, plain(v.dialog.title, tp, sizeof(tp)));
		ok(t && strstr(dump, "button next:") && strstr(t, "button continue:") &&
		           !strstr(t, "button next:"),
		   "dialog/%s: its lines come last in the dump", v.lang);
		tap_widget(ui, UI_ACT_CONTINUE, 0, &c);
		ok(c.actions == 1 && c.action[UI_ACT_CONTINUE] == 1,
		   "dialog/%s: a tap on its button -> UI_ACT_CONTINUE", v.lang);
	}
	ui_widget_box(ui, UI_ACT_NEXT, &px, &py, &pw, &ph);
	ui_inject_tap(ui, px + pw / 2, py + ph / 2);
	drain(ui, &c);
	ok(c.actions == 0 && c.inputs == 1,
	   "a tap on the main button under the dialog is input only (%d actions)", c.actions);
	ui_inject_key(ui, '\r');
	drain(ui, &c);
	ok(c.action[UI_ACT_CONTINUE] == 1 && c.actions == 1, "Enter under the dialog -> continue");

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
	view_for(&v, UI_KIND_INFO, "ar");
	sample_dialog(&v, test_texts(), 15);
	ui_render(ui, &v);
	ui_get_stats(ui, &f0, &m0, &h0);
	ui_render(ui, &v);
	ui_get_stats(ui, &f1, &m1, NULL);
	ok(f1 == f0 && m1 == m0, "rendering the same view again draws nothing");
	sample_dialog(&v, test_texts(), 14);
	ui_render(ui, &v);
	ui_get_stats(ui, &f2, &m1, NULL);
	ok(f2 == f0 + 1 && m1 > m0 && m1 - m0 <= 2,
	   "a new countdown redraws the frame and builds only %lu new texts", m1 - m0);
	is_int(ui_render(ui, NULL), KERR_INVAL, "ui_render(NULL view)");
	v.kind = UI_KIND_COUNT_;
	is_int(ui_render(ui, &v), KERR_INVAL, "ui_render of an unknown kind");
	ui_close(ui);
	ui_close(NULL);

	/* landscape: the same screens fit a 1920x1080 kiosk (without the simulator's strip, which
	 * a kiosk never shows) */
	cfg.width = 1920;
	cfg.height = 1080;
	sim_strip = false;
	rc = ui_open(&ui, &cfg, test_texts(), true);
	is_int(rc, 0, "headless ui_open landscape");
	if (rc == 0) {
		int saved = 0, complete = 0;
		for (int k = 0; k < UI_KIND_COUNT_; k++) {
			for (int l = 0; l < 2; l++) {
				view_for(&v, (enum ui_kind)k, l ? "en" : "ar");
				ui_render(ui, &v);
				snprintf(path, sizeof(path), "%s/ui-%s-%s-landscape.png", artifacts,
				         sample_kind_name((enum ui_kind)k), v.lang);
				saved += ui_screenshot(ui, path) == 0;
				complete += missing_from_dump(ui, &v) == 0;
			}
		}
		is_int(saved, 2 * UI_KIND_COUNT_, "every kind renders in landscape");
		is_int(complete, 2 * UI_KIND_COUNT_,
		       "landscape: every frame's dump has all of its view");
		view_for(&v, UI_KIND_INFO, "ar");
		ui_render(ui, &v);
		ok(ui_widget_box(ui, UI_ACT_NEXT, &px, &py, &pw, &ph) == 0 && py + ph <= 1080 &&
		           ph >= ui_touch_px(ui),
		   "landscape main button fits on screen");
		check_mirroring(ui, 1920, "landscape");
		/* a full page (the engine pages six rows) is drawn whole: three columns if need be
		 */
		int drawn = 0, pages = 0;
		for (int l = 0; l < 2; l++) {
			for (size_t k = 0; k < 2; k++) {
				view_for(&v, row_kinds[k], l ? "en" : "ar");
				for (; v.nrows < 6; v.nrows++)
					v.rows[v.nrows] = v.rows[v.nrows % 3];
				ui_render(ui, &v);
				for (int i = 0; i < v.nrows; i++)
					drawn += ui_key_box(ui, UI_ACT_CHOOSE, i, &px, &py, &pw,
					                    &ph) == 0 &&
					         py + ph <= 1080;
				pages++;
			}
		}
		is_int(drawn, 6 * pages, "landscape: six rows of a menu or list are all drawn");
		ui_close(ui);
	}
	return tap_done();
}

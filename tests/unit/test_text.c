/*
 * test_text.c - the text engine (text/text.c) through its bitmap output: alignment by paragraph
 * direction, Arabic joining, wrapping inside the width, glyph order of an isolated code inside
 * Arabic (found as a sub-image of the line), FSI isolates (what i18n_fmt puts around arguments:
 * the same pixels as LRI for a Latin value, right to left for an Arabic name in English, never
 * drawn), Arabic-Indic digits (bidi class AN) in the lines the kiosk writes with them (a date, a
 * time, a Hijri date, an amount, a negative one) keeping their reading order inside Arabic
 * beside a reference and a masked civil number, metrics agreement, limits and bad input, and one
 * engine per thread. Runs from the repository root (fonts in assets/fonts-arabic).
 */
#include "../tap.h"

#include "app/engine/valuefmt.h"
#include "common/bitmap.h"
#include "common/kerr.h"
#include "text/i18n.h"
#include "text/text.h"

#include <pthread.h>

#define FONTS "assets/fonts-arabic"

static struct text_engine *te;

struct ink {
	int x0, x1, y0, y1; /* x1 < 0: no ink */
};

static struct ink
ink_box(const struct bitmap *bm, int thresh)
{
	struct ink k = {bm->w, -1, bm->h, -1};
	for (int y = 0; y < bm->h; y++)
		for (int x = 0; x < bm->w; x++)
			if (bm->px[(long)y * bm->stride + x] > thresh) {
				k.x0 = x < k.x0 ? x : k.x0;
				k.x1 = x > k.x1 ? x : k.x1;
				k.y0 = y < k.y0 ? y : k.y0;
				k.y1 = y > k.y1 ? y : k.y1;
			}
	return k;
}

/* Renders s alone at natural width (NULL on failure). */
static struct bitmap *
render(const char *s, int size, enum text_dir dir, int max_w, struct text_metrics *m)
{
	struct text_style st = {.size_px = size, .dir = dir};
	struct bitmap *bm = NULL;
	if (text_render(te, s, &st, max_w, &bm, m) < 0)
		return NULL;
	return bm;
}

/* The inked part of bm as a new bitmap. */
static struct bitmap *
crop(const struct bitmap *bm)
{
	struct ink k = ink_box(bm, 0);
	if (k.x1 < 0)
		return NULL;
	struct bitmap *c = bitmap_new(k.x1 - k.x0 + 1, k.y1 - k.y0 + 1);
	for (int y = k.y0; y <= k.y1; y++)
		memcpy(c->px + (long)(y - k.y0) * c->stride, bm->px + (long)y * bm->stride + k.x0,
		       (size_t)c->w);
	return c;
}

/* Whether needle appears in hay (at most 2 % of its pixels differing by more than 48). */
static bool
find_sub(const struct bitmap *hay, const struct bitmap *needle, int *at_x)
{
	int allow = needle->w * needle->h / 50;
	for (int oy = 0; oy + needle->h <= hay->h; oy++) {
		for (int ox = 0; ox + needle->w <= hay->w; ox++) {
			int bad = 0;
			for (int y = 0; y < needle->h && bad <= allow; y++) {
				const uint8_t *a = hay->px + (long)(oy + y) * hay->stride + ox;
				const uint8_t *b = needle->px + (long)y * needle->stride;
				for (int x = 0; x < needle->w; x++)
					bad += abs(a[x] - b[x]) > 48;
			}
			if (bad <= allow) {
				if (at_x)
					*at_x = ox;
				return true;
			}
		}
	}
	return false;
}

static int
width_of(const char *s, int size)
{
	struct text_style st = {.size_px = size};
	struct text_metrics m = {0};
	text_measure(te, s, &st, 0, &m);
	return m.w;
}

static void
test_alignment(void)
{
	const int W = 900;
	struct text_style st = {.size_px = 36};
	struct bitmap *bm = bitmap_new(W, 80);
	struct text_metrics m;

	is_int(text_draw_bitmap(te, "وزارة العمل", &st, W, bm, 0, 0, &m), 0, "draw Arabic");
	struct ink k = ink_box(bm, 100);
	ok(m.rtl && k.x1 >= W - 12 && k.x0 > W / 2,
	   "an RTL paragraph is right-aligned in its box (ink %d..%d of %d)", k.x0, k.x1, W);

	bitmap_fill(bm, 0, 0, W, 80, 0);
	is_int(text_draw_bitmap(te, "Ministry of Labour", &st, W, bm, 0, 0, &m), 0, "draw English");
	k = ink_box(bm, 100);
	ok(!m.rtl && k.x0 <= 12 && k.x1 < W / 2,
	   "an LTR paragraph is left-aligned in its box (ink %d..%d)", k.x0, k.x1);

	bitmap_fill(bm, 0, 0, W, 80, 0);
	st.align = TEXT_ALIGN_END;
	text_draw_bitmap(te, "وزارة العمل", &st, W, bm, 0, 0, &m);
	k = ink_box(bm, 100);
	ok(k.x0 <= 12 && k.x1 < W / 2, "END alignment puts an RTL paragraph on the left");

	bitmap_fill(bm, 0, 0, W, 80, 0);
	st.align = TEXT_ALIGN_START;
	st.dir = TEXT_DIR_AUTO;
	text_draw_bitmap(te, "123 وزارة العمل", &st, W, bm, 0, 0, &m);
	ok(m.rtl, "AUTO direction skips digits and takes the first strong letter (Arabic)");

	bitmap_fill(bm, 0, 0, W, 80, 0);
	st.dir = TEXT_DIR_RTL;
	text_draw_bitmap(te, "Receipt", &st, W, bm, 0, 0, &m);
	k = ink_box(bm, 100);
	ok(m.rtl && k.x1 >= W - 12, "explicit RTL right-aligns even a Latin paragraph");

	bitmap_fill(bm, 0, 0, W, 80, 0);
	st.dir = TEXT_DIR_AUTO;
	st.align = TEXT_ALIGN_CENTER;
	text_draw_bitmap(te, "Ministry", &st, W, bm, 0, 0, &m);
	k = ink_box(bm, 100);
	ok(abs((k.x0 + k.x1) / 2 - W / 2) <= 6, "CENTER centres the line (mid %d of %d)",
	   (k.x0 + k.x1) / 2, W);
	bitmap_free(bm);
}

static void
test_joining(void)
{
	/* تتبع: joined, the initial/medial forms are much narrower than the isolated letters */
	int joined = width_of("تتبع", 40);
	int apart = width_of("ت", 40) + width_of("ت", 40) + width_of("ب", 40) + width_of("ع", 40);
	ok(joined > 0 && joined < apart * 80 / 100,
	   "an Arabic word renders joined: %d px vs %d px for its letters alone", joined, apart);
	/* the same letters with ZWNJ between them must not join: ZWNJ reaches the shaper */
	int zwnj = width_of("ت‌ت‌ب‌ع", 40);
	ok(zwnj > joined * 5 / 4, "ZWNJ breaks the joining (%d px vs %d px joined)", zwnj, joined);
	/* lam + alef becomes one ligature glyph, narrower than lam and alef side by side */
	int la = width_of("لا", 40), l_a = width_of("ل", 40) + width_of("ا", 40);
	ok(la < l_a, "lam-alef forms a ligature (%d < %d)", la, l_a);

	/* RTL glyph order: "بيت" drawn alone must not equal its letters' LTR order. The first
	 * logical letter (ب, initial form) sits at the right end: its dot is below the baseline
	 * at the right, the final ت has its dots above at the left. */
	struct text_metrics m;
	struct bitmap *bm = render("بت", 60, TEXT_DIR_AUTO, 0, &m);
	if (!bm) {
		ok(0, "render بت");
		return;
	}
	struct ink k = ink_box(bm, 100);
	int mid = (k.x0 + k.x1) / 2, below_right = 0, below_left = 0;
	int base = k.y0 + (k.y1 - k.y0) * 3 / 4; /* the dot of ب is in the bottom quarter */
	for (int y = base; y <= k.y1; y++)
		for (int x = k.x0; x <= k.x1; x++)
			if (bm->px[(long)y * bm->stride + x] > 100) {
				if (x > mid)
					below_right++;
				else
					below_left++;
			}
	ok(below_right > below_left,
	   "letters run right to left (the dot of the first letter ب is at the right: %d vs %d)",
	   below_right, below_left);
	bitmap_free(bm);
}

static void
check_wrap(const char *s, const char *what)
{
	struct text_style st = {.size_px = 32};
	struct text_metrics wide, narrow;
	text_measure(te, s, &st, 900, &wide);
	text_measure(te, s, &st, 300, &narrow);
	ok(narrow.lines > wide.lines && narrow.lines >= 3,
	   "%s: more lines at 300 px (%d) than at 900 px (%d)", what, narrow.lines, wide.lines);
	ok(narrow.w <= 300 && wide.w <= 900, "%s: no line wider than the box (%d, %d)", what,
	   narrow.w, wide.w);
	/* drawn at x=50 in a 300 px box: no ink outside [50, 350) */
	struct bitmap *bm = bitmap_new(400, narrow.h + 40);
	struct text_metrics m;
	text_draw_bitmap(te, s, &st, 300, bm, 50, 0, &m);
	struct ink k = ink_box(bm, 0);
	ok(k.x1 >= 0 && k.x0 >= 50 && k.x1 < 350, "%s: ink stays inside the box (%d..%d)", what,
	   k.x0, k.x1);
	ok(m.lines == narrow.lines && m.w == narrow.w && m.h == narrow.h && m.rtl == narrow.rtl,
	   "%s: text_measure matches text_draw_bitmap", what);
	bitmap_free(bm);
}

static void
test_wrap(void)
{
	check_wrap("The Ministry of Labour thanks you for using the self-service kiosk today",
	           "English");
	check_wrap("تشكركم وزارة العمل على استخدام جهاز الخدمة الذاتية اليوم", "Arabic");
	check_wrap("رقم الطلب \u2066MOL-2024-000123\u2069 تم حفظه وسيرسل عند عودة الاتصال",
	           "mixed");

	struct text_style st = {.size_px = 30};
	struct text_metrics m;
	const char *word = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	is_int(text_measure(te, word, &st, 120, &m), 0, "measure a very long word");
	ok(m.lines > 3 && m.w <= 120, "a word wider than the box is broken (%d lines, %d px)",
	   m.lines, m.w);

	struct text_metrics two, spaced;
	text_measure(te, "one\ntwo", &st, 0, &two);
	st.line_spacing_pct = 150;
	text_measure(te, "one\ntwo", &st, 0, &spaced);
	ok(two.lines == 2 && spaced.h > two.h, "newline breaks; 150 %% spacing is taller (%d > %d)",
	   spaced.h, two.h);
}

/* The code rendered alone must appear, pixel for pixel, inside the mixed line. */
static void
check_sub(const char *line, const char *code, bool expect, const char *what)
{
	struct text_metrics m;
	struct bitmap *a = render(line, 40, TEXT_DIR_AUTO, 0, &m);
	struct bitmap *b = render(code, 40, TEXT_DIR_LTR, 0, &m);
	struct bitmap *c = b ? crop(b) : NULL;
	int at = -1;
	bool found = a && c && find_sub(a, c, &at);
	ok(a && c && found == expect, "%s (%s at x=%d)", what, found ? "found" : "not found", at);
	bitmap_free(a);
	bitmap_free(b);
	bitmap_free(c);
}

static void
test_isolates(void)
{
	char iso[64], line[160];
	text_isolate_ltr("2024-03-01", iso, sizeof(iso));
	is_str(iso, "\u20662024-03-01\u2069", "text_isolate_ltr wraps the field in LRI..PDI");
	snprintf(line, sizeof(line), "التاريخ: %s شكراً", iso);
	check_sub(line, "2024-03-01", true, "an isolated date keeps its order inside Arabic");
	check_sub("التاريخ: 2024-03-01 شكراً", "2024-03-01", false,
	          "without the isolate the bidi algorithm reorders the date (as pango does)");
	text_isolate_ltr("LIC-2024-00123", iso, sizeof(iso));
	snprintf(line, sizeof(line), "رقم الترخيص: %s صالح", iso);
	check_sub(line, "LIC-2024-00123", true, "an isolated licence code keeps its glyph order");
	check_sub(line, "00123-2024-LIC", false, "... and is not drawn reversed");

	char small[10];
	text_isolate_ltr("ABCDEFGH", small, sizeof(small));
	is_str(small, "\u2066ABC\u2069", "a short buffer truncates the field, keeps LRI..PDI");
	text_isolate_ltr("سالم", small, sizeof(small));
	ok(strlen(small) == 9 - 1 || strcmp(small, "\u2066س\u2069") == 0,
	   "truncation does not cut a UTF-8 sequence (%zu bytes)", strlen(small));
	text_isolate_ltr("x", small, 5);
	is_str(small, "", "a buffer too small for the isolates gives an empty string");
}

/* Where the text sub (drawn alone in dir) sits inside the rendered line, or -1. */
static int
x_of(const struct bitmap *line, const char *sub, enum text_dir dir)
{
	struct text_metrics m;
	struct bitmap *b = render(sub, 40, dir, 0, &m);
	struct bitmap *c = b ? crop(b) : NULL;
	int at = -1;
	if (!(line && c && find_sub(line, c, &at)))
		at = -1;
	bitmap_free(b);
	bitmap_free(c);
	return at;
}

static bool
same_pixels(const struct bitmap *a, const struct bitmap *b)
{
	if (!a || !b || a->w != b->w || a->h != b->h)
		return false;
	for (int y = 0; y < a->h; y++)
		if (memcmp(a->px + (long)y * a->stride, b->px + (long)y * b->stride, (size_t)a->w))
			return false;
	return true;
}

/* FSI ... PDI (U+2068, U+2069), what i18n_fmt() puts around every argument. */
static void
test_fsi(void)
{
	struct text_metrics m1, m2;
	/* a Latin reference and a date inside Arabic: FSI resolves to LRI (first strong is L, or
	 * none), so the line is the same as with LRI, pixel for pixel */
	struct bitmap *fsi = render("رقم المرجع \u2068MOL-2026-000123-K\u2069 بتاريخ "
	                            "\u20682026-11-28 20:51 +04\u2069 تم حفظه",
	                            40, TEXT_DIR_AUTO, 0, &m1);
	struct bitmap *lri = render("رقم المرجع \u2066MOL-2026-000123-K\u2069 بتاريخ "
	                            "\u20662026-11-28 20:51 +04\u2069 تم حفظه",
	                            40, TEXT_DIR_AUTO, 0, &m2);
	ok(m1.rtl && same_pixels(fsi, lri),
	   "Arabic with an FSI-isolated reference and date draws exactly as with LRI");
	int ref = x_of(fsi, "MOL-2026-000123-K", TEXT_DIR_LTR);
	int date = x_of(fsi, "2026-11-28 20:51 +04", TEXT_DIR_LTR);
	ok(ref >= 0 && date >= 0 && date < ref,
	   "... the reference and the date keep their own order, the date after it (left of it) in "
	   "Arabic reading (ref x=%d, date x=%d)",
	   ref, date);
	bitmap_free(fsi);
	bitmap_free(lri);

	/* an Arabic name inside English: the isolate resolves to RLI (first strong is R), the name
	 * reads right to left as a whole, and a number after it is not pulled into it */
	struct bitmap *en = render("Name: \u2068محمد سالم\u2069 2026", 40, TEXT_DIR_AUTO, 0, &m1);
	struct bitmap *rli = render("Name: \u2067محمد سالم\u2069 2026", 40, TEXT_DIR_AUTO, 0, &m2);
	ok(!m1.rtl && same_pixels(en, rli),
	   "an FSI-isolated Arabic name inside English draws exactly as with RLI");
	int name = x_of(en, "محمد سالم", TEXT_DIR_RTL), label = x_of(en, "Name:", TEXT_DIR_LTR);
	ok(label >= 0 && name > label,
	   "... the name reads right to left, after the label (label x=%d, name x=%d)", label,
	   name);
	struct bitmap *bare = render("Name: محمد سالم 2026", 40, TEXT_DIR_AUTO, 0, &m2);
	ok(bare && !same_pixels(en, bare),
	   "... and differs from the bare line, where the number joins the Arabic run and jumps "
	   "left of the name (why every argument is isolated)");
	bitmap_free(en);
	bitmap_free(rli);
	bitmap_free(bare);

	/* the controls are never drawn (no box), and change nothing around same-direction text */
	struct bitmap *a = render("Tries left: \u20683\u2069", 40, TEXT_DIR_AUTO, 0, &m1);
	struct bitmap *b = render("Tries left: 3", 40, TEXT_DIR_AUTO, 0, &m2);
	ok(same_pixels(a, b), "an isolated number in English draws as the bare number: no box, no "
	                      "seam");
	bitmap_free(a);
	bitmap_free(b);
	a = render("المحاولات المتبقية: \u2068محمد\u2069", 40, TEXT_DIR_AUTO, 0, &m1);
	b = render("المحاولات المتبقية: محمد", 40, TEXT_DIR_AUTO, 0, &m2);
	ok(same_pixels(a, b), "an isolated Arabic word in Arabic draws as the bare word (one run, "
	                      "joined)");
	bitmap_free(a);
	bitmap_free(b);
	struct text_style st = {.size_px = 40};
	is_int(text_measure(te, "\u2068\u2069\u2068\u2069", &st, 0, &m1), 0,
	       "only FSI/PDI: measures");
	ok(m1.w == 0, "... and is zero wide (%d)", m1.w);
	/* RLI and PDI keep working: Latin letters inside RLI keep their order */
	a = render("x \u2067abc\u2069 y", 40, TEXT_DIR_LTR, 0, &m1);
	b = render("x abc y", 40, TEXT_DIR_LTR, 0, &m2);
	ok(same_pixels(a, b), "RLI around Latin letters: an L run inside, drawn as without it");
	bitmap_free(b);
	bitmap_free(a);
}

/* Arabic-Indic digits are bidi class AN, not EN (Western digits): the values the kiosk writes with
 * them (app/engine/valuefmt.c, as screen and paper draw them) must still read in order inside
 * Arabic: each number left to right (found whole, never reversed), the parts of a date from the
 * right. x_of() finds a part drawn alone inside the line. */
static void
test_indic_digits(void)
{
	struct i18n *tx = NULL;
	if (i18n_open_all(&tx, NULL) < 0 || i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC)) {
		ok(0, "the kiosk's texts with Arabic-Indic digits (run make)");
		i18n_free(tx);
		return;
	}
	struct text_metrics m;
	char date[160], s[400], v[160];
	valuefmt_date(tx, "ar", "2026-12-04", date, sizeof(date));
	const struct i18n_arg dt[] = {{"date", date}, {"time", "10:15"}};
	i18n_fmt(tx, "ar", "receipt.date", dt, 2, s, sizeof(s));
	struct bitmap *line = render(s, 40, TEXT_DIR_RTL, 0, &m);
	/* the numbers are the anchors: they are shaped alone, so each is found as drawn alone */
	int day = x_of(line, "٤", TEXT_DIR_LTR), year = x_of(line, "٢٠٢٦", TEXT_DIR_LTR);
	int time = x_of(line, "١٠:١٥", TEXT_DIR_LTR);
	ok(year >= 0 && x_of(line, "٦٢٠٢", TEXT_DIR_LTR) < 0 && time >= 0,
	   "Arabic date line: the year reads ٢٠٢٦ and the time ١٠:١٥ left to right, not reversed "
	   "(year x=%d, time x=%d)",
	   year, time);
	ok(day > year && year > time,
	   "... the day (then the month), the year, then the time, from the right (x %d > %d > %d)",
	   day, year, time);
	bitmap_free(line);
	line = render(date, 40, TEXT_DIR_AUTO, 0, &m);
	day = x_of(line, "٤", TEXT_DIR_LTR);
	year = x_of(line, "٢٠٢٦", TEXT_DIR_LTR);
	ok(m.rtl && year >= 0 && day > year,
	   "the date alone (a screen row): right to left, the year whole (day x=%d, year x=%d)",
	   day, year);
	bitmap_free(line);
	i18n_set_digits(tx, "ar", I18N_DIGITS_WESTERN);
	valuefmt_date(tx, "ar", "2026-12-04", date, sizeof(date));
	i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC);
	line = render(date, 40, TEXT_DIR_AUTO, 0, &m);
	day = x_of(line, "4", TEXT_DIR_LTR);
	year = x_of(line, "2026", TEXT_DIR_LTR);
	ok(m.rtl && year >= 0 && day > year,
	   "... with Western digits too: the RLM of date.long (day x=%d, year x=%d)", day, year);
	bitmap_free(line);

	valuefmt_hijri(tx, "ar", 1448, 6, 8, v, sizeof(v));
	line = render(v, 40, TEXT_DIR_RTL, 0, &m);
	year = x_of(line, "١٤٤٨", TEXT_DIR_LTR);
	int month = x_of(line, "جمادى الآخرة", TEXT_DIR_RTL);
	ok(year >= 0 && x_of(line, "٨٤٤١", TEXT_DIR_LTR) < 0 && month > year,
	   "Arabic Hijri date: the year ١٤٤٨ whole, left of the month (year x=%d, month x=%d)",
	   year, month);
	bitmap_free(line);

	valuefmt_amount(tx, "ar", 12500, v, sizeof(v));
	line = render(v, 40, TEXT_DIR_RTL, 0, &m);
	int num = x_of(line, "١٢٫٥٠٠", TEXT_DIR_LTR), cur = x_of(line, "ر.ع.", TEXT_DIR_RTL);
	ok(num >= 0 && x_of(line, "٠٠٥٫٢١", TEXT_DIR_LTR) < 0 && cur >= 0 && cur < num,
	   "Arabic amount: ١٢٫٥٠٠ whole, then (left of it) ر.ع. (amount x=%d, rial x=%d)", num,
	   cur);
	bitmap_free(line);
	valuefmt_amount(tx, "ar", -12500, v, sizeof(v));
	line = render(v, 40, TEXT_DIR_RTL, 0, &m);
	ok(x_of(line, "-١٢٫٥٠٠", TEXT_DIR_LTR) >= 0,
	   "a negative Arabic amount: the minus at the left of its digits");
	bitmap_free(line);

	/* codes stay Western and in order beside Arabic-Indic digits */
	const struct i18n_arg ref = {"reference", valuefmt_code("K-0001-000042-7", v, sizeof(v))};
	i18n_fmt(tx, "ar", "receipt.reference", &ref, 1, s, sizeof(s));
	line = render(s, 40, TEXT_DIR_RTL, 0, &m);
	ok(x_of(line, "K-0001-000042-7", TEXT_DIR_LTR) >= 0,
	   "a reference in an Arabic line: Western digits, left to right");
	bitmap_free(line);
	const struct i18n_arg civ[] = {{"label", i18n_tr(tx, "ar", "field.civil_number")},
	                               {"value", I18N_CODE "****5678"}};
	i18n_fmt(tx, "ar", "receipt.line", civ, 2, s, sizeof(s));
	line = render(s, 40, TEXT_DIR_RTL, 0, &m);
	ok(x_of(line, "****5678", TEXT_DIR_LTR) >= 0 && x_of(line, "5678****", TEXT_DIR_LTR) < 0,
	   "a masked civil number in an Arabic line: ****5678, stars first");
	bitmap_free(line);
	i18n_free(tx);
}

static void
test_limits(void)
{
	struct text_style st = {.size_px = 32};
	struct text_metrics m;
	struct bitmap *bm = bitmap_new(200, 100);

	is_int(text_measure(te, "", &st, 0, &m), 0, "empty string measures");
	ok(m.w == 0 && m.lines == 0 && m.h == 0, "empty string: no lines, no size");
	is_int(text_draw_bitmap(te, "", &st, 100, bm, 0, 0, &m), 0, "empty string draws nothing");
	is_int(text_measure(te, "\xd9\x8e", &st, 0, &m), 0, "a lone combining mark (fatha)");
	is_int(text_draw_bitmap(te, "\xd9\x8e\xd9\x91 \xd9\x8e", &st, 200, bm, 0, 0, &m), 0,
	       "lone marks draw without crashing");
	is_int(text_draw_bitmap(te, "\u2066\u2069\u200f", &st, 200, bm, 0, 0, &m), 0,
	       "only bidi controls: drawn as nothing");
	is_int(text_measure(te, "\xff\xfe\xc3 abc \xe2\x82", &st, 0, &m), 0,
	       "malformed UTF-8 is replaced, not fatal");
	ok(m.lines == 1 && m.w > 0, "malformed UTF-8 still lays out one line");

	/* 10,000 characters: cut with an ellipsis, never refused or crashed */
	char *big = malloc(20001);
	for (int i = 0; i < 10000; i++)
		big[i] = i % 7 == 6 ? ' ' : 'a';
	big[10000] = '\0';
	is_int(text_measure(te, big, &st, 800, &m), 0, "10,000 Latin characters lay out");
	ok(m.truncated && m.lines > 10, "... cut (truncated flag) and wrapped (%d lines)", m.lines);
	struct text_metrics m2;
	big[1500] = '\0';
	text_measure(te, big, &st, 800, &m2);
	ok(!m2.truncated && m2.lines < m.lines, "1,500 characters are not cut");
	for (int i = 0; i < 5000; i++) { /* 5,000 Arabic letters (2 bytes each), words of 6 */
		big[2 * i] = (char)0xD8;
		big[2 * i + 1] = (char)(i % 7 == 6 ? 0xA8 : 0xB3);
		if (i % 7 == 6) {
			big[2 * i] = ' ';
			big[2 * i + 1] = ' ';
		}
	}
	big[10000] = '\0';
	struct bitmap *tall = NULL;
	struct text_style rst = {.size_px = 20};
	is_int(text_render(te, big, &rst, 600, &tall, &m), 0, "5,000 Arabic letters render");
	ok(m.truncated && m.rtl && tall && tall->h == m.h, "... cut, right to left, %d lines",
	   m.lines);
	bitmap_free(tall);
	free(big);

	/* a character in neither font: drawn (as a box), not fatal */
	is_int(text_measure(te, "中文 وزارة \xf0\x9f\x98\x80", &st, 0, &m), 0,
	       "characters missing from both fonts still lay out");
	ok(m.w > 0 && m.lines == 1, "... on one line");

	st.size_px = 0;
	is_int(text_measure(te, "a", &st, 0, &m), KERR_INVAL, "size 0 -> KERR_INVAL");
	st.size_px = 32;
	is_int(text_measure(te, NULL, &st, 0, &m), KERR_INVAL, "NULL text -> KERR_INVAL");
	is_int(text_measure(te, "a", &st, -5, &m), KERR_INVAL, "negative width -> KERR_INVAL");

	/* drawing partly outside the bitmap is clipped, not a crash */
	is_int(text_draw_bitmap(te, "وزارة العمل Ministry", &st, 0, bm, -60, 80, &m), 0,
	       "drawing across the bitmap edge is clipped");

	/* more sizes than the face cache holds */
	int fails = 0, prev = 0, grows = 0;
	for (int sz = 10; sz < 50; sz += 2) {
		int w = width_of("Ministry وزارة", sz);
		fails += w <= 0;
		grows += w > prev;
		prev = w;
	}
	ok(fails == 0 && grows == 20, "20 sizes through the bounded face cache, widths grow");
	int again = width_of("Ministry وزارة", 10);
	ok(again > 0 && again < width_of("Ministry وزارة", 48), "evicted sizes reopen correctly");

	struct text_style b = {.size_px = 32, .bold = true};
	struct text_metrics mb, mr;
	text_measure(te, "Print receipt", &b, 0, &mb);
	text_measure(te, "Print receipt", &st, 0, &mr);
	ok(mb.w > mr.w, "bold is a different (wider) face (%d > %d)", mb.w, mr.w);
	bitmap_free(bm);
}

struct thread_job {
	struct bitmap *bm;
	int rc;
};

static void *
thread_render(void *arg)
{
	struct thread_job *j = arg;
	struct text_engine *own = NULL;
	j->rc = text_open(&own, FONTS);
	if (j->rc == 0) {
		struct text_style st = {.size_px = 28};
		struct text_metrics m;
		for (int i = 0; i < 20 && j->rc == 0; i++) {
			bitmap_fill(j->bm, 0, 0, j->bm->w, j->bm->h, 0);
			j->rc = text_draw_bitmap(own, "الرقم المرجعي \u2066MOL-1\u2069", &st, 400,
			                         j->bm, 0, 0, &m);
		}
	}
	text_close(own);
	return NULL;
}

static void
test_threads(void)
{
	struct thread_job j = {bitmap_new(400, 60), -1};
	struct bitmap *mine = bitmap_new(400, 60);
	struct text_style st = {.size_px = 28};
	struct text_metrics m;
	pthread_t th;
	pthread_create(&th, NULL, thread_render, &j);
	for (int i = 0; i < 20; i++) {
		bitmap_fill(mine, 0, 0, 400, 60, 0);
		text_draw_bitmap(te, "الرقم المرجعي \u2066MOL-1\u2069", &st, 400, mine, 0, 0, &m);
	}
	pthread_join(th, NULL);
	ok(j.rc == 0 && memcmp(j.bm->px, mine->px, 400 * 60) == 0,
	   "a second engine on a worker thread renders the same pixels");
	bitmap_free(j.bm);
	bitmap_free(mine);
}

int
main(void)
{
	struct text_engine *none = NULL;
	char missing[300];
	snprintf(missing, sizeof(missing), "%s/no-fonts", tap_tmpdir());
	is_int(text_open(&none, missing), KERR_NOTFOUND, "missing font folder -> KERR_NOTFOUND");
	ok(none == NULL, "no engine after a failed open");
	is_int(text_open(&none, NULL), KERR_INVAL, "NULL font folder -> KERR_INVAL");
	text_close(NULL);

	int rc = text_open(&te, FONTS);
	is_int(rc, 0, "text_open(%s)", FONTS);
	if (rc < 0)
		return tap_done();
	test_alignment();
	test_joining();
	test_wrap();
	test_isolates();
	test_fsi();
	test_indic_digits();
	test_limits();
	test_threads();
	text_close(te);
	return tap_done();
}

/*
 * receipt.c - the receipt rasterizer (see receipt.h): struct receipt -> an 8-bit ink bitmap at
 * the printer profile's width, ready for the ESC/POS encoder.
 *
 * Start at receipt_render_layout(). Everything on paper is one raster drawn with the kiosk's text
 * engine (text/text.h), so Arabic is shaped exactly as on screen: a centred bilingual header, the
 * Arabic block (right-aligned) first, then the English block, then the QR code (libqrencode,
 * whole-dot modules, 4-module quiet zone) and a bilingual footer. Every word on paper comes from
 * the catalogues (text/i18n.h, keys receipt.* in po/en.po and po/ar.po), the Arabic block from
 * "ar" and the English block from "en"; numbers, references, dates, names and amounts are
 * arguments of their texts, which i18n_fmt() isolates so they keep their order. Sizes come from
 * the profile's dpi (Arabic body text >= 24 dots high, docs/printing.md).
 *
 * Thread: whichever thread owns the text engine (the print worker); the struct i18n is shared.
 */
#include "receipt.h"

#include "../common/bitmap.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../drivers/clock.h"
#include "../drivers/printer.h"
#include "../offline-cache/refdata.h"
#include "../text/i18n.h"
#include "../text/text.h"

#include <inttypes.h>
#include <jansson.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANVAS_ROWS   8000 /* drawn tall, then cropped to what was used */
#define QR_QUIET      4    /* modules of blank around the symbol */
#define LINE_PCT      82   /* line pitch, % of the fonts' line box ... */
#define MIN_PITCH_PCT 130  /* ... but at least this % of the font size */

struct pen {
	struct text_engine *te;
	const struct i18n *tx;
	struct bitmap *bm;
	int x, w; /* the text column */
	int y;    /* next free row */
	int body, small, title;
	int rc; /* first error; later draws are skipped */
};

/*
 * Draws s and returns how far the pen moves down. The engine's line box is sized by the fonts a
 * text uses (an Arabic line box is much taller than a Latin one), which is generous on paper:
 * lines are pitched at LINE_PCT of the box, but never closer than MIN_PITCH_PCT of the font size.
 */
static int
put_text(struct pen *pn, const char *s, int size, bool bold, enum text_dir dir,
         enum text_align align, int x, int w, int y)
{
	struct text_style st = {.size_px = size, .bold = bold, .dir = dir, .align = align};
	struct text_metrics m = {0};
	if (pn->rc < 0 || !s[0])
		return 0;
	int rc = text_measure(pn->te, s, &st, w, &m);
	if (rc < 0 || m.lines < 1) {
		pn->rc = rc;
		return 0;
	}
	int box = m.h / m.lines;
	int pct = LINE_PCT;
	if (box * pct < size * MIN_PITCH_PCT)
		pct = (size * MIN_PITCH_PCT + box - 1) / box;
	if (pct > 100)
		pct = 100;
	st.line_spacing_pct = pct;
	rc = text_draw_bitmap(pn->te, s, &st, w, pn->bm, x, y, &m);
	if (rc < 0) {
		pn->rc = rc;
		return 0;
	}
	return m.lines * box * pct / 100;
}

/* One paragraph across the column; moves the pen down by its height + gap. */
static void
line(struct pen *pn, const char *s, int size, bool bold, enum text_dir dir, enum text_align align)
{
	int h = put_text(pn, s, size, bold, dir, align, pn->x, pn->w, pn->y);
	pn->y += h + size / 8;
}

/* A label and an amount on one row: label on the reading side, amount on the other. */
static void
row2(struct pen *pn, const char *label, const char *amount, bool bold, bool rtl)
{
	struct text_style st = {
	        .size_px = pn->body, .bold = bold, .dir = rtl ? TEXT_DIR_RTL : TEXT_DIR_LTR};
	struct text_metrics m = {0};
	if (pn->rc < 0)
		return;
	int rc = text_measure(pn->te, amount, &st, 0, &m);
	if (rc < 0) {
		pn->rc = rc;
		return;
	}
	int gap = pn->body / 2, aw = m.w + 2, lw = pn->w - aw - gap; /* +2: no wrap on rounding */
	if (lw < pn->w / 3)
		lw = pn->w / 3;
	int h1, h2;
	if (rtl) {
		h1 = put_text(pn, label, pn->body, bold, TEXT_DIR_RTL, TEXT_ALIGN_RIGHT,
		              pn->x + pn->w - lw, lw, pn->y);
		h2 = put_text(pn, amount, pn->body, bold, TEXT_DIR_RTL, TEXT_ALIGN_LEFT, pn->x, aw,
		              pn->y);
	} else {
		h1 = put_text(pn, label, pn->body, bold, TEXT_DIR_LTR, TEXT_ALIGN_LEFT, pn->x, lw,
		              pn->y);
		h2 = put_text(pn, amount, pn->body, bold, TEXT_DIR_LTR, TEXT_ALIGN_RIGHT,
		              pn->x + pn->w - aw, aw, pn->y);
	}
	pn->y += (h1 > h2 ? h1 : h2) + pn->body / 8;
}

static void
rule(struct pen *pn)
{
	pn->y += pn->body / 3;
	for (int x = pn->x; x < pn->x + pn->w; x += 12)
		bitmap_fill(pn->bm, x, pn->y, 8, 2, 255);
	pn->y += 2 + pn->body / 2;
}

/* "COPY" or "REPRINT" in a frame, centred: a second paper must be told apart at a glance. */
static void
copy_mark(struct pen *pn, const char *s)
{
	struct text_style st = {.size_px = pn->title, .bold = true, .dir = TEXT_DIR_AUTO};
	struct text_metrics m = {0};
	if (pn->rc < 0 || (pn->rc = text_measure(pn->te, s, &st, 0, &m)) < 0)
		return;
	int pad = pn->body / 3, bw = m.w + 4 * pad, bh = m.h + 2 * pad;
	int bx = pn->x + (pn->w - bw) / 2, by = pn->y;
	put_text(pn, s, pn->title, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, bx, bw, by + pad);
	for (int t = 0; t < 3; t++) {
		bitmap_fill(pn->bm, bx, by + t, bw, 1, 255);
		bitmap_fill(pn->bm, bx, by + bh - 1 - t, bw, 1, 255);
		bitmap_fill(pn->bm, bx + t, by, 1, bh, 255);
		bitmap_fill(pn->bm, bx + bw - 1 - t, by, 1, bh, 255);
	}
	pn->y += bh + pn->body / 2;
}

/* An empty field prints as "-": a blank after a label reads as a printing fault. */
static const char *
or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

/* The number of an amount: "-1.750" (3 decimals, ASCII digits). */
static void
format_number(int64_t baisa, char *out, size_t size)
{
	const char *sign = baisa < 0 ? "-" : "";
	uint64_t v = baisa < 0 ? (uint64_t)0 - (uint64_t)baisa : (uint64_t)baisa;
	snprintf(out, size, "%s%" PRIu64 ".%03" PRIu64, sign, v / 1000, v % 1000);
}

/*
 * An amount in lang: "1.750 OMR" in English; in Arabic the number, then "ر.ع." (rial omani).
 * Besides being how an Arabic reader expects it, the Arabic letters give the amount the same
 * line box as its Arabic label, so both sit on one baseline.
 */
static void
format_amount(const struct pen *pn, const char *lang, int64_t baisa, char *out, size_t size)
{
	char num[32];
	format_number(baisa, num, sizeof(num));
	const struct i18n_arg a = {"amount", num};
	i18n_fmt(pn->tx, lang, "receipt.amount", &a, 1, out, size);
}

/* A text of lang with one argument. */
static const char *
fmt1(const struct pen *pn, const char *lang, const char *key, const char *name, const char *value,
     char *out, size_t size)
{
	const struct i18n_arg a = {name, value};
	return i18n_fmt(pn->tx, lang, key, &a, 1, out, size);
}

/* "2026-11-28T20:51:36+04:00" -> "2026-11-28 20:51 +04". */
static void
format_when(int64_t ms, char *out, size_t size)
{
	char iso[40];
	clock_format_oman(ms, iso, sizeof(iso));
	snprintf(out, size, "%.10s %.5s +04", iso, iso + 11);
}

/*
 * The status words and what happens next, by the start of receipt.status: the keys of the two
 * texts in the catalogues. A status not in the table prints as given (as an argument, so
 * isolated in the Arabic block) with no "next" lines.
 */
struct status_words {
	const char *prefix; /* matched against the start of receipt.status (not user text) */
	const char *word;   /* key of the status word */
	const char *next;   /* key of what happens next */
};

static const struct status_words status_table[] = {
        {"SUBMITTED", N_("receipt.status.submitted"), N_("receipt.next.submitted")},
        {"QUEUED", N_("receipt.status.queued"), N_("receipt.next.queued")},
        {"FAILED", N_("receipt.status.failed"), N_("receipt.next.failed")},
        {"REJECTED", N_("receipt.status.rejected"), N_("receipt.next.rejected")},
        {"ACCEPTED", N_("receipt.status.accepted"), N_("receipt.next.accepted")},
};

static const struct status_words *
status_find(const char *status)
{
	for (size_t i = 0; i < sizeof(status_table) / sizeof(status_table[0]); i++) {
		size_t n = strlen(status_table[i].prefix);
		if (strncmp(status, status_table[i].prefix, n) == 0)
			return &status_table[i];
	}
	return NULL;
}

/* The two words of a bilingual line from one key: "Arabic<sep>English". */
static const char *
both(const struct pen *pn, const char *key, const char *sep, char *out, size_t size)
{
	snprintf(out, size, "%s%s%s", i18n_tr(pn->tx, "ar", key), sep, i18n_tr(pn->tx, "en", key));
	return out;
}

/* Draws the QR code of text centred at pn->y with its quiet zone; fills the layout fields. */
static void
qr_block(struct pen *pn, const char *text, struct receipt_layout *lay)
{
	if (pn->rc < 0 || !text[0])
		return;
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		klog(KLOG_ERR, "receipt", "QR encoding failed (%zu bytes); printed without it",
		     strlen(text));
		return;
	}
	int n = qr->width, s = 6;
	while (s > 4 && (n + 2 * QR_QUIET) * s > pn->w)
		s--;
	if ((n + 2 * QR_QUIET) * s > pn->bm->w) {
		klog(KLOG_ERR, "receipt",
		     "QR of %d modules does not fit %d dots; printed without it", n, pn->bm->w);
		QRcode_free(qr);
		return;
	}
	int qx = (pn->bm->w - n * s) / 2, qy = pn->y + QR_QUIET * s;
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++)
			if (qr->data[y * n + x] & 1)
				bitmap_fill(pn->bm, qx + x * s, qy + y * s, s, s, 255);
	lay->qr_x = qx;
	lay->qr_y = qy;
	lay->qr_module = s;
	lay->qr_modules = n;
	pn->y = qy + n * s + QR_QUIET * s;
	QRcode_free(qr);
}

int
receipt_render_layout(struct text_engine *te, const struct i18n *tx,
                      const struct printer_profile *p, const struct receipt *r, struct bitmap **out,
                      struct receipt_layout *lay)
{
	struct receipt_layout dummy;
	if (!lay)
		lay = &dummy;
	memset(lay, 0, sizeof(*lay));
	*out = NULL;
	if (!te || !p || !r || r->nitems < 0 || r->nitems > RECEIPT_ITEMS_MAX)
		return KERR_INVAL;
	int margin = p->width_dots / 32;
	struct pen pn = {
	        .te = te, .tx = tx, .x = margin, .w = p->width_dots - 2 * margin, .y = margin};
	pn.body = p->dpi >= 200 && p->width_dots > 384 ? 26 : 24; /* Arabic >= 24 dots */
	pn.small = 22;
	pn.title = pn.body + 8;
	pn.bm = bitmap_new(p->width_dots, CANVAS_ROWS);
	if (!pn.bm)
		return KERR_INVAL;

	char when[40], amt[96], mark[96], buf[512];
	const char *mark_key = r->reprint ? "receipt.mark.reprint"
	                       : r->copy  ? "receipt.mark.copy"
	                                  : NULL;
	if (mark_key)
		both(&pn, mark_key, "  ", mark, sizeof(mark));
	format_when(r->when_ms, when, sizeof(when));
	int64_t total = 0;
	for (int i = 0; i < r->nitems; i++)
		total += r->items[i].amount_baisa;
	const struct status_words *sw = status_find(r->status);

	/* Header, both languages, centred. */
	line(&pn, i18n_tr(tx, "ar", "common.ministry"), pn.title, true, TEXT_DIR_RTL,
	     TEXT_ALIGN_CENTER);
	line(&pn, i18n_tr(tx, "en", "common.ministry"), pn.body + 2, true, TEXT_DIR_LTR,
	     TEXT_ALIGN_CENTER);
	line(&pn, both(&pn, "receipt.country", " · ", buf, sizeof(buf)), pn.small, false,
	     TEXT_DIR_RTL, TEXT_ALIGN_CENTER);
	snprintf(buf, sizeof(buf), "%s · %s", or_dash(r->kiosk_id), or_dash(r->location));
	line(&pn, buf, pn.small, false, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER);
	if (mark_key)
		copy_mark(&pn, mark);
	rule(&pn);

	/* Arabic block. */
	lay->ar_top = pn.y;
	line(&pn, r->title_ar, pn.title, true, TEXT_DIR_RTL, TEXT_ALIGN_START);
	fmt1(&pn, "ar", "receipt.status", "status",
	     sw ? i18n_tr(tx, "ar", sw->word) : or_dash(r->status), buf, sizeof(buf));
	line(&pn, buf, pn.body, true, TEXT_DIR_RTL, TEXT_ALIGN_START);
	fmt1(&pn, "ar", "receipt.reference", "reference", or_dash(r->reference), buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	fmt1(&pn, "ar", "receipt.date", "date", when, buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	if (r->hijri[0]) {
		fmt1(&pn, "ar", "receipt.hijri", "date", r->hijri, buf, sizeof(buf));
		line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	}
	fmt1(&pn, "ar", "receipt.name", "name", or_dash(r->name_ar[0] ? r->name_ar : r->name_en),
	     buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	fmt1(&pn, "ar", "receipt.civil_no", "civil_no", or_dash(r->civil_masked), buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	for (int i = 0; i < r->nitems; i++) {
		format_amount(&pn, "ar", r->items[i].amount_baisa, amt, sizeof(amt));
		row2(&pn, r->items[i].label_ar, amt, false, true);
	}
	format_amount(&pn, "ar", total, amt, sizeof(amt));
	row2(&pn, i18n_tr(tx, "ar", "receipt.total"), amt, true, true);
	if (sw)
		line(&pn, i18n_tr(tx, "ar", sw->next), pn.small, false, TEXT_DIR_RTL,
		     TEXT_ALIGN_START);
	lay->ar_bottom = pn.y;
	rule(&pn);

	/* English block. */
	lay->en_top = pn.y;
	line(&pn, r->title_en, pn.title, true, TEXT_DIR_LTR, TEXT_ALIGN_START);
	fmt1(&pn, "en", "receipt.status", "status", sw ? i18n_tr(tx, "en", sw->word) : r->status,
	     buf, sizeof(buf));
	line(&pn, buf, pn.body, true, TEXT_DIR_LTR, TEXT_ALIGN_START);
	fmt1(&pn, "en", "receipt.reference", "reference", or_dash(r->reference), buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	fmt1(&pn, "en", "receipt.date", "date", when, buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	if (r->hijri[0]) {
		fmt1(&pn, "en", "receipt.hijri", "date", r->hijri, buf, sizeof(buf));
		line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	}
	fmt1(&pn, "en", "receipt.name", "name", or_dash(r->name_en[0] ? r->name_en : r->name_ar),
	     buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	fmt1(&pn, "en", "receipt.civil_no", "civil_no", or_dash(r->civil_masked), buf, sizeof(buf));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	for (int i = 0; i < r->nitems; i++) {
		format_amount(&pn, "en", r->items[i].amount_baisa, amt, sizeof(amt));
		row2(&pn, r->items[i].label_en, amt, false, false);
	}
	format_amount(&pn, "en", total, amt, sizeof(amt));
	row2(&pn, i18n_tr(tx, "en", "receipt.total"), amt, true, false);
	if (sw)
		line(&pn, i18n_tr(tx, "en", sw->next), pn.small, false, TEXT_DIR_LTR,
		     TEXT_ALIGN_START);
	lay->en_bottom = pn.y;
	rule(&pn);

	/* QR and footer. */
	qr_block(&pn, r->qr_text, lay);
	line(&pn, i18n_tr(tx, "ar", "receipt.footer"), pn.small, false, TEXT_DIR_RTL,
	     TEXT_ALIGN_CENTER);
	line(&pn, i18n_tr(tx, "en", "receipt.footer"), pn.small, false, TEXT_DIR_LTR,
	     TEXT_ALIGN_CENTER);
	if (mark_key)
		copy_mark(&pn, mark);
	pn.y += margin;

	int rc = pn.rc;
	if (rc == 0 && pn.y > CANVAS_ROWS) {
		klog(KLOG_ERR, "receipt", "receipt taller than %d dots", CANVAS_ROWS);
		rc = KERR_TOOBIG;
	}
	if (rc == 0) {
		*out = bitmap_new(p->width_dots, pn.y);
		memcpy((*out)->px, pn.bm->px, (size_t)p->width_dots * (size_t)pn.y);
	}
	bitmap_free(pn.bm);
	return rc;
}

int
receipt_render(struct text_engine *te, const struct i18n *tx, const struct printer_profile *p,
               const struct receipt *r, struct bitmap **out)
{
	return receipt_render_layout(te, tx, p, r, out, NULL);
}

/* The first 10 characters of clock_format_oman(): "YYYY-MM-DD" of the Oman day. */
static void
oman_day(int64_t ms, char out[11])
{
	char iso[40];
	clock_format_oman(ms, iso, sizeof(iso));
	snprintf(out, 11, "%.10s", iso);
}

void
receipt_hijri(struct queue *q, int64_t now_ms, char *out, size_t size)
{
	char v[512], today[11], day[11];
	int64_t updated = 0;
	out[0] = 0;
	if (!q || refdata_get(q, "hijri_date", v, sizeof(v), NULL, 0, &updated) < 0)
		return;
	oman_day(now_ms, today);
	if (v[0] == '{') {
		json_t *j = json_loads(v, 0, NULL);
		const char *g = json_string_value(json_object_get(j, "gregorian"));
		const char *h = json_string_value(json_object_get(j, "hijri"));
		if (g && h && strcmp(g, today) == 0 && strlen(h) < size)
			snprintf(out, size, "%s", h);
		json_decref(j);
	} else {
		oman_day(updated, day);
		if (strcmp(day, today) == 0 && strlen(v) < size)
			snprintf(out, size, "%s", v);
	}
	if (!out[0])
		klog(KLOG_INFO, "receipt", "no Hijri date for today in the reference data");
}

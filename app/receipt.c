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
#include "../text/i18n.h"
#include "../text/text.h"
#include "engine/valuefmt.h"

#include <inttypes.h>
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

/* An amount in lang: "OMR 1.750" in English, the amount then the rial's Arabic abbreviation in
 * Arabic (common.amount in po/; app/engine/valuefmt.c);
 * besides being how an Arabic reader expects it, the Arabic letters give the amount the same
 * line box as its Arabic label, so both sit on one baseline. */
static void
format_amount(const struct pen *pn, const char *lang, int64_t baisa, char *out, size_t size)
{
	valuefmt_amount(pn->tx, lang, baisa, out, size);
}

/* A text of lang with one argument. */
static const char *
fmt1(const struct pen *pn, const char *lang, const char *key, const char *name, const char *value,
     char *out, size_t size)
{
	const struct i18n_arg a = {name, value};
	return i18n_fmt(pn->tx, lang, key, &a, 1, out, size);
}

/* The Oman date and time of ms written for lang: "3 December 2026" and "10:15". */
static void
format_when(const struct pen *pn, const char *lang, int64_t ms, char *out, size_t size)
{
	char iso[40], day[11], date[96], time[8];
	clock_format_oman(ms, iso, sizeof(iso));
	snprintf(day, sizeof(day), "%.10s", iso);
	snprintf(time, sizeof(time), "%.5s", iso + 11);
	valuefmt_date(pn->tx, lang, day, date, sizeof(date));
	const struct i18n_arg a[] = {{"date", date}, {"time", time}};
	i18n_fmt(pn->tx, lang, "receipt.date", a, 2, out, size);
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

/* The labelled lines of r in language lg ("Label: value"), then a slip's own words. */
static void
slip_lines(struct pen *pn, const struct receipt *r, const char *lg, bool ar, enum text_dir dir,
           char *buf, size_t size)
{
	for (int i = 0; i < r->nlines && i < RECEIPT_LINES_MAX; i++) {
		const struct receipt_line *l = &r->lines[i];
		const struct i18n_arg a[] = {{"label", ar ? l->label.ar : l->label.en},
		                             {"value", or_dash(ar ? l->value.ar : l->value.en)}};
		i18n_fmt(pn->tx, lg, "receipt.line", a, 2, buf, size);
		line(pn, buf, pn->body, false, dir, TEXT_ALIGN_START);
	}
	if (r->slip && (ar ? r->next.ar : r->next.en)[0])
		line(pn, ar ? r->next.ar : r->next.en, pn->small, false, dir, TEXT_ALIGN_START);
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

	char amt[96], mark[96], buf[768], code[80];
	const char *mark_key = r->reprint ? "receipt.mark.reprint"
	                       : r->copy  ? "receipt.mark.copy"
	                                  : NULL;
	if (mark_key)
		both(&pn, mark_key, "  ", mark, sizeof(mark));
	int64_t total = 0;
	for (int i = 0; i < r->nitems; i++)
		total += r->items[i].amount_baisa;
	/* the status word and what happens next: keys by the status's name ("" when unknown) */
	const char *st_name = receipt_status_name(r->status);
	char st_word[48], st_next[48];
	snprintf(st_word, sizeof(st_word), "receipt.status.%s", st_name);
	snprintf(st_next, sizeof(st_next), "receipt.next.%s", st_name);

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

	/* The Arabic block, then the English one: the same lines in each language. */
	static const char *const langs[2] = {"ar", "en"};
	for (int b = 0; b < 2; b++) {
		const char *lg = langs[b];
		bool ar = b == 0;
		enum text_dir dir = ar ? TEXT_DIR_RTL : TEXT_DIR_LTR;
		const struct receipt_pair *title = &r->title;
		if (ar)
			lay->ar_top = pn.y;
		else
			lay->en_top = pn.y;
		line(&pn, ar ? title->ar : title->en, pn.title, true, dir, TEXT_ALIGN_START);
		if (r->slip) { /* a note: what it says, when, where */
			format_when(&pn, lg, r->when_ms, buf, sizeof(buf));
			line(&pn, buf, pn.body, false, dir, TEXT_ALIGN_START);
			slip_lines(&pn, r, lg, ar, dir, buf, sizeof(buf));
			if (ar)
				lay->ar_bottom = pn.y;
			else
				lay->en_bottom = pn.y;
			rule(&pn);
			continue;
		}
		fmt1(&pn, lg, "receipt.status", "status",
		     st_name[0] ? i18n_tr(tx, lg, st_word) : "-", buf, sizeof(buf));
		line(&pn, buf, pn.body, true, dir, TEXT_ALIGN_START);
		/* the references are codes: ASCII digits in every language (docs/ui.md) */
		fmt1(&pn, lg, "receipt.reference", "reference",
		     valuefmt_code(or_dash(r->reference), code, sizeof(code)), buf, sizeof(buf));
		line(&pn, buf, pn.body, false, dir, TEXT_ALIGN_START);
		if (r->ministry_ref[0]) {
			fmt1(&pn, lg, "receipt.ministry_reference", "reference",
			     valuefmt_code(r->ministry_ref, code, sizeof(code)), buf, sizeof(buf));
			line(&pn, buf, pn.body, false, dir, TEXT_ALIGN_START);
		}
		format_when(&pn, lg, r->when_ms, buf, sizeof(buf));
		line(&pn, buf, pn.body, false, dir, TEXT_ALIGN_START);
		const char *hijri = ar ? r->hijri.ar : r->hijri.en;
		if (hijri[0]) {
			fmt1(&pn, lg, "receipt.hijri", "date", hijri, buf, sizeof(buf));
			line(&pn, buf, pn.body, false, dir, TEXT_ALIGN_START);
		}
		slip_lines(&pn, r, lg, ar, dir, buf, sizeof(buf));
		for (int i = 0; i < r->nitems; i++) {
			format_amount(&pn, lg, r->items[i].amount_baisa, amt, sizeof(amt));
			row2(&pn, ar ? r->items[i].label.ar : r->items[i].label.en, amt, false, ar);
		}
		if (r->nitems > 0) { /* a statement charges nothing: no total to print */
			format_amount(&pn, lg, total, amt, sizeof(amt));
			row2(&pn, i18n_tr(tx, lg, "receipt.total"), amt, true, ar);
		}
		const char *next = ar ? r->next.ar : r->next.en;
		if (!next[0] && st_name[0])
			next = i18n_tr(tx, lg, st_next);
		line(&pn, next, pn.small, false, dir, TEXT_ALIGN_START);
		if (r->copy && r->copy_ms > 0) {
			format_when(&pn, lg, r->copy_ms, amt, sizeof(amt));
			fmt1(&pn, lg, "receipt.copy_printed", "when", amt, buf, sizeof(buf));
			line(&pn, buf, pn.small, true, dir, TEXT_ALIGN_START);
		}
		if (ar)
			lay->ar_bottom = pn.y;
		else
			lay->en_bottom = pn.y;
		rule(&pn);
	}

	/* the payment link (unsigned: a web address the phone opens), then the signed QR */
	if (!r->slip && r->pay_url[0]) {
		struct receipt_layout pay_lay;
		line(&pn, i18n_tr(tx, "ar", "receipt.pay_scan"), pn.body, true, TEXT_DIR_RTL,
		     TEXT_ALIGN_CENTER);
		line(&pn, i18n_tr(tx, "en", "receipt.pay_scan"), pn.body, true, TEXT_DIR_LTR,
		     TEXT_ALIGN_CENTER);
		qr_block(&pn, r->pay_url, &pay_lay);
		rule(&pn);
	}
	/* QR and footer. */
	if (!r->slip)
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

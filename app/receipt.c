/*
 * receipt.c - the receipt rasterizer (see receipt.h): struct receipt -> an 8-bit ink bitmap at
 * the printer profile's width, ready for the ESC/POS encoder.
 *
 * Start at receipt_render_layout(). Everything on paper is one raster drawn with the kiosk's text
 * engine (text/text.h), so Arabic is shaped exactly as on screen: a centred bilingual header, the
 * Arabic block (right-aligned) first, then the English block, then the QR code (libqrencode,
 * whole-dot modules, 4-module quiet zone) and a bilingual footer. Numbers, references, dates
 * and amounts inside Arabic lines are wrapped in LTR isolates so they keep their order.
 * Sizes come from the profile's dpi (Arabic body text >= 24 dots high, docs/printing.md).
 *
 * Thread: whichever thread owns the text engine (the print worker).
 */
#include "receipt.h"

#include "../common/bitmap.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../drivers/clock.h"
#include "../drivers/printer.h"
#include "../offline-cache/refdata.h"
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

static void
format_amount(int64_t baisa, char *out, size_t size)
{
	const char *sign = baisa < 0 ? "-" : "";
	uint64_t v = baisa < 0 ? (uint64_t)0 - (uint64_t)baisa : (uint64_t)baisa;
	snprintf(out, size, "%s%" PRIu64 ".%03" PRIu64 " OMR", sign, v / 1000, v % 1000);
}

/*
 * In the Arabic block: the number in an LTR isolate, then "ر.ع." (rial omani). Besides being how
 * an Arabic reader expects it, the Arabic letters give the amount the same line box as its
 * Arabic label, so both sit on one baseline.
 */
static void
format_amount_ar(int64_t baisa, char *out, size_t size)
{
	char num[40], iso[48];
	format_amount(baisa, num, sizeof(num));
	num[strlen(num) - 4] = 0; /* drop " OMR" */
	text_isolate_ltr(num, iso, sizeof(iso));
	snprintf(out, size, "%s ر.ع.", iso);
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
 * The status words, both languages, and what happens next. A status not in the table prints as
 * given (in an LTR isolate in the Arabic block) with no "next" lines.
 */
struct status_words {
	const char *key; /* matched against the start of receipt.status */
	const char *ar;
	const char *next_en;
	const char *next_ar;
};

static const struct status_words status_table[] = {
        {"SUBMITTED", "تم الإرسال",
         "Your request has reached the Ministry. Keep this receipt; you will be told of the "
         "decision.",
         "وصل طلبك إلى الوزارة. احتفظ بهذا الإيصال، وسيتم إبلاغك بالقرار."},
        {"QUEUED", "محفوظ - لم يُرسل بعد",
         "Saved at this kiosk; it will be sent automatically when the connection returns. No "
         "need to come back.",
         "حُفظ الطلب في هذا الجهاز وسيُرسل تلقائياً عند عودة الاتصال. لا حاجة للعودة."},
        {"FAILED", "لم يتم - لم تُخصم أي رسوم",
         "The request was not completed and nothing was charged. Please try again or ask at the "
         "counter.",
         "لم يكتمل الطلب ولم تُخصم أي رسوم. يرجى المحاولة مرة أخرى أو مراجعة الموظف."},
        {"REJECTED", "مرفوض",
         "The Ministry did not accept this request. Please ask at the counter with this "
         "receipt.",
         "لم تقبل الوزارة هذا الطلب. يرجى مراجعة الموظف ومعك هذا الإيصال."},
        {"ACCEPTED", "مقبول", "The request was accepted. Keep this receipt as proof.",
         "تم قبول الطلب. احتفظ بهذا الإيصال كإثبات."},
};

static const struct status_words *
status_find(const char *status)
{
	for (size_t i = 0; i < sizeof(status_table) / sizeof(status_table[0]); i++) {
		size_t n = strlen(status_table[i].key);
		if (strncmp(status, status_table[i].key, n) == 0)
			return &status_table[i];
	}
	return NULL;
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
receipt_render_layout(struct text_engine *te, const struct printer_profile *p,
                      const struct receipt *r, struct bitmap **out, struct receipt_layout *lay)
{
	struct receipt_layout dummy;
	if (!lay)
		lay = &dummy;
	memset(lay, 0, sizeof(*lay));
	*out = NULL;
	if (!te || !p || !r || r->nitems < 0 || r->nitems > RECEIPT_ITEMS_MAX)
		return KERR_INVAL;
	int margin = p->width_dots / 32;
	struct pen pn = {.te = te, .x = margin, .w = p->width_dots - 2 * margin, .y = margin};
	pn.body = p->dpi >= 200 && p->width_dots > 384 ? 26 : 24; /* Arabic >= 24 dots */
	pn.small = 22;
	pn.title = pn.body + 8;
	pn.bm = bitmap_new(p->width_dots, CANVAS_ROWS);
	if (!pn.bm)
		return KERR_INVAL;

	char when[40], iso_when[48], iso_ref[48], iso_civil[40], amt[40], amt_ar[80], buf[512];
	const char *mark = r->reprint ? "إعادة طباعة  REPRINT" : r->copy ? "نسخة  COPY" : NULL;
	format_when(r->when_ms, when, sizeof(when));
	text_isolate_ltr(when, iso_when, sizeof(iso_when));
	text_isolate_ltr(or_dash(r->reference), iso_ref, sizeof(iso_ref));
	text_isolate_ltr(or_dash(r->civil_masked), iso_civil, sizeof(iso_civil));
	int64_t total = 0;
	for (int i = 0; i < r->nitems; i++)
		total += r->items[i].amount_baisa;

	/* Header, both languages, centred. */
	line(&pn, "وزارة العمل", pn.title, true, TEXT_DIR_RTL, TEXT_ALIGN_CENTER);
	line(&pn, "Ministry of Labour", pn.body + 2, true, TEXT_DIR_LTR, TEXT_ALIGN_CENTER);
	line(&pn, "سلطنة عُمان · Sultanate of Oman", pn.small, false, TEXT_DIR_RTL,
	     TEXT_ALIGN_CENTER);
	snprintf(buf, sizeof(buf), "%s · %s", or_dash(r->kiosk_id), or_dash(r->location));
	line(&pn, buf, pn.small, false, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER);
	if (mark)
		copy_mark(&pn, mark);
	rule(&pn);

	/* Arabic block. */
	lay->ar_top = pn.y;
	line(&pn, r->title_ar, pn.title, true, TEXT_DIR_RTL, TEXT_ALIGN_START);
	const struct status_words *sw = status_find(r->status);
	char iso_status[96];
	text_isolate_ltr(r->status[0] ? r->status : "-", iso_status, sizeof(iso_status));
	snprintf(buf, sizeof(buf), "الحالة: %s", sw ? sw->ar : iso_status);
	line(&pn, buf, pn.body, true, TEXT_DIR_RTL, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "رقم المرجع: %s", iso_ref);
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "التاريخ: %s", iso_when);
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	if (r->hijri[0]) {
		char iso_hijri[64];
		text_isolate_ltr(r->hijri, iso_hijri, sizeof(iso_hijri));
		snprintf(buf, sizeof(buf), "التاريخ الهجري: %s هـ", iso_hijri);
		line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	}
	snprintf(buf, sizeof(buf), "الاسم: %s", or_dash(r->name_ar[0] ? r->name_ar : r->name_en));
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "الرقم المدني: %s", iso_civil);
	line(&pn, buf, pn.body, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	for (int i = 0; i < r->nitems; i++) {
		format_amount_ar(r->items[i].amount_baisa, amt_ar, sizeof(amt_ar));
		row2(&pn, r->items[i].label_ar, amt_ar, false, true);
	}
	format_amount_ar(total, amt_ar, sizeof(amt_ar));
	row2(&pn, "المجموع", amt_ar, true, true);
	if (sw)
		line(&pn, sw->next_ar, pn.small, false, TEXT_DIR_RTL, TEXT_ALIGN_START);
	lay->ar_bottom = pn.y;
	rule(&pn);

	/* English block. */
	lay->en_top = pn.y;
	line(&pn, r->title_en, pn.title, true, TEXT_DIR_LTR, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "Status: %s", r->status);
	line(&pn, buf, pn.body, true, TEXT_DIR_LTR, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "Reference: %s", or_dash(r->reference));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "Date: %s", when);
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	if (r->hijri[0]) {
		snprintf(buf, sizeof(buf), "Hijri date: %s AH", r->hijri);
		line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	}
	snprintf(buf, sizeof(buf), "Name: %s", or_dash(r->name_en[0] ? r->name_en : r->name_ar));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	snprintf(buf, sizeof(buf), "Civil No.: %s", or_dash(r->civil_masked));
	line(&pn, buf, pn.body, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	for (int i = 0; i < r->nitems; i++) {
		format_amount(r->items[i].amount_baisa, amt, sizeof(amt));
		row2(&pn, r->items[i].label_en, amt, false, false);
	}
	format_amount(total, amt, sizeof(amt));
	row2(&pn, "Total", amt, true, false);
	if (sw)
		line(&pn, sw->next_en, pn.small, false, TEXT_DIR_LTR, TEXT_ALIGN_START);
	lay->en_bottom = pn.y;
	rule(&pn);

	/* QR and footer. */
	qr_block(&pn, r->qr_text, lay);
	line(&pn, "شكراً لكم. يرجى الاحتفاظ بهذا الإيصال.", pn.small, false, TEXT_DIR_RTL,
	     TEXT_ALIGN_CENTER);
	line(&pn, "Thank you. Please keep this receipt.", pn.small, false, TEXT_DIR_LTR,
	     TEXT_ALIGN_CENTER);
	if (mark)
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
receipt_render(struct text_engine *te, const struct printer_profile *p, const struct receipt *r,
               struct bitmap **out)
{
	return receipt_render_layout(te, p, r, out, NULL);
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

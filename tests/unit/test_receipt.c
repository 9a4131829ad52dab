/*
 * test_receipt.c - receipts made from the committed payload and the rasterizer that prints them.
 * receipt_build(): the visit receipt's payload (tests/receipts.h, as the engine commits it)
 * gives the title, names and masked civil number in both languages, the fee, the status with
 * the Ministry's reference, the Hijri date and a copy's time; a payload without "created" or
 * "party", or not JSON, is KERR_INVAL; receipt_status_code() gives the QR's letters. The paper
 * is read back by its ink (printed(): a text drawn alone must be on the bitmap dot for dot): the
 * fee with 3 decimals, each status's words, QUEUED - NOT YET SENT without a Ministry reference,
 * COPY with its time; with Arabic-Indic digits for Arabic (i18n_set_digits(), what kiosk.conf
 * [language] digits_ar sets) the Arabic block's date, Hijri date and amounts in them, the
 * English block's, the references and the masked civil number in Western digits, the QR the
 * same. The rasterizer: width from the profile, sensible height, the QR code
 * module for module (against libqrencode) with finder patterns and a blank quiet zone, the
 * Arabic block right-aligned and the English block left-aligned, the COPY and REPRINT marks, the
 * Hijri line, bad input (text longer than the paper, empty fields, a QR text too long), and the
 * golden receipts: each rendered, encoded to ESC/POS and decoded again (the paper a printer
 * would print), compared with tests/golden/receipts/<name>.png; UPDATE_GOLDENS=1 (`make
 * goldens`) rewrites them. PNGs go to $KIOSK_BUILD/test-artifacts/ for a human look, with
 * <name>.actual.png beside a golden that differs.
 */
#include "../../app/engine/valuefmt.h"
#include "../../app/receipt.h"
#include "../../app/receipt_build.h"
#include "../../app/txn.h"
#include "../../common/bitmap.h"
#include "../../common/kerr.h"
#include "../../common/kbuf.h"
#include "../../drivers/clock.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../drivers/printer/escpos_decode.h"
#include "../../text/i18n.h"
#include "../../text/text.h"
#include "../printing.h"
#include "../receipts.h"
#include "../tap.h"
#include "../texts.h"

#include <qrencode.h>
#include <sys/stat.h>

/* A copy asked for two days later: 2026-11-20 09:41 in Oman. */
#define COPY_MS 1795153260000LL

/* The Arabic-named citizen's receipt (SUBMITTED, Hijri date, an OMR 2.000 fee), with the QR text
 * a print worker without a signing key gives it. */
static void
sample_receipt(struct receipt *r)
{
	struct test_visit v = test_visit_citizen();
	test_visit_receipt(test_texts(), &v, r);
	test_receipt_qr(r, "https://verify.mol.gov.om/r");
}

static bool
dark(const struct bitmap *bm, int x, int y)
{
	return bitmap_get(bm, x, y) >= 128;
}

/* Module (mx, my) of the printed QR, sampled at its centre. */
static bool
module(const struct bitmap *bm, const struct receipt_layout *l, int mx, int my)
{
	return dark(bm, l->qr_x + mx * l->qr_module + l->qr_module / 2,
	            l->qr_y + my * l->qr_module + l->qr_module / 2);
}

static bool
finder_at(const struct bitmap *bm, const struct receipt_layout *l, int ox, int oy)
{
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			bool ring = x == 0 || y == 0 || x == 6 || y == 6;
			bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			if (module(bm, l, ox + x, oy + y) != (ring || core))
				return false;
		}
	return true;
}

/* Ink-weighted mean x over rows [y0, y1), or -1 when there is no ink. */
static double
ink_centroid_x(const struct bitmap *bm, int y0, int y1)
{
	double sum = 0, n = 0;
	for (int y = y0; y < y1; y++)
		for (int x = 0; x < bm->w; x++)
			if (dark(bm, x, y)) {
				sum += x;
				n++;
			}
	return n > 0 ? sum / n : -1;
}

static void
extent(const struct bitmap *bm, int y0, int y1, int *minx, int *maxx)
{
	*minx = bm->w;
	*maxx = -1;
	for (int y = y0; y < y1; y++)
		for (int x = 0; x < bm->w; x++)
			if (dark(bm, x, y)) {
				if (x < *minx)
					*minx = x;
				if (x > *maxx)
					*maxx = x;
			}
}

static void
save(const struct bitmap *bm, const char *name)
{
	const char *b = getenv("KIOSK_BUILD");
	char dir[512], path[600];
	snprintf(dir, sizeof(dir), "%s/test-artifacts", b && b[0] ? b : "build");
	mkdir(b && b[0] ? b : "build", 0755);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/receipt-%s.png", dir, name);
	ok(bitmap_write_png(bm, path) == 0, "saved %s", path);
}

static void
check_profile(struct text_engine *te, const char *name)
{
	const struct printer_profile *p = printer_profile_find(name);
	struct receipt r;
	sample_receipt(&r);
	struct bitmap *bm = NULL;
	struct receipt_layout l;
	int rc = receipt_render_layout(te, test_texts(), p, &r, &bm, &l);
	is_int(rc, 0, "%s: render", name);
	if (!bm)
		return;
	is_int(bm->w, p->width_dots, "%s: width = profile dots", name);
	ok(bm->h > 700 && bm->h < 3000, "%s: height %d dots is sensible (%.0f mm)", name, bm->h,
	   bm->h * 25.4 / p->dpi);
	ok(l.ar_top < l.ar_bottom && l.ar_bottom <= l.en_top && l.en_bottom <= l.qr_y,
	   "%s: Arabic block, then English, then QR", name);

	/* QR: whole-dot modules, every module as libqrencode made it, finders, quiet zone. */
	ok(l.qr_module >= 4 && l.qr_module <= 6, "%s: QR module %d dots", name, l.qr_module);
	QRcode *q = QRcode_encodeString(r.qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	is_int(l.qr_modules, q->width, "%s: QR size in modules", name);
	int wrong = 0;
	for (int y = 0; y < q->width && l.qr_modules == q->width; y++)
		for (int x = 0; x < q->width; x++)
			wrong += module(bm, &l, x, y) != (bool)(q->data[y * q->width + x] & 1);
	is_int(wrong, 0, "%s: every QR module printed as encoded", name);
	QRcode_free(q);
	int n = l.qr_modules;
	ok(finder_at(bm, &l, 0, 0) && finder_at(bm, &l, n - 7, 0) && finder_at(bm, &l, 0, n - 7),
	   "%s: three finder patterns", name);
	int quiet_ink = 0, qz = 4 * l.qr_module, side = n * l.qr_module;
	for (int y = l.qr_y - qz; y < l.qr_y + side + qz; y++)
		for (int x = l.qr_x - qz; x < l.qr_x + side + qz; x++) {
			bool inside = x >= l.qr_x && x < l.qr_x + side && y >= l.qr_y &&
			              y < l.qr_y + side;
			if (!inside && dark(bm, x, y))
				quiet_ink++;
		}
	is_int(quiet_ink, 0, "%s: 4-module quiet zone is blank", name);
	ok(l.qr_x - qz >= 0 && l.qr_x + side + qz <= bm->w, "%s: quiet zone on the paper", name);

	/* RTL: the Arabic title sits right, the English title left; edges on the margins. */
	double ar = ink_centroid_x(bm, l.ar_top, l.ar_top + 30);
	double en = ink_centroid_x(bm, l.en_top, l.en_top + 30);
	ok(ar > bm->w * 0.6, "%s: Arabic title ink on the right (centroid %.0f of %d)", name, ar,
	   bm->w);
	ok(en >= 0 && en < bm->w * 0.4, "%s: English title ink on the left (centroid %.0f)", name,
	   en);
	int minx, maxx, margin = p->width_dots / 32;
	extent(bm, l.ar_top, l.ar_bottom, &minx, &maxx);
	ok(maxx >= bm->w - margin - 6 && maxx < bm->w - margin + 2,
	   "%s: Arabic block right edge at the margin (%d)", name, maxx);
	extent(bm, l.en_top, l.en_bottom, &minx, &maxx);
	ok(minx <= margin + 6 && minx >= margin - 2,
	   "%s: English block left edge at the margin (%d)", name, minx);
	save(bm, name);

	/* COPY: a marked copy is taller and differs in its header. */
	struct test_visit v = test_visit_citizen();
	v.copy = true;
	v.copy_ms = COPY_MS;
	test_visit_receipt(test_texts(), &v, &r);
	test_receipt_qr(&r, "https://verify.mol.gov.om/r");
	struct bitmap *cp = NULL;
	struct receipt_layout lc;
	is_int(receipt_render_layout(te, test_texts(), p, &r, &cp, &lc), 0, "%s: render the COPY",
	       name);
	if (cp) {
		ok(cp->h > bm->h && lc.ar_top > l.ar_top,
		   "%s: COPY mark adds rows above the blocks", name);
		char nm[64];
		snprintf(nm, sizeof(nm), "%s-copy", name);
		save(cp, nm);
	}
	bitmap_free(cp);
	bitmap_free(bm);
}

/* The paper a printer would print for r: render -> ESC/POS -> decode. */
static struct bitmap *
paper(struct text_engine *te, const struct printer_profile *p, const struct receipt *r)
{
	struct bitmap *bm = NULL;
	if (receipt_render(te, test_texts(), p, r, &bm) < 0)
		return NULL;
	struct kbuf out;
	kbuf_init(&out, 4u << 20);
	int rc = escpos_encode(&out, p, bm);
	bitmap_free(bm);
	struct escpos_decode_opts o = {.width_dots = p->width_dots};
	struct escpos_page pg = {0};
	if (rc == 0)
		rc = escpos_decode(out.data, out.len, &o, &pg);
	kbuf_free(&out);
	if (rc < 0) {
		bitmap_free(pg.bm);
		return NULL;
	}
	return pg.bm;
}

/*
 * Dots that differ (1-bit) between the paper and its golden; the golden is rewritten when
 * UPDATE_GOLDENS=1. A few dots of slack absorb a FreeType/HarfBuzz update's rounding; a wrong
 * shape, line or QR module is hundreds.
 */
#define GOLDEN_SLACK 40

static void
golden(struct text_engine *te, const char *profile, const struct receipt *r, const char *name)
{
	char path[300], actual[700];
	const char *b = getenv("KIOSK_BUILD");
	snprintf(path, sizeof(path), "tests/golden/receipts/%s.png", name);
	snprintf(actual, sizeof(actual), "%s/test-artifacts/%s.actual.png", b && b[0] ? b : "build",
	         name);
	struct bitmap *pg = paper(te, printer_profile_find(profile), r);
	ok(pg != NULL, "%s: rendered, encoded and decoded", name);
	if (!pg)
		return;
	const char *up = getenv("UPDATE_GOLDENS");
	if (up && strcmp(up, "1") == 0) {
		mkdir("tests/golden", 0755);
		mkdir("tests/golden/receipts", 0755);
		ok(bitmap_write_png(pg, path) == 0, "%s: golden rewritten", path);
		bitmap_free(pg);
		return;
	}
	struct bitmap *g = read_png(path);
	ok(g != NULL, "%s: golden present (make goldens makes it)", path);
	if (g && g->w == pg->w && g->h == pg->h) {
		long diff = 0;
		for (long i = 0; i < (long)g->w * g->h; i++)
			diff += (g->px[i] >= 128) != (pg->px[i] >= 128);
		ok(diff <= GOLDEN_SLACK, "%s: matches its golden (%ld dots differ, %d allowed)",
		   name, diff, GOLDEN_SLACK);
		if (diff > GOLDEN_SLACK)
			bitmap_write_png(pg, actual);
	} else if (g) {
		ok(0, "%s: size %dx%d, golden %dx%d", name, pg->w, pg->h, g->w, g->h);
		bitmap_write_png(pg, actual);
	}
	bitmap_free(g);
	bitmap_free(pg);
}

/* The second golden person: a resident, English at the kiosk, queued, no Hijri date, printed
 * again after a fault (the print worker's REPRINT mark). */
static void
resident_receipt(struct receipt *r)
{
	struct test_visit v = test_visit_resident();
	test_visit_receipt(test_texts(), &v, r);
	test_receipt_qr(r, "https://verify.mol.gov.om/r");
	r->reprint = true;
}

static int
rows_of(struct text_engine *te, const char *profile, const struct receipt *r, int *w)
{
	struct bitmap *bm = NULL;
	int rc = receipt_render(te, test_texts(), printer_profile_find(profile), r, &bm);
	int h = rc == 0 && bm ? bm->h : -1;
	*w = bm ? bm->w : -1;
	bitmap_free(bm);
	return h;
}

static void
bad_input(struct text_engine *te)
{
	struct receipt r;
	int w, base, h;
	sample_receipt(&r);
	base = rows_of(te, "generic-58", &r, &w);
	/* Text longer than the paper: wrapped, never wider than the roll (by hand: no card holds
	 * names this long). */
	struct receipt_pair *name = &r.lines[0].value;
	memset(name->en, 0, sizeof(name->en));
	for (size_t i = 0; i + 6 < sizeof(name->en); i += 6)
		memcpy(name->en + i, "Abdul ", 6);
	memset(r.location, 'W', sizeof(r.location) - 1); /* one unbreakable word */
	r.location[sizeof(r.location) - 1] = 0;
	snprintf(r.title.ar, sizeof(r.title.ar), "%s", "طلب تصريح عمل لعامل منزلي جديد مع تجديد");
	h = rows_of(te, "generic-58", &r, &w);
	ok(h > base && w == 384,
	   "long name, location and title on 58 mm: wrapped (%d > %d rows), "
	   "%d dots wide",
	   h, base, w);
	/* Empty fields: still a receipt. */
	struct receipt e;
	memset(&e, 0, sizeof(e));
	h = rows_of(te, "generic-80", &e, &w);
	ok(h > 300 && w == 576, "an all-empty receipt still renders (%d rows)", h);
	/* A QR text no symbol can hold at this width: the receipt prints without it. */
	sample_receipt(&r);
	struct receipt_layout l;
	struct bitmap *bm = NULL;
	for (size_t i = 0; i < sizeof(r.qr_text) - 1; i++)
		r.qr_text[i] = (char)('!' + (i * 37) % 90);
	r.qr_text[sizeof(r.qr_text) - 1] = 0;
	int rc = receipt_render_layout(te, test_texts(), printer_profile_find("generic-58"), &r,
	                               &bm, &l);
	ok(rc == 0 && bm, "a 319-byte QR text on 58 mm: the receipt still renders");
	ok(l.qr_module == 0 || (l.qr_module >= 4 && (l.qr_modules + 8) * l.qr_module <= 384),
	   "the QR is whole-dot and fits, or is left out (module %d)", l.qr_module);
	bitmap_free(bm);
	/* The marks and the Hijri line add rows. */
	struct test_visit v = test_visit_citizen();
	v.hijri_y = 0;
	test_visit_receipt(test_texts(), &v, &r);
	test_receipt_qr(&r, "https://verify.mol.gov.om/r");
	base = rows_of(te, "generic-80", &r, &w);
	r.reprint = true;
	ok(rows_of(te, "generic-80", &r, &w) > base, "REPRINT adds its marks");
	sample_receipt(&r);
	ok(rows_of(te, "generic-80", &r, &w) > base, "the Hijri date adds a line");
	/* A status outside the enum (a newer model's): still renders, with "-" for the word. */
	r.status = (enum receipt_status)99;
	ok(rows_of(te, "generic-80", &r, &w) > 0, "an unknown status still renders");
}

/* ---- the receipt from its payload, and what its paper says ------------------------------- */

/* The plain text of s (no isolates) is want. */
static bool
reads(const char *s, const char *want)
{
	char plain[1024];
	text_strip_controls(s, plain, sizeof(plain));
	return strcmp(plain, want) == 0;
}

/* The commit's payload with key taken out (NULL: as it is); caller frees. */
static char *
payload_without(const struct test_visit *v, const char *key)
{
	char *text = test_visit_payload(v);
	json_t *p = json_loads(text, 0, NULL);
	free(text);
	if (key)
		json_object_del(p, key);
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	return text;
}

/* Whether s occurs anywhere in the receipt's bytes (every text field, padding included). */
static bool
in_receipt(const struct receipt *r, const char *s)
{
	const char *b = (const char *)r;
	size_t n = strlen(s);
	for (size_t i = 0; i + n <= sizeof(*r); i++)
		if (memcmp(b + i, s, n) == 0)
			return true;
	return false;
}

/* The line labelled with key (its English label), or NULL. */
static const struct receipt_line *
line_of(const struct receipt *r, const char *key)
{
	for (int i = 0; i < r->nlines; i++)
		if (strcmp(r->lines[i].label.en, i18n_tr(test_texts(), "en", key)) == 0)
			return &r->lines[i];
	return NULL;
}

static void
built(void)
{
	struct test_visit v = test_visit_citizen();
	struct receipt r;
	is_int(test_visit_receipt(test_texts(), &v, &r), 0, "receipt_build: the citizen's payload");
	ok(!in_receipt(&r, v.civil_number), "the full civil number is nowhere in the receipt");
	const struct receipt_line *civ = line_of(&r, "field.civil_number");
	ok(civ && strcmp(civ->value.en, "\u200E****5678") == 0 &&
	           strcmp(civ->value.ar, "\u200E****5678") == 0,
	   "the civil number line holds its last 4 digits, masked (%s)", civ ? civ->value.en : "-");
	const struct receipt_line *nm = line_of(&r, "field.name");
	ok(nm && strcmp(nm->value.ar, v.name_ar) == 0 && strcmp(nm->value.en, v.name_en) == 0,
	   "the name line: Arabic name in Arabic, English name in English");
	is_str(r.title.ar, "إيصال زيارة", "title in Arabic");
	is_str(r.title.en, "Visit receipt", "title in English");
	ok(r.nitems == 1 && r.items[0].amount_baisa == 2000 &&
	           strcmp(r.items[0].label.en, "Service fee") == 0 &&
	           strcmp(r.items[0].label.ar, "رسوم الخدمة") == 0,
	   "one fee item: the service fee, 2000 baisa, labelled in both languages");
	is_int(r.when_ms, v.created_ms, "when = the payload's \"created\" (+04:00 read back)");
	is_str(r.type, "visit-receipt", "type = the service id (the signed QR's)");
	ok(txn_reference_check(r.reference) == 0 &&
	           strncmp(r.reference, "KSK-MCT-001-000123-", 19) == 0,
	   "reference with its check digit (%s)", r.reference);
	ok(r.status == RECEIPT_SUBMITTED && strcmp(r.ministry_ref, "MOL-00004211") == 0,
	   "SUBMITTED with the Ministry's reference");
	ok(reads(r.hijri.en, "8 Jumada al-Akhirah 1448\u00a0AH"),
	   "the Hijri date in English, the era kept with its year by a no-break space (%s)",
	   r.hijri.en);
	ok(strstr(r.hijri.ar, "1448") && strstr(r.hijri.ar, "هـ"), "the Hijri date in Arabic (%s)",
	   r.hijri.ar);
	ok(!strchr(r.hijri.ar, '"') && !strchr(r.hijri.en, '"') && !strchr(r.hijri.en, '\''),
	   "the Hijri date carries no quote characters");
	ok(!r.copy && !r.reprint && !r.qr_text[0],
	   "a first print: no marks, the QR is the worker's");

	v = test_visit_resident();
	is_int(test_visit_receipt(test_texts(), &v, &r), 0,
	       "receipt_build: the resident's payload");
	ok(r.status == RECEIPT_QUEUED && !r.ministry_ref[0] && !r.hijri.ar[0] && !r.hijri.en[0],
	   "QUEUED: no Ministry reference, no Hijri date");
	ok(r.nitems == 1 && r.items[0].amount_baisa == 0, "a free service still lists its fee");
	nm = line_of(&r, "field.name");
	ok(nm && strcmp(nm->value.en, "John Smith") == 0 && strcmp(nm->value.ar, "جون سميث") == 0,
	   "the resident's names");
	ok(!in_receipt(&r, v.civil_number), "nor the resident's civil number");

	v = test_visit_citizen();
	v.copy = true;
	v.copy_ms = COPY_MS;
	is_int(test_visit_receipt(test_texts(), &v, &r), 0, "receipt_build: a copy");
	ok(r.copy && r.copy_ms == COPY_MS && r.when_ms == v.created_ms,
	   "a copy keeps the commit's time and has its own");

	/* Not a payload a commit made. */
	static const char *const keys[] = {"created", "party"};
	for (int i = 0; i < 2; i++) {
		char *text = payload_without(&v, keys[i]);
		r.nlines = 5;
		is_int(receipt_build(test_texts(), test_visit_def(), text,
		                     &(struct receipt_facts){0}, &r),
		       KERR_INVAL, "a payload without \"%s\": KERR_INVAL", keys[i]);
		ok(r.nlines == 0 && !r.title.en[0], "... and an empty receipt");
		free(text);
	}
	struct receipt_facts f = {.kiosk_id = "KSK-1"};
	is_int(receipt_build(test_texts(), test_visit_def(), "KSK-MCT-001 visit 90125678", &f, &r),
	       KERR_INVAL, "text that is not JSON: KERR_INVAL");
	is_int(receipt_build(test_texts(), test_visit_def(), "[1,2]", &f, &r), KERR_INVAL,
	       "JSON that is not an object: KERR_INVAL");
	char *text = payload_without(&v, NULL);
	json_t *p = json_loads(text, 0, NULL);
	free(text);
	json_object_set_new(p, "created", json_string("2026-11-18 15:06:40"));
	text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	is_int(receipt_build(test_texts(), test_visit_def(), text, &f, &r), KERR_INVAL,
	       "a \"created\" without its +04:00: KERR_INVAL");
	free(text);
	text = payload_without(&v, NULL);
	is_int(receipt_build(test_texts(), NULL, text, &f, &r), KERR_INVAL,
	       "no service: KERR_INVAL");
	free(text);

	/* The QR's status letters. */
	is_int(receipt_status_code(RECEIPT_SUBMITTED), 'S', "SUBMITTED -> S");
	is_int(receipt_status_code(RECEIPT_QUEUED), 'Q', "QUEUED -> Q");
	is_int(receipt_status_code(RECEIPT_FAILED), 'F', "FAILED -> F");
	is_int(receipt_status_code(RECEIPT_REJECTED), 'R', "REJECTED -> R");
	is_int(receipt_status_code(RECEIPT_ACCEPTED), 'A', "ACCEPTED -> A");
	is_int(receipt_status_code((enum receipt_status)99), 'X', "a status outside the enum -> X");
}

/*
 * The paper's text, read back by its ink: a text drawn alone the way the renderer draws it (its
 * size, weight and direction), cropped to its ink, must be on the receipt's bitmap dot for dot,
 * gray level for gray level, with no other ink inside its box. Both come from the same text
 * engine in the same run, so the same text shaped the same way always matches (no FreeType
 * slack needed); another digit, a quote or one letter more or less never does (an 'l' for an
 * 'i' fails it). Only whole texts as the renderer passes them to the engine are compared: a
 * part of a line is shaped with its neighbours.
 */
struct look {
	int body, small, title; /* the renderer's sizes for the profile (app/receipt.c) */
};

static struct look
look_of(const struct printer_profile *p)
{
	struct look k;
	k.body = p->dpi >= 200 && p->width_dots > 384 ? 26 : 24;
	k.small = 22;
	k.title = k.body + 8;
	return k;
}

static struct bitmap *
ink_of(struct text_engine *te, const char *s, int size, bool bold, enum text_dir dir)
{
	struct text_style st = {.size_px = size, .bold = bold, .dir = dir};
	struct bitmap *t = NULL, *c = NULL;
	if (text_render(te, s, &st, 0, &t, NULL) < 0 || !t)
		return NULL;
	int x0 = t->w, y0 = t->h, x1 = -1, y1 = -1;
	for (int y = 0; y < t->h; y++)
		for (int x = 0; x < t->w; x++)
			if (t->px[y * t->w + x]) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	if (x1 >= 0) {
		c = bitmap_new(x1 - x0 + 1, y1 - y0 + 1);
		for (int y = 0; y < c->h; y++)
			memcpy(c->px + y * c->w, t->px + (y + y0) * t->w + x0, (size_t)c->w);
	}
	bitmap_free(t);
	return c;
}

static bool
printed(struct text_engine *te, const struct bitmap *bm, const char *s, int size, bool bold,
        enum text_dir dir)
{
	struct bitmap *t = ink_of(te, s, size, bold, dir);
	if (!t)
		return false;
	long first = 0;
	while (!t->px[first])
		first++; /* ink_of() cropped to ink: there is some */
	int fx = (int)(first % t->w), fy = (int)(first / t->w);
	bool found = false;
	for (int y = 0; y + t->h <= bm->h && !found; y++)
		for (int x = 0; x + t->w <= bm->w && !found; x++) {
			if (bm->px[(y + fy) * bm->w + x + fx] != t->px[first])
				continue;
			bool same = true;
			for (int ty = 0; ty < t->h && same; ty++)
				same = memcmp(bm->px + (y + ty) * bm->w + x, t->px + ty * t->w,
				              (size_t)t->w) == 0;
			found = same;
		}
	bitmap_free(t);
	return found;
}

/* valuefmt's amount of baisa in lang reads want and is on the paper bm (a row of body size). */
static bool
amount_printed(struct text_engine *te, const struct bitmap *bm, const struct i18n *tx,
               const char *lang, int64_t baisa, const char *want, int size)
{
	char amount[96];
	valuefmt_amount(tx, lang, baisa, amount, sizeof(amount));
	return reads(amount, want) && printed(te, bm, amount, size, false,
	                                      strcmp(lang, "ar") ? TEXT_DIR_LTR : TEXT_DIR_RTL);
}

/* A text of lang with up to two arguments, as the renderer formats it. */
static const char *
tr2(const char *lang, const char *key, const char *n1, const char *v1, const char *n2,
    const char *v2, char *out, size_t size)
{
	const struct i18n_arg a[] = {{n1, v1}, {n2, v2}};
	return i18n_fmt(test_texts(), lang, key, a, n2 ? 2 : 1, out, size);
}

static struct bitmap *
render80(struct text_engine *te, const struct receipt *r)
{
	struct bitmap *bm = NULL;
	if (receipt_render(te, test_texts(), printer_profile_find("generic-80"), r, &bm) < 0)
		return NULL;
	return bm;
}

static void
content(struct text_engine *te)
{
	const struct look k = look_of(printer_profile_find("generic-80"));
	const struct i18n *tx = test_texts();
	char s[768], amount[96], label[160], when[200];
	struct receipt r;
	sample_receipt(&r);
	struct bitmap *bm = render80(te, &r);
	ok(bm != NULL, "the citizen's receipt on 80 mm");
	if (!bm)
		return;
	ok(printed(te, bm, "Visit receipt", k.title, true, TEXT_DIR_LTR) &&
	           printed(te, bm, "إيصال زيارة", k.title, true, TEXT_DIR_RTL),
	   "paper: the title in English and in Arabic");
	tr2("en", "receipt.line", "label", "Name", "value", "Mohammed Salim Al Balushi", s,
	    sizeof(s));
	ok(printed(te, bm, s, k.body, false, TEXT_DIR_LTR),
	   "paper: Name: Mohammed Salim Al Balushi");
	tr2("ar", "receipt.line", "label", "الاسم", "value", "محمد بن سالم البلوشي", s, sizeof(s));
	ok(printed(te, bm, s, k.body, false, TEXT_DIR_RTL), "paper: الاسم: محمد بن سالم البلوشي");
	tr2("en", "receipt.line", "label", "Civil number", "value", "****5678", s, sizeof(s));
	ok(printed(te, bm, s, k.body, false, TEXT_DIR_LTR), "paper: Civil number: ****5678");
	ok(amount_printed(te, bm, tx, "en", 2000, "OMR 2.000", k.body),
	   "paper: the fee as OMR 2.000");
	ok(amount_printed(te, bm, tx, "ar", 2000, "2.000 ر.ع.", k.body),
	   "paper: the fee as 2.000 ر.ع. in the Arabic block");
	valuefmt_amount(tx, "en", 200, amount, sizeof(amount));
	ok(!printed(te, bm, amount, k.body, false, TEXT_DIR_LTR),
	   "paper: not OMR 0.200 (the reading tells digits apart)");
	tr2("en", "receipt.status", "status", "SUBMITTED", NULL, NULL, s, sizeof(s));
	ok(printed(te, bm, s, k.body, true, TEXT_DIR_LTR), "paper: Status: SUBMITTED");
	tr2("en", "receipt.ministry_reference", "reference", "MOL-00004211", NULL, NULL, s,
	    sizeof(s));
	ok(reads(s, "Ministry reference: MOL-00004211") &&
	           printed(te, bm, s, k.body, false, TEXT_DIR_LTR),
	   "paper: SUBMITTED shows the Ministry's reference");
	tr2("ar", "receipt.ministry_reference", "reference", "MOL-00004211", NULL, NULL, s,
	    sizeof(s));
	ok(printed(te, bm, s, k.body, false, TEXT_DIR_RTL), "paper: ... in Arabic too");
	tr2("en", "receipt.hijri", "date", r.hijri.en, NULL, NULL, s, sizeof(s));
	ok(reads(s, "Hijri date: 8 Jumada al-Akhirah 1448\u00a0AH") &&
	           printed(te, bm, s, k.body, false, TEXT_DIR_LTR),
	   "paper: the Hijri date, no quotes");
	tr2("ar", "receipt.hijri", "date", r.hijri.ar, NULL, NULL, s, sizeof(s));
	ok(printed(te, bm, s, k.body, false, TEXT_DIR_RTL), "paper: the Hijri date in Arabic");
	snprintf(label, sizeof(label), "%s  %s", i18n_tr(tx, "ar", "receipt.mark.copy"),
	         i18n_tr(tx, "en", "receipt.mark.copy"));
	ok(!printed(te, bm, label, k.title, true, TEXT_DIR_AUTO),
	   "paper: a first print has no COPY");
	bitmap_free(bm);

	/* A copy: COPY in its frame and the copy's own time. */
	struct test_visit v = test_visit_citizen();
	v.copy = true;
	v.copy_ms = COPY_MS;
	test_visit_receipt(tx, &v, &r);
	test_receipt_qr(&r, "https://verify.mol.gov.om/r");
	bm = render80(te, &r);
	ok(bm && reads(label, "نسخة  COPY") && printed(te, bm, label, k.title, true, TEXT_DIR_AUTO),
	   "paper: a copy is marked نسخة COPY");
	char iso[40], day[11], hm[8], date[96];
	clock_format_oman(COPY_MS, iso, sizeof(iso));
	snprintf(day, sizeof(day), "%.10s", iso);
	snprintf(hm, sizeof(hm), "%.5s", iso + 11);
	valuefmt_date(tx, "en", day, date, sizeof(date));
	tr2("en", "receipt.date", "date", date, "time", hm, when, sizeof(when));
	tr2("en", "receipt.copy_printed", "when", when, NULL, NULL, s, sizeof(s));
	ok(bm && reads(s, "Copy printed Date: 20 November 2026, 09:41") &&
	           printed(te, bm, s, k.small, true, TEXT_DIR_LTR),
	   "paper: Copy printed with its time (20 November 2026, 09:41)");
	bitmap_free(bm);

	/* Each status in its words; QUEUED without a Ministry reference. */
	static const struct {
		enum receipt_status st;
		const char *key, *en;
	} words[] = {
	        {RECEIPT_SUBMITTED, "receipt.status.submitted", "SUBMITTED"},
	        {RECEIPT_QUEUED, "receipt.status.queued", "QUEUED - NOT YET SENT"},
	        {RECEIPT_FAILED, "receipt.status.failed", "FAILED"},
	        {RECEIPT_REJECTED, "receipt.status.rejected", "REJECTED"},
	        {RECEIPT_ACCEPTED, "receipt.status.accepted", "ACCEPTED"},
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		v = test_visit_resident();
		v.status = words[i].st;
		test_visit_receipt(tx, &v, &r);
		bm = render80(te, &r);
		is_str(i18n_tr(tx, "en", words[i].key), words[i].en, "%s: its English word",
		       words[i].key);
		tr2("en", "receipt.status", "status", words[i].en, NULL, NULL, s, sizeof(s));
		bool en = bm && printed(te, bm, s, k.body, true, TEXT_DIR_LTR);
		tr2("ar", "receipt.status", "status", i18n_tr(tx, "ar", words[i].key), NULL, NULL,
		    s, sizeof(s));
		bool ar = bm && printed(te, bm, s, k.body, true, TEXT_DIR_RTL);
		ok(en && ar, "paper: Status: %s, and in Arabic", words[i].en);
		if (words[i].st == RECEIPT_QUEUED) {
			tr2("en", "receipt.status", "status", "SUBMITTED", NULL, NULL, s,
			    sizeof(s));
			ok(bm && !printed(te, bm, s, k.body, true, TEXT_DIR_LTR),
			   "paper: QUEUED never says SUBMITTED");
			/* the same person acknowledged prints the line: it is the status that
			 * leaves it out, and the reading would see it */
			tr2("en", "receipt.ministry_reference", "reference", "MOL-00000077", NULL,
			    NULL, s, sizeof(s));
			ok(bm && !printed(te, bm, s, k.body, false, TEXT_DIR_LTR),
			   "paper: QUEUED has no Ministry reference line");
			struct receipt acked;
			v.status = RECEIPT_SUBMITTED;
			v.ministry_ref = "MOL-00000077";
			test_visit_receipt(tx, &v, &acked);
			struct bitmap *ab = render80(te, &acked);
			ok(ab && printed(te, ab, s, k.body, false, TEXT_DIR_LTR),
			   "paper: ... which the same visit, acknowledged, has");
			bitmap_free(ab);
			tr2("en", "receipt.line", "label", "Name", "value", "John Smith", s,
			    sizeof(s));
			ok(bm && printed(te, bm, s, k.body, false, TEXT_DIR_LTR),
			   "paper: Name: John Smith");
		}
		bitmap_free(bm);
	}
}

/* The ink rows (top, bottom) of the first n glyphs of bm from the left; the count found. */
static int
glyphs_from_left(const struct bitmap *bm, int n, int top[], int bottom[])
{
	int k = 0;
	bool in = false;
	for (int x = 0; x < bm->w && k < n; x++) {
		int t = bm->h, b = -1;
		for (int y = 0; y < bm->h; y++)
			if (dark(bm, x, y)) {
				t = y < t ? y : t;
				b = y > b ? y : b;
			}
		if (b >= 0 && !in) {
			in = true;
			top[k] = t;
			bottom[k] = b;
		} else if (b >= 0) {
			top[k] = t < top[k] ? t : top[k];
			bottom[k] = b > bottom[k] ? b : bottom[k];
		} else if (in) {
			in = false;
			k++;
		}
	}
	return k + (in ? 1 : 0);
}

/* The civil number line in Arabic as the paper draws it: "****5678" reads left to right, the
 * stars first (FriBidi 1.0.8 puts them after the digits unless the value starts with a strong
 * left-to-right mark: app/engine/valuefmt.c). A star is a short glyph high on the line, a digit
 * a tall one: the leftmost glyph must be a star. */
static void
masked_order(struct text_engine *te)
{
	const struct i18n *tx = test_texts();
	struct test_visit v = test_visit_citizen();
	struct receipt r;
	if (test_visit_receipt(tx, &v, &r) != 0) {
		ok(0, "a receipt to read the civil number from");
		return;
	}
	const struct receipt_line *civ = line_of(&r, "field.civil_number");
	char s[512];
	const struct i18n_arg a[] = {{"label", civ ? civ->label.ar : ""},
	                             {"value", civ ? civ->value.ar : ""}};
	i18n_fmt(tx, "ar", "receipt.line", a, 2, s, sizeof(s));
	struct text_style st = {.size_px = 28, .dir = TEXT_DIR_RTL};
	struct bitmap *bm = NULL;
	int top[8], bottom[8], k = 0, tallest = 0;
	if (text_render(te, s, &st, 0, &bm, NULL) == 0 && bm)
		k = glyphs_from_left(bm, 8, top, bottom);
	for (int i = 0; i < k; i++)
		tallest = bottom[i] - top[i] > tallest ? bottom[i] - top[i] : tallest;
	/* the four stars, then the four digits: the first glyph is far shorter than a digit */
	ok(k == 8 && (bottom[0] - top[0]) * 3 < tallest * 2 && (bottom[7] - top[7]) == tallest,
	   "Arabic paper: the masked civil number reads ****5678, stars first (first glyph %d "
	   "rows high, a digit %d)",
	   k > 0 ? bottom[0] - top[0] : -1, tallest);
	bitmap_free(bm);
}

/* The paper with Arabic-Indic digits for Arabic: the print worker formats with the struct i18n
 * main() set up, so the paper follows the setting exactly as the screen does. */
static void
digits_paper(struct text_engine *te)
{
	const struct look k = look_of(printer_profile_find("generic-80"));
	struct i18n *tx = NULL;
	char s[768], date[160], ref[64], code[80];
	if (i18n_open_all(&tx, NULL) < 0 || i18n_set_digits(tx, "ar", I18N_DIGITS_ARABIC_INDIC)) {
		ok(0, "the texts with Arabic-Indic digits");
		i18n_free(tx);
		return;
	}
	struct test_visit v = test_visit_citizen();
	struct receipt r, w;
	test_visit_receipt(tx, &v, &r);
	test_receipt_qr(&r, "https://verify.mol.gov.om/r");
	sample_receipt(&w);
	is_str(r.qr_text, w.qr_text, "Arabic-Indic digits: the QR text is the Western one");
	struct bitmap *bm = NULL;
	ok(receipt_render(te, tx, printer_profile_find("generic-80"), &r, &bm) == 0 && bm,
	   "Arabic-Indic digits: the citizen's receipt renders");
	if (!bm) {
		i18n_free(tx);
		return;
	}
	ok(amount_printed(te, bm, tx, "ar", 2000, "٢٫٠٠٠ ر.ع.", k.body),
	   "paper: the Arabic fee as ٢٫٠٠٠ ر.ع.");
	ok(amount_printed(te, bm, tx, "en", 2000, "OMR 2.000", k.body),
	   "paper: the English fee still OMR 2.000");
	char iso[40], day[11], hm[8];
	clock_format_oman(v.created_ms, iso, sizeof(iso));
	snprintf(day, sizeof(day), "%.10s", iso);
	snprintf(hm, sizeof(hm), "%.5s", iso + 11);
	valuefmt_date(tx, "ar", day, date, sizeof(date));
	const struct i18n_arg d[] = {{"date", date}, {"time", hm}};
	i18n_fmt(tx, "ar", "receipt.date", d, 2, s, sizeof(s));
	ok(reads(s, "التاريخ: ١٨ نوفمبر ٢٠٢٦، الساعة ١٥:٠٦") &&
	           printed(te, bm, s, k.body, false, TEXT_DIR_RTL),
	   "paper: the Arabic date and time in Arabic-Indic digits");
	valuefmt_date(tx, "en", day, date, sizeof(date));
	i18n_fmt(tx, "en", "receipt.date", d, 2, s, sizeof(s));
	ok(reads(s, "Date: 18 November 2026, 15:06") &&
	           printed(te, bm, s, k.body, false, TEXT_DIR_LTR),
	   "paper: the English date in Western digits");
	const struct i18n_arg h = {"date", r.hijri.ar};
	i18n_fmt(tx, "ar", "receipt.hijri", &h, 1, s, sizeof(s));
	ok(strstr(s, "١٤٤٨") && printed(te, bm, s, k.body, false, TEXT_DIR_RTL),
	   "paper: the Arabic Hijri date in Arabic-Indic digits");
	txn_reference(v.kiosk_id, v.seq, ref, sizeof(ref));
	const struct i18n_arg rf = {"reference", valuefmt_code(ref, code, sizeof(code))};
	i18n_fmt(tx, "ar", "receipt.reference", &rf, 1, s, sizeof(s));
	ok(strstr(s, ref) && printed(te, bm, s, k.body, false, TEXT_DIR_RTL),
	   "paper: the reference keeps Western digits in Arabic (%s)", ref);
	const struct receipt_line *civ = line_of(&r, "field.civil_number");
	const struct i18n_arg c[] = {{"label", civ ? civ->label.ar : ""},
	                             {"value", civ ? civ->value.ar : ""}};
	char western[512];
	i18n_fmt(tx, "ar", "receipt.line", c, 2, s, sizeof(s));
	i18n_fmt(test_texts(), "ar", "receipt.line", c, 2, western, sizeof(western));
	ok(!strcmp(s, western) && printed(te, bm, s, k.body, false, TEXT_DIR_RTL),
	   "paper: the masked civil number's line is the Western one (masked_order reads it)");
	bitmap_free(bm);
	i18n_free(tx);
}

/* "What happens next": the service's own words where it has them (the visit receipt once the
 * ministry has it), the status's otherwise; the screen's result takes the same key. */
static void
next_words(void)
{
	const struct i18n *tx = test_texts();
	struct test_visit v = test_visit_citizen();
	struct receipt r;
	char key[128];
	ok(test_visit_receipt(tx, &v, &r) == 0 &&
	           strcmp(r.next.en, i18n_tr(tx, "en", "receipt.next.submitted.visit_receipt")) ==
	                   0 &&
	           strcmp(r.next.ar, i18n_tr(tx, "ar", "receipt.next.submitted.visit_receipt")) ==
	                   0,
	   "SUBMITTED visit: the visit's own next words, in both blocks");
	ok(!strstr(r.next.en, "decision"), "a visit is not told of a decision");
	v.status = RECEIPT_QUEUED;
	v.ministry_ref = "";
	ok(test_visit_receipt(tx, &v, &r) == 0 &&
	           strcmp(r.next.en, i18n_tr(tx, "en", "receipt.next.queued")) == 0,
	   "QUEUED visit: the generic queued words (the visit has none of its own)");
	is_str(receipt_text_key(tx, "result.body", RECEIPT_SUBMITTED, "visit-receipt", key,
	                        sizeof(key)),
	       "result.body.submitted.visit_receipt", "the screen's key: the visit's own");
	is_str(receipt_text_key(tx, "result.body", RECEIPT_SUBMITTED, "my-receipts", key,
	                        sizeof(key)),
	       "result.body.submitted", "a service without its own words: the generic key");
	is_str(receipt_text_key(tx, "result.body", (enum receipt_status)42, "visit-receipt", key,
	                        sizeof(key)),
	       "result.body.", "a status outside the enum: no key that exists");
}

/* Every text the paper takes as a whole (titles, "what happens next", a slip's lines) fits a
 * receipt's text in both languages: none is cut short on paper. */
static void
texts_fit(void)
{
	static const char *const langs[] = {"ar", "en"};
	int longest = 0, cut = 0;
	for (int l = 0; l < 2; l++) {
		const struct i18n_catalog *c = i18n_catalog_of(test_texts(), langs[l]);
		for (int k = 0; c && k < i18n_count(c); k++) {
			int nf = 0;
			const char *key = i18n_key_at(c, k, &nf);
			if (strncmp(key, "receipt.", 8) && strncmp(key, "slip.", 5) &&
			    !strstr(key, "receipt_title"))
				continue;
			int n = (int)strlen(i18n_lookup_form(c, key, 0, NULL));
			longest = n > longest ? n : longest;
			if (n >= RECEIPT_TEXT_MAX) {
				cut++;
				printf("# %s (%s): %d bytes\n", key, langs[l], n);
			}
		}
	}
	ok(cut == 0, "every receipt text fits the paper's %d bytes (the longest %d)",
	   RECEIPT_TEXT_MAX, longest);
}

int
main(void)
{
	struct text_engine *te = NULL;
	int rc = text_open(&te, "assets/fonts-arabic");
	is_int(rc, 0, "text engine opens with the repo fonts");
	if (rc < 0)
		return tap_done();
	check_profile(te, "generic-58");
	check_profile(te, "generic-80");
	check_profile(te, "epson-tm-t88");
	masked_order(te);
	digits_paper(te);
	next_words();
	texts_fit();

	struct receipt r;
	sample_receipt(&r);
	struct bitmap *bm = NULL;
	r.nitems = RECEIPT_ITEMS_MAX + 1;
	is_int(receipt_render(te, test_texts(), printer_profile_find("generic-80"), &r, &bm),
	       KERR_INVAL, "too many items -> KERR_INVAL");
	ok(bm == NULL, "no bitmap on error");
	/* The longest QR text still fits a 58 mm roll. */
	sample_receipt(&r);
	memset(r.qr_text, 'A', sizeof(r.qr_text) - 1);
	r.qr_text[sizeof(r.qr_text) - 1] = 0;
	struct receipt_layout l;
	is_int(receipt_render_layout(te, test_texts(), printer_profile_find("generic-58"), &r, &bm,
	                             &l),
	       0, "319-byte QR text on 58 mm");
	ok(bm && l.qr_module >= 4, "module still %d dots", l.qr_module);
	bitmap_free(bm);

	bad_input(te);

	built();
	content(te);

	/* Goldens: ar (an Arabic-named citizen, submitted, Hijri date) and en (an English-named
	 * resident, queued, a reprint), on 58 and 80 mm. */
	sample_receipt(&r);
	golden(te, "generic-58", &r, "ar-58");
	golden(te, "generic-80", &r, "ar-80");
	resident_receipt(&r);
	golden(te, "generic-58", &r, "en-58");
	golden(te, "generic-80", &r, "en-80");
	text_close(te);
	return tap_done();
}

/*
 * test_receipt.c - the receipt rasterizer: width from the profile, sensible height, the QR code
 * module for module (against libqrencode) with finder patterns and a blank quiet zone, the
 * Arabic block right-aligned and the English block left-aligned, the COPY and REPRINT marks, the
 * Hijri line, bad input (text longer than the paper, empty fields, a QR text too long), the
 * receipt made from a committed payload (receipt_build: what it says for each status, masked
 * civil number, both names and titles, the copy, payloads it refuses), and the golden receipts:
 * each rendered, encoded to ESC/POS and decoded again (the paper a printer would print), compared
 * with tests/golden/receipts/<name>.png; UPDATE_GOLDENS=1 (`make goldens`) rewrites them. PNGs go
 * to $KIOSK_BUILD/test-artifacts/ for a human look, with <name>.actual.png beside a golden that
 * differs.
 */
#include "../../app/receipt.h"
#include "../../common/bitmap.h"
#include "../../common/kerr.h"
#include "../../common/kbuf.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../drivers/printer/escpos_decode.h"
#include "../../text/text.h"
#include "../printing.h"
#include "../receipts.h"
#include "../tap.h"
#include "../texts.h"

#include <qrencode.h>
#include <sys/stat.h>

/* The visit receipt as the kiosk makes it from a committed payload (tests/receipts.h). */
static void
sample_receipt(struct receipt *r)
{
	if (receipts_visit(test_texts(), RECEIPT_SUBMITTED, false, r) != 0)
		memset(r, 0, sizeof(*r));
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

	/* COPY: a marked reprint is taller and differs in its header. */
	r.copy = true;
	r.copy_ms = r.when_ms + 3600 * 1000;
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

/* The second golden person: a resident, English name first on the card, queued, a reprint. */
static void
resident_receipt(struct receipt *r)
{
	if (receipts_build(test_texts(), RECEIPTS_RESIDENT_PAYLOAD, RECEIPT_QUEUED, false,
	                   "KSK-SLL-002", "KSK-SLL-002-000077-4", NULL, r) != 0)
		memset(r, 0, sizeof(*r));
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
	/* Text longer than the paper: wrapped, never wider than the roll. */
	char *name_en = r.lines[0].value.en;
	memset(name_en, 0, sizeof(r.lines[0].value.en));
	for (size_t i = 0; i + 6 < sizeof(r.lines[0].value.en); i += 6)
		memcpy(name_en + i, "Abdul ", 6);
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
	sample_receipt(&r);
	base = rows_of(te, "generic-80", &r, &w);
	r.reprint = true;
	ok(rows_of(te, "generic-80", &r, &w) > base, "REPRINT adds its marks");
	r.reprint = false;
	r.hijri.ar[0] = r.hijri.en[0] = '\0';
	ok(rows_of(te, "generic-80", &r, &w) < base, "without the Hijri date, a line less");
	/* A status outside the enum (a corrupt record): still a receipt. */
	r.status = (enum receipt_status)99;
	ok(rows_of(te, "generic-80", &r, &w) > 0, "an unknown status still renders");
}

/* True when text (any field of the receipt) contains needle. */
static bool
receipt_has(const struct receipt *r, const char *needle)
{
	/* every text of a receipt is inline: search the whole struct as bytes */
	const char *p = (const char *)r;
	size_t n = sizeof(*r), k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(p + i, needle, k) == 0)
			return true;
	return false;
}

/* What receipt_build() makes of a committed payload, and what it refuses. */
static void
build_checks(void)
{
	const struct i18n *tx = test_texts();
	struct receipt r;
	ok(tx != NULL, "the texts load (run make)");
	is_int(receipts_visit(tx, RECEIPT_SUBMITTED, false, &r), 0, "build: the visit receipt");
	is_str(r.title.ar, i18n_tr(tx, "ar", "receipt.title.visit"), "build: the Arabic title");
	is_str(r.title.en, "Visit receipt", "build: the English title");
	is_str(r.type, "visit-receipt", "build: the transaction type for the QR");
	ok(r.when_ms == 1798761600000LL,
	   "build: the time is the commit's (2027-01-01 04:00 Oman = 00:00 UTC)");
	int name = -1, civil = -1;
	for (int i = 0; i < r.nlines; i++) {
		if (strcmp(r.lines[i].label.en, "Name") == 0)
			name = i;
		if (strcmp(r.lines[i].label.en, "Civil number") == 0)
			civil = i;
	}
	ok(name >= 0 && strcmp(r.lines[name].value.ar, "سالم بن خلفان الهنائي") == 0 &&
	           strcmp(r.lines[name].value.en, "Salim Khalfan Al Hinai") == 0,
	   "build: the name in the Arabic block and the English one in the English block");
	ok(civil >= 0 && strcmp(r.lines[civil].value.en, "****2345") == 0 &&
	           strcmp(r.lines[civil].value.ar, "****2345") == 0,
	   "build: the civil number masked to its last four digits");
	ok(!receipt_has(&r, RECEIPTS_VISIT_CIVIL), "build: the whole civil number appears nowhere");
	ok(r.nitems == 1 && r.items[0].amount_baisa == 1250 &&
	           strcmp(r.items[0].label.en, "Service fee") == 0,
	   "build: the fee item from the payload, in baisa");
	char amt[64];
	valuefmt_amount(tx, "en", r.items[0].amount_baisa, amt, sizeof(amt));
	ok(strstr(amt, "1.250") != NULL, "build: 1250 baisa is written 1.250 (%s)", amt);
	is_str(r.ministry_ref, RECEIPTS_VISIT_MOL_REF, "SUBMITTED: the ministry's reference");
	is_int(r.status, RECEIPT_SUBMITTED, "SUBMITTED: the status");
	char h_en[128], h_ar[128];
	text_strip_controls(r.hijri.en, h_en, sizeof(h_en));
	text_strip_controls(r.hijri.ar, h_ar, sizeof(h_ar));
	is_str(h_en, "23 Rajab 1448 AH", "build: the Hijri date of that day, as people write it");
	is_str(h_ar, "23 رجب 1448 هـ", "build: and in Arabic");
	ok(!strchr(r.hijri.en, '"') && !strchr(r.hijri.ar, '"'), "build: no quotes around it");
	ok(!r.copy, "build: the first print is not a copy");

	is_int(receipts_visit(tx, RECEIPT_QUEUED, true, &r), 0, "build: queued, a copy");
	is_int(r.status, RECEIPT_QUEUED, "QUEUED: the status");
	is_str(r.ministry_ref, "", "QUEUED: no ministry reference yet");
	ok(r.copy && r.copy_ms == 1798765200000LL, "a copy: marked, with the time it was printed");

	/* the renderer words the status; the words are the catalogue's, not C literals */
	is_str(i18n_tr(tx, "en", "receipt.status.queued"), "QUEUED - NOT YET SENT",
	       "QUEUED prints as QUEUED - NOT YET SENT");
	is_str(i18n_tr(tx, "en", "receipt.status.submitted"), "SUBMITTED",
	       "SUBMITTED prints as SUBMITTED");

	static const struct {
		enum receipt_status st;
		char code;
	} codes[] = {{RECEIPT_SUBMITTED, 'S'},
	             {RECEIPT_QUEUED, 'Q'},
	             {RECEIPT_FAILED, 'F'},
	             {RECEIPT_REJECTED, 'R'},
	             {RECEIPT_ACCEPTED, 'A'}};
	int wrong = 0;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		wrong += receipt_status_code(codes[i].st) != codes[i].code;
	is_int(wrong, 0, "each status has its letter in the signed QR (S Q F R A)");

	/* payloads a commit never made */
	const struct svc_def *def = receipts_service("visit-receipt");
	const struct receipt_facts f = {
	        .kiosk_id = "K", .reference = "R", .status = RECEIPT_QUEUED};
	static const char *const bad[] = {
	        "{\"party\":[]}",                                           /* no created */
	        "{\"created\":\"2027-01-01T04:00:00+04:00\"}",              /* no party */
	        "{\"created\":\"2027-01-01T04:00:00Z\",\"party\":[]}",      /* not Oman time */
	        "{\"created\":\"2027-02-30T04:00:00+04:00\",\"party\":[]}", /* no such day */
	        "{\"created\":\"2027-01-01T04:00:00+04:00\",\"party\":{}}", /* party not a list */
	        "not json at all",
	        "",
	        "[1,2,3]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(receipt_build(tx, def, bad[i], &f, &r), KERR_INVAL,
		       "build refuses a payload no commit made (%zu)", i);
	is_int(receipt_build(tx, def, NULL, &f, &r), KERR_INVAL, "build: no payload");
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

	build_checks();

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

/*
 * bench_receipt.c - kiosk-bench: receipt layout + raster + ESC/POS encode vs the encode alone.
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../app/receipt.h"
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../drivers/clock.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../text/text.h"

#include <stdio.h>
#include <string.h>

/* the receipt carries the wall time of a system clock */
void
bench_receipt(const struct kiosk_config *cfg)
{
	struct text_engine *te;
	struct receipt r;
	struct bitmap *bm = NULL;
	struct kbuf out;
	const struct printer_profile *p = printer_profile_find("generic-80");
	const int n = 30;

	if (!p || text_open(&te, cfg->font_dir))
		return;
	memset(&r, 0, sizeof(r));
	snprintf(r.kiosk_id, sizeof(r.kiosk_id), "KIOSK-BENCH-001");
	snprintf(r.location, sizeof(r.location), "Muscat");
	snprintf(r.title_ar, sizeof(r.title_ar), "إيصال زيارة");
	snprintf(r.title_en, sizeof(r.title_en), "Visit receipt");
	snprintf(r.status, sizeof(r.status), "SUBMITTED");
	snprintf(r.reference, sizeof(r.reference), "KIOSK-BENCH-001-000042-6");
	snprintf(r.name_ar, sizeof(r.name_ar), "سالم بن خلفان الهنائي");
	snprintf(r.name_en, sizeof(r.name_en), "Salim Khalfan Al Hinai");
	snprintf(r.civil_masked, sizeof(r.civil_masked), "****2345");
	snprintf(r.items[0].label_ar, sizeof(r.items[0].label_ar), "رسوم الخدمة");
	snprintf(r.items[0].label_en, sizeof(r.items[0].label_en), "Service fee");
	r.items[0].amount_baisa = 1500;
	r.nitems = 1;
	snprintf(r.qr_text, sizeof(r.qr_text), "MOL1|KIOSK-BENCH-001-000042-6|visit-receipt");
	r.when_ms = clock_wall_ms(&bench_clock);

	size_t bytes = 0;
	double t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		bitmap_free(bm);
		bm = NULL;
		kbuf_init(&out, 8 * 1024 * 1024);
		if (receipt_render(te, bench_i18n, p, &r, &bm) == 0 &&
		    escpos_encode(&out, p, bm) == 0)
			bytes = out.len;
		kbuf_free(&out);
	}
	double full = (bench_now_us() - t0) / n;
	t0 = bench_now_us();
	for (int i = 0; i < n && bm; i++) {
		kbuf_init(&out, 8 * 1024 * 1024);
		escpos_encode(&out, p, bm);
		kbuf_free(&out);
	}
	double enc = (bench_now_us() - t0) / n;
	bench_line("receipt", full, "(ESC/POS encode alone)", enc);
	if (bm)
		printf("%-16s %10zu bytes of ESC/POS for a %dx%d raster\n", "receipt size", bytes,
		       bm->w, bm->h);
	bitmap_free(bm);
	text_close(te);
}

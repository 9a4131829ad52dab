/*
 * bench_receipt.c - kiosk-bench: receipt layout + raster + ESC/POS encode vs the encode alone. The
 * receipt is the visit receipt made by receipt_build() from a committed payload
 * (tests/receipts.h, shared with the unit tests).
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
#include "../../tests/receipts.h"
#include "../../text/text.h"

#include <stdio.h>
#include <string.h>

/* the receipt carries the wall time of a system clock; its QR is the unsigned payload (a
 * kiosk without a signing key: bench_receipt_wire.c times the signed one) */
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
	/* the visit receipt the kiosk prints, from its committed payload, committed now */
	struct test_visit v = test_visit_citizen();
	v.created_ms = clock_wall_ms(&bench_clock);
	if (test_visit_receipt(bench_i18n, &v, &r) < 0 ||
	    test_receipt_qr(&r, cfg->receipt_verify_url) < 0) {
		text_close(te);
		return;
	}

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

/*
 * kiosk-bench - `make bench`: speed figures of the kiosk's hot paths, each against a baseline
 * measured in the same run on the same machine (these machines are noisy: ratios travel, raw
 * times do not). Prints one line per figure; never fails on a time.
 *
 *   identity read   full read through the card stack (sim reader)  vs  the same APDUs answered
 *                   by the virtual card directly: the driver stack's overhead
 *   outbox commit   queue_enqueue() (WAL, synchronous=FULL)        vs  write()+fdatasync() of the
 *                   same payload to a plain file: the price of SQLite over a bare durable write
 *   receipt         layout + raster + ESC/POS encode (generic-80)  vs  the raster encode alone
 *   screen frame    welcome screen, cold (empty text cache)        vs  warm (steady screen)
 */
#define _DEFAULT_SOURCE
#include "../../app/receipt.h"
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../drivers/card.h"
#include "../../drivers/card/identity.h"
#include "../../drivers/card/vcard.h"
#include "../../drivers/clock.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../offline-cache/queue.h"
#include "../../ui/text.h"
#include "../../ui/ui.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct clock_dev clk;

/* Measurement, not business time: the clock device's ms are too coarse for an APDU. */
static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void
line(const char *what, double us, const char *base, double base_us)
{
	printf("%-16s %10.2f us   baseline %-26s %10.2f us   ratio %6.2fx\n", what, us, base,
	       base_us, base_us > 0 ? us / base_us : 0.0);
}

static void
bench_identity(const struct kiosk_config *cfg)
{
	struct card_dev dev;
	struct card_identity id;
	enum card_event ev;
	uint8_t atr[CARD_ATR_MAX], r[CARD_RESP_MAX];
	const int n = 2000;

	if (card_open(&dev, cfg) || card_control(&dev, "insert 01-citizen"))
		return;
	card_wait(&dev, 100, &ev);
	int good = 0;
	double t0 = now_us();
	for (int i = 0; i < n; i++) {
		size_t alen = sizeof(atr);
		card_connect(&dev, atr, &alen);
		good += card_read_identity(&dev, &card_demo_profile, &id) == 0;
		card_disconnect(&dev);
	}
	double stack = (now_us() - t0) / n;
	if (good != n)
		printf("identity read: only %d of %d reads succeeded\n", good, n);
	card_identity_wipe(&id);
	card_close(&dev);

	struct vcard *vc;
	char path[700];
	snprintf(path, sizeof(path), "%s/01-citizen.card", cfg->card_sim_cards);
	if (vcard_load(path, &vc))
		return;
	const uint8_t sel[] = {0x00, 0xA4, 0x04, 0x0C, 0x09, 0xA0, 0x00,
	                       0x00, 0x00, 0x18, 0x52, 0x4F, 0x50, 0x01};
	const uint8_t ef[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x01};
	const uint8_t rb[] = {0x00, 0xB0, 0x00, 0x00, 0xE0};
	t0 = now_us();
	for (int i = 0; i < n; i++) {
		size_t k = sizeof(r);
		vcard_reset(vc);
		vcard_apdu(vc, sel, sizeof(sel), r, &k);
		k = sizeof(r);
		vcard_apdu(vc, ef, sizeof(ef), r, &k);
		k = sizeof(r);
		vcard_apdu(vc, rb, sizeof(rb), r, &k);
	}
	double raw = (now_us() - t0) / n;
	vcard_free(vc);
	line("identity read", stack, "(virtual card alone)", raw);
}

static void
bench_outbox(const char *dir)
{
	char path[600];
	struct queue *q;
	struct queue_item it;
	const int n = 200;
	const char *payload =
	        "{\"service\":\"visit-receipt\",\"person\":{\"civil_number\":\"90012345\","
	        "\"name_en\":\"Salim Khalfan Al "
	        "Hinai\"},\"created\":\"2027-01-01T04:00:00+04:00\"}";

	snprintf(path, sizeof(path), "%s/bench.db", dir);
	if (queue_open(path, &q))
		return;
	double t0 = now_us();
	for (int i = 0; i < n; i++) {
		queue_enqueue(q, "BENCH", "visit-receipt", payload, i, &it);
		queue_item_clear(&it);
	}
	double commit = (now_us() - t0) / n;
	queue_close(q);

	snprintf(path, sizeof(path), "%s/bench.raw", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	t0 = now_us();
	for (int i = 0; i < n; i++) {
		if (write(fd, payload, strlen(payload)) < 0 || fdatasync(fd) < 0)
			break;
	}
	double raw = (now_us() - t0) / n;
	close(fd);
	line("outbox commit", commit, "(write + fdatasync)", raw);
}

static void
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
	r.when_ms = clock_wall_ms(&clk);

	size_t bytes = 0;
	double t0 = now_us();
	for (int i = 0; i < n; i++) {
		bitmap_free(bm);
		bm = NULL;
		kbuf_init(&out, 8 * 1024 * 1024);
		if (receipt_render(te, p, &r, &bm) == 0 && escpos_encode(&out, p, bm) == 0)
			bytes = out.len;
		kbuf_free(&out);
	}
	double full = (now_us() - t0) / n;
	t0 = now_us();
	for (int i = 0; i < n && bm; i++) {
		kbuf_init(&out, 8 * 1024 * 1024);
		escpos_encode(&out, p, bm);
		kbuf_free(&out);
	}
	double enc = (now_us() - t0) / n;
	line("receipt", full, "(ESC/POS encode alone)", enc);
	if (bm)
		printf("%-16s %10zu bytes of ESC/POS for a %dx%d raster\n", "receipt size", bytes,
		       bm->w, bm->h);
	bitmap_free(bm);
	text_close(te);
}

static void
bench_frame(struct kiosk_config *cfg)
{
	struct ui *ui;
	struct ui_view v;
	cfg->width = 1080;
	cfg->height = 1920;
	if (ui_open(&ui, cfg, true))
		return;
	memset(&v, 0, sizeof(v));
	v.screen = UI_SCR_WELCOME;
	snprintf(v.lang, sizeof(v.lang), "ar");
	snprintf(v.name_ar, sizeof(v.name_ar), "سالم بن خلفان الهنائي");
	snprintf(v.name_en, sizeof(v.name_en), "Salim Khalfan Al Hinai");
	double t0 = now_us();
	ui_render(ui, &v);
	double cold = now_us() - t0;
	const int n = 200;
	t0 = now_us();
	for (int i = 0; i < n; i++) {
		v.countdown_s = i; /* a changed view: forces a redraw with cached text */
		ui_render(ui, &v);
	}
	double warm = (now_us() - t0) / n;
	ui_close(ui);
	line("frame 1080x1920", warm, "(cold first frame)", cold);
}

int
main(int argc, char **argv)
{
	struct kiosk_config cfg;
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	config_defaults(&cfg, ".");
	clock_open_named(&clk, "system", NULL);
	printf("kiosk-bench: every figure is the mean per operation; ratio = figure / baseline\n");
	bench_identity(&cfg);
	bench_outbox(dir);
	bench_receipt(&cfg);
	bench_frame(&cfg);
	clock_close(&clk);
	return 0;
}

/*
 * test_print.c - the print worker's job state machine with the sim printer: a job becomes a
 * receipt and a result with rc 0; paper out before the job (injected through the sim's
 * sim-control file, as another process would) keeps the job and prints it once fixed, with the
 * job behind it waiting; paper running out mid-job keeps it, cuts the torn part off and prints the
 * whole receipt again marked REPRINT; a cancelled job (the person left) never prints; a printer
 * never fixed is given up; a bad backend gives KERR_CONFIG; results carry no personal data. The
 * jobs are a visit receipt built from its committed payload (tests/receipts.h).
 */
#include "../../app/print.h"
#include "../../app/receipt.h"
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../app/receipt_sign.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos_decode.h"
#include "../../text/text.h"
#include "../printing.h"
#include "../receipts.h"
#include "../tap.h"
#include "../texts.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

/* A delivery that blocks until the test releases it (holds the worker thread). */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int entered, released, delivered;
};

static void
on_result_gated(struct print_result *res, void *ctx)
{
	struct gate *g = ctx;
	free(res);
	pthread_mutex_lock(&g->lock);
	g->entered = 1;
	g->delivered++;
	pthread_cond_broadcast(&g->cond);
	while (!g->released)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

/* A visit receipt from its committed payload (tests/receipts.h), queued at a test kiosk; no QR
 * text, so the worker makes one (unsigned, or signed when it has a key). */
static void
sample_receipt(struct receipt *r)
{
	struct test_visit v = test_visit_resident();
	v.civil_number = "80561234";
	v.name_ar = "فاطمة الحارثي";
	v.name_en = "Fatma Al Harthy";
	v.nationality = "OMN";
	v.kiosk_id = "KSK-TEST";
	v.location = "Sohar";
	v.seq = 42;
	v.created_ms = 1790000000000LL;
	v.fee_baisa = 5000;
	is_int(test_visit_receipt(test_texts(), &v, r), 0, "the receipt is built from its payload");
}

static bool
exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static void
control_file(const char *dir, const char *cmd)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/sim-control", dir);
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%s\n", cmd);
		fclose(f);
	}
}

static struct kiosk_config
make_cfg(const char *backend, const char *dir)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	snprintf(cfg.printer_backend, sizeof(cfg.printer_backend), "%s", backend);
	snprintf(cfg.printer_profile, sizeof(cfg.printer_profile), "generic-80");
	snprintf(cfg.printer_device, sizeof(cfg.printer_device), "%s", dir);
	snprintf(cfg.font_dir, sizeof(cfg.font_dir), "assets/fonts-arabic");
	return cfg;
}

static void
make_key(const char *path)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	EVP_PKEY_keygen_init(ctx);
	EVP_PKEY_keygen(ctx, &k);
	EVP_PKEY_CTX_free(ctx);
	FILE *f = fopen(path, "w");
	if (f) {
		PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
		fclose(f);
	}
	EVP_PKEY_free(k);
}

/* Height of receipt-NNNN.png in dir (0 when absent). */
static int
png_height(const char *dir, int n)
{
	char path[700];
	snprintf(path, sizeof(path), "%s/receipt-%04d.escpos", dir, n);
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	static uint8_t raw[1 << 21];
	size_t len = fread(raw, 1, sizeof(raw), f);
	fclose(f);
	struct escpos_decode_opts o = {.width_dots = 576};
	struct escpos_page pg;
	int h = escpos_decode(raw, len, &o, &pg) == 0 && pg.bm ? pg.bm->h : 0;
	bitmap_free(pg.bm);
	return h;
}

int
main(void)
{
	char dir[512], path[600];
	snprintf(dir, sizeof(dir), "%s/receipts", tap_tmpdir());
	struct kiosk_config cfg = make_cfg("sim", dir);
	struct collect c = {.n = 0};
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);

	struct print_worker *pw = NULL;
	is_int(print_start(&pw, &cfg, test_texts()), 0, "worker starts");
	print_set_notify(pw, on_result, &c);
	print_set_retry(pw, 30, 1000);
	struct receipt r;
	sample_receipt(&r);

	/* 1. A normal job. */
	int64_t id = print_submit(pw, &r);
	ok(id > 0, "job queued (id %lld)", (long long)id);
	struct print_result *res = wait_result(&c, 0);
	ok(res != NULL, "a result arrives");
	if (res) {
		is_int(res->job, id, "result names the job");
		is_int(res->rc, 0, "printed: rc 0 (%s)", res->detail);
		ok(!res->pending && !res->reprint, "neither pending nor a reprint");
		ok(!strstr(res->detail, "Fatma") && !strstr(res->detail, "1234") &&
		           !strstr(res->detail, "فاطمة"),
		   "detail carries no personal data");
	}
	snprintf(path, sizeof(path), "%s/receipt-0001.png", dir);
	ok(exists(path), "the sim printed receipt-0001.png");
	/* The raw bytes the worker sent decode to a 576-dot receipt of sensible length. */
	snprintf(path, sizeof(path), "%s/receipt-0001.escpos", dir);
	FILE *f = fopen(path, "rb");
	static uint8_t raw[1 << 21];
	size_t n = f ? fread(raw, 1, sizeof(raw), f) : 0;
	if (f)
		fclose(f);
	struct escpos_decode_opts o = {.width_dots = 576};
	struct escpos_page pg;
	is_int(escpos_decode(raw, n, &o, &pg), 0, "its ESC/POS decodes");
	ok(pg.cut && pg.rasters >= 3 && pg.bm && pg.bm->h > 700,
	   "a cut receipt in %d bands, %d dots long", pg.rasters, pg.bm ? pg.bm->h : 0);
	int plain_h = pg.bm ? pg.bm->h : 0;
	bitmap_free(pg.bm);

	/* 1b. With a signing key and no QR text, the worker puts the signed payload in the QR:
	 * Ed25519 is deterministic, so the receipt rendered here with the payload made here must
	 * be, dot for dot, the one the sim printed. */
	print_stop(pw);
	char key[600];
	snprintf(key, sizeof(key), "%s/receipt.key", tap_tmpdir());
	make_key(key);
	snprintf(cfg.receipt_signing_key, sizeof(cfg.receipt_signing_key), "%.400s", key);
	is_int(print_start(&pw, &cfg, test_texts()), 0, "worker with a signing key");
	print_set_notify(pw, on_result, &c);
	print_set_retry(pw, 30, 1000);
	struct receipt signed_r = r; /* type "visit-receipt", reference with its check digit */
	id = print_submit(pw, &signed_r);
	res = wait_result(&c, 1);
	ok(res && res->job == id && res->rc == 0, "signed receipt printed");
	struct receipt_signer *sg = NULL;
	char payload[RECEIPT_PAYLOAD_MAX];
	struct bitmap *want = NULL;
	struct text_engine *te = NULL;
	if (receipt_signer_open(&sg, key) == 0 &&
	    receipt_payload(sg, &signed_r, payload, sizeof(payload)) == 0 &&
	    receipt_qr_text(cfg.receipt_verify_url, payload, signed_r.qr_text,
	                    sizeof(signed_r.qr_text)) == 0 &&
	    text_open(&te, cfg.font_dir) == 0)
		receipt_render(te, test_texts(), printer_profile_find("generic-80"), &signed_r,
		               &want);
	struct receipt_claims cl;
	is_int(receipt_verify(key, signed_r.qr_text, &cl), 0, "that payload verifies");
	snprintf(path, sizeof(path), "%s/receipt-0002.escpos", dir);
	f = fopen(path, "rb");
	n = f ? fread(raw, 1, sizeof(raw), f) : 0;
	if (f)
		fclose(f);
	memset(&pg, 0, sizeof(pg));
	int same = 0;
	if (want && escpos_decode(raw, n, &o, &pg) == 0 && pg.bm && pg.bm->h >= want->h) {
		same = 1;
		for (int y = 0; y < want->h && same; y++)
			for (int x = 0; x < want->w && same; x++)
				same = (bitmap_get(pg.bm, x, y) >= 128) ==
				       (bitmap_get(want, x, y) >= 128);
	}
	ok(same, "the printed QR carries the signed payload (the receipt matches dot for dot)");
	bitmap_free(pg.bm);
	bitmap_free(want);
	text_close(te);
	receipt_signer_free(sg);
	print_stop(pw);
	cfg.receipt_signing_key[0] = 0;
	is_int(print_start(&pw, &cfg, test_texts()), 0, "worker without a key again");
	print_set_notify(pw, on_result, &c);
	print_set_retry(pw, 30, 1000);

	/* 2. Paper out before the job: refused by the status check, kept, printed once fixed. */
	control_file(dir, "paper_out");
	id = print_submit(pw, &r);
	res = wait_result(&c, 2);
	ok(res && res->job == id, "second result");
	if (res) {
		is_int(res->rc, KERR_PAPER, "paper out -> KERR_PAPER (%s)", res->detail);
		ok(res->pending, "the job is kept for when the paper is back");
		ok(strstr(res->detail, "before") != NULL,
		   "detail says it was found before printing");
	}
	snprintf(path, sizeof(path), "%s/receipt-0003.png", dir);
	ok(!exists(path), "no receipt printed while the paper is out");
	int64_t behind = print_submit(pw, &r); /* waits behind the kept job */
	control_file(dir, "ok");
	res = wait_result(&c, 3);
	ok(res && res->job == id && res->rc == 0 && res->reprint,
	   "paper back: the kept job prints (%s)", res ? res->detail : "no result");
	is_int(png_height(dir, 3), plain_h, "nothing was torn: printed without a REPRINT mark");
	res = wait_result(&c, 4);
	ok(res && res->job == behind && res->rc == 0, "the job behind it prints next");

	/* 3. Paper runs out during the job: kept, a torn part, then the whole receipt again. */
	control_file(dir, "fail_after 3000");
	id = print_submit(pw, &r);
	res = wait_result(&c, 5);
	if (res) {
		is_int(res->rc, KERR_PAPER, "paper out mid-job -> KERR_PAPER (%s)", res->detail);
		ok(res->pending && strstr(res->detail, "write") != NULL,
		   "kept; detail names the write");
	} else {
		ok(0, "fourth result");
	}
	control_file(dir, "ok");
	res = wait_result(&c, 6);
	ok(res && res->job == id && res->rc == 0 && res->reprint,
	   "refilled: the same job printed again (%s)", res ? res->detail : "no result");
	int torn = png_height(dir, 5), again = png_height(dir, 6);
	ok(torn > 0 && torn < plain_h, "the torn part was cut off on its own (%d dots)", torn);
	ok(again > plain_h, "the reprint is the whole receipt plus the REPRINT marks (%d > %d)",
	   again, plain_h);
	snprintf(path, sizeof(path), "%s/receipt-0007.png", dir);
	ok(!exists(path), "printed exactly once more");

	/* 4. The person leaves while the printer is broken: the kept job is cancelled. */
	control_file(dir, "cover_open");
	id = print_submit(pw, &r);
	res = wait_result(&c, 7);
	ok(res && res->rc == KERR_COVER && res->pending, "cover open: KERR_COVER, kept");
	is_int(print_cancel(pw, id), 0, "cancelled");
	is_int(print_cancel(pw, id), KERR_NOTFOUND, "a second cancel finds nothing");
	control_file(dir, "ok");
	int64_t next = print_submit(pw, &r);
	res = wait_result(&c, 8);
	ok(res && res->job == next && res->rc == 0,
	   "the cancelled job never prints; the next one does");
	snprintf(path, sizeof(path), "%s/receipt-0008.png", dir);
	ok(!exists(path), "one receipt, not two");
	print_stop(pw);
	print_stop(NULL);

	/* 5. A printer that is never fixed: the job is given up after max polls. */
	is_int(print_start(&pw, &cfg, test_texts()), 0, "worker for the give-up test");
	print_set_notify(pw, on_result, &c);
	print_set_retry(pw, 10, 3);
	control_file(dir, "paper_out");
	id = print_submit(pw, &r);
	res = wait_result(&c, 9);
	ok(res && res->pending, "kept");
	res = wait_result(&c, 10);
	ok(res && res->job == id && res->rc == KERR_PAPER && !res->pending &&
	           strstr(res->detail, "given up"),
	   "given up after the polls (%s)", res ? res->detail : "no result");
	id = print_submit(pw, &r); /* the paper is still out */
	res = wait_result(&c, 11);
	ok(res && res->job == id && res->pending, "the next job is kept again (a fresh count)");
	control_file(dir, "ok");
	res = wait_result(&c, 12);
	ok(res && res->job == id && res->rc == 0, "and prints once fixed");
	print_stop(pw);

	/* 6. A backend that does not exist: KERR_CONFIG, not kept (no person can fix it). */
	cfg = make_cfg("laser", dir);
	is_int(print_start(&pw, &cfg, test_texts()), 0,
	       "worker starts even when the printer cannot open");
	print_set_notify(pw, on_result, &c);
	id = print_submit(pw, &r);
	res = wait_result(&c, 13);
	ok(res && res->rc == KERR_CONFIG && !res->pending, "unknown backend -> KERR_CONFIG (%s)",
	   res ? res->detail : "no result");
	print_stop(pw);

	/* 7. The queue is bounded: with the worker held inside a delivery, 4 jobs wait and the
	 * next is refused; stopping then drops the waiting ones (freed: see make asan/valgrind). */
	cfg = make_cfg("sim", dir);
	struct gate g = {.entered = 0, .released = 0};
	pthread_mutex_init(&g.lock, NULL);
	pthread_cond_init(&g.cond, NULL);
	is_int(print_start(&pw, &cfg, test_texts()), 0, "worker for the queue test");
	print_set_notify(pw, on_result_gated, &g);
	print_submit(pw, &r);
	pthread_mutex_lock(&g.lock);
	while (!g.entered)
		pthread_cond_wait(&g.cond, &g.lock);
	pthread_mutex_unlock(&g.lock);
	int queued = 0;
	for (int i = 0; i < 4; i++)
		queued += print_submit(pw, &r) > 0;
	is_int(queued, 4, "4 jobs wait while one is being delivered");
	is_int(print_submit(pw, &r), KERR_FULL, "the fifth is refused with KERR_FULL");
	pthread_mutex_lock(&g.lock);
	g.released = 1;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	print_stop(pw);
	ok(g.delivered >= 1 && g.delivered <= 2, "stop finishes at most the running job (%d)",
	   g.delivered);

	for (int i = 0; i < c.n; i++)
		free(c.res[i]);
	return tap_done();
}

/*
 * test_print.c - the print worker with the sim printer: a job becomes a receipt PNG and a result
 * with rc 0; paper out (injected through the sim's sim-control file, as another process would)
 * gives KERR_PAPER before printing; paper running out mid-job gives KERR_PAPER from the write;
 * a bad backend gives KERR_CONFIG; results carry no personal data.
 */
#include "../../app/print.h"
#include "../../app/receipt.h"
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../drivers/printer/escpos_decode.h"
#include "../tap.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_RESULTS 8

struct collect {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct print_result *res[MAX_RESULTS];
	int n;
};

static void
on_result(struct print_result *res, void *ctx)
{
	struct collect *c = ctx;
	pthread_mutex_lock(&c->lock);
	if (c->n < MAX_RESULTS)
		c->res[c->n++] = res;
	else
		free(res);
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

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

/* The k-th result (0-based), waiting for it; NULL if none comes in a generous minute. */
static struct print_result *
wait_result(struct collect *c, int k)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 60;
	pthread_mutex_lock(&c->lock);
	while (c->n <= k)
		if (pthread_cond_timedwait(&c->cond, &c->lock, &until) == ETIMEDOUT)
			break;
	struct print_result *r = c->n > k ? c->res[k] : NULL;
	pthread_mutex_unlock(&c->lock);
	return r;
}

static void
sample_receipt(struct receipt *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->kiosk_id, sizeof(r->kiosk_id), "KSK-TEST");
	snprintf(r->location, sizeof(r->location), "Sohar");
	snprintf(r->title_ar, sizeof(r->title_ar), "تجديد بطاقة عمل");
	snprintf(r->title_en, sizeof(r->title_en), "Labour card renewal");
	snprintf(r->status, sizeof(r->status), "QUEUED - NOT YET SENT");
	snprintf(r->reference, sizeof(r->reference), "KSK-TEST-000042-X");
	r->when_ms = 1790000000000LL;
	snprintf(r->name_ar, sizeof(r->name_ar), "فاطمة الحارثي");
	snprintf(r->name_en, sizeof(r->name_en), "Fatma Al Harthy");
	snprintf(r->civil_masked, sizeof(r->civil_masked), "****1234");
	snprintf(r->items[0].label_ar, sizeof(r->items[0].label_ar), "رسوم");
	snprintf(r->items[0].label_en, sizeof(r->items[0].label_en), "Fee");
	r->items[0].amount_baisa = 5000;
	r->nitems = 1;
	snprintf(r->qr_text, sizeof(r->qr_text), "KSK-TEST-000042-X");
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
	is_int(print_start(&pw, &cfg), 0, "worker starts");
	print_set_notify(pw, on_result, &c);
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
		ok(!strstr(res->detail, "Fatma") && !strstr(res->detail, "1234"),
		   "detail carries no personal data");
	}
	snprintf(path, sizeof(path), "%s/receipt-0001.png", dir);
	ok(exists(path), "the sim printed receipt-0001.png");
	/* The raw bytes the worker sent decode to a 576-dot receipt of sensible length. */
	snprintf(path, sizeof(path), "%s/receipt-0001.escpos", dir);
	FILE *f = fopen(path, "rb");
	static uint8_t raw[1 << 20];
	size_t n = f ? fread(raw, 1, sizeof(raw), f) : 0;
	if (f)
		fclose(f);
	struct escpos_decode_opts o = {.width_dots = 576};
	struct escpos_page pg;
	is_int(escpos_decode(raw, n, &o, &pg), 0, "its ESC/POS decodes");
	ok(pg.cut && pg.rasters >= 3 && pg.bm && pg.bm->h > 700,
	   "a cut receipt in %d bands, %d dots long", pg.rasters, pg.bm ? pg.bm->h : 0);
	bitmap_free(pg.bm);

	/* 2. Paper out before the job: refused by the status check, nothing printed. */
	control_file(dir, "paper_out");
	id = print_submit(pw, &r);
	res = wait_result(&c, 1);
	ok(res && res->job == id, "second result");
	if (res) {
		is_int(res->rc, KERR_PAPER, "paper out -> KERR_PAPER (%s)", res->detail);
		ok(strstr(res->detail, "before") != NULL,
		   "detail says it was found before printing");
	}
	snprintf(path, sizeof(path), "%s/receipt-0002.png", dir);
	ok(!exists(path), "no receipt printed");

	/* 3. Paper runs out during the job: the write fails. */
	control_file(dir, "ok\nfail_after 3000");
	id = print_submit(pw, &r);
	res = wait_result(&c, 2);
	if (res) {
		is_int(res->rc, KERR_PAPER, "paper out mid-job -> KERR_PAPER (%s)", res->detail);
		ok(strstr(res->detail, "write") != NULL, "detail names the write");
	} else {
		ok(0, "third result");
	}
	/* 4. Paper refilled: the next job prints (the worker flushes the half-sent band first). */
	control_file(dir, "ok");
	id = print_submit(pw, &r);
	res = wait_result(&c, 3);
	ok(res && res->rc == 0, "after the refill the next job prints (%s)",
	   res ? res->detail : "no result");
	snprintf(path, sizeof(path), "%s/receipt-0002.png", dir);
	ok(exists(path), "receipt-0002.png printed");
	print_stop(pw);
	print_stop(NULL);

	/* 5. A backend that does not exist: every job says KERR_CONFIG. */
	cfg = make_cfg("laser", dir);
	is_int(print_start(&pw, &cfg), 0, "worker starts even when the printer cannot open");
	print_set_notify(pw, on_result, &c);
	id = print_submit(pw, &r);
	res = wait_result(&c, 4);
	ok(res && res->rc == KERR_CONFIG, "unknown backend -> KERR_CONFIG (%s)",
	   res ? res->detail : "no result");
	print_stop(pw);

	/* 6. The queue is bounded: with the worker held inside a delivery, 4 jobs wait and the
	 * next is refused; stopping then drops the waiting ones (freed: see make asan/valgrind). */
	cfg = make_cfg("sim", dir);
	struct gate g = {.entered = 0, .released = 0};
	pthread_mutex_init(&g.lock, NULL);
	pthread_cond_init(&g.cond, NULL);
	is_int(print_start(&pw, &cfg), 0, "worker for the queue test");
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

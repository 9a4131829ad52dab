/*
 * test_printer_tcp.c - the "tcp" printer backend against the virtual printer `escpos-render
 * --listen` (a child process on 127.0.0.1): a receipt printed over the socket comes out as a
 * PNG whose bytes are exactly what was sent; status queries answered from the state set through
 * OUTDIR/sim-control (ready, paper out, cover open, silence, garbage); "unplug" drops the
 * connection (KERR_NODEV) and a new connection works again; data sent while the paper is out is
 * printed once it is back; the print worker prints through it and keeps the job on paper out.
 */
#define _DEFAULT_SOURCE
#include "../../app/print.h"
#include "../../app/receipt.h"
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../child.h"
#include "../printing.h"
#include "../receipts.h"
#include "../tap.h"
#include "../texts.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char outdir[400];
static int port;

static void
control(const char *cmd)
{
	char path[500];
	snprintf(path, sizeof(path), "%s/sim-control", outdir);
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%s\n", cmd);
		fclose(f);
	}
}

static bool
exists(const char *name)
{
	char path[500];
	struct stat sb;
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	return stat(path, &sb) == 0;
}

/* Waits (bounded) for outdir/name to appear. */
static bool
wait_file(const char *name)
{
	for (int i = 0; i < 500; i++) {
		if (exists(name))
			return true;
		usleep(10000);
	}
	return false;
}

static bool
file_is(const char *name, const uint8_t *d, size_t n)
{
	char path[500];
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	static uint8_t buf[1 << 20];
	size_t got = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return got == n && memcmp(buf, d, n) == 0;
}

static struct kiosk_config
make_cfg(void)
{
	struct kiosk_config cfg;
	config_defaults(&cfg, NULL);
	snprintf(cfg.printer_backend, sizeof(cfg.printer_backend), "tcp");
	snprintf(cfg.printer_profile, sizeof(cfg.printer_profile), "generic-80");
	snprintf(cfg.printer_device, sizeof(cfg.printer_device), "127.0.0.1:%d", port);
	snprintf(cfg.font_dir, sizeof(cfg.font_dir), "assets/fonts-arabic");
	return cfg;
}

static void
make_job(struct kbuf *job, int rows)
{
	const struct printer_profile *p = printer_profile_find("generic-80");
	struct bitmap *bm = bitmap_new(p->width_dots, rows);
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < p->width_dots; x++)
			bm->px[y * p->width_dots + x] = ((x / 8 + y / 8) % 3) ? 0 : 255;
	kbuf_init(job, 1u << 20);
	escpos_encode(job, p, bm);
	bitmap_free(bm);
}

static void
test_backend(void)
{
	struct kiosk_config cfg = make_cfg();
	struct printer_dev dev;
	int rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "connected to the virtual printer");
	if (rc < 0)
		return;
	struct printer_status st;
	rc = printer_status(&dev, &st, 1000);
	ok(rc == 0 && st.online && !st.paper_out && !st.cover_open, "status: ready");

	struct kbuf job;
	make_job(&job, 600);
	is_int(printer_write(&dev, job.data, job.len, 2000), 0, "a %zu-byte job sent", job.len);
	ok(wait_file("receipt-0001.png"), "the virtual printer printed receipt-0001.png");
	ok(wait_file("receipt-0001.escpos") && file_is("receipt-0001.escpos", job.data, job.len),
	   "its bytes are exactly the job's");

	control("paper_out");
	rc = printer_status(&dev, &st, 1000);
	ok(rc == 0 && st.paper_out && !st.online, "paper out: answered by DLE EOT");
	is_int(printer_status_err(&st), KERR_PAPER, "-> KERR_PAPER");
	is_int(printer_write(&dev, job.data, job.len, 2000), 0,
	       "data sent while the paper is out is taken (buffered)");
	usleep(300000);
	ok(!exists("receipt-0002.png"), "... and not printed yet");
	control("ok");
	ok(wait_file("receipt-0002.png"), "paper back: the held job is printed");

	control("cover_open");
	rc = printer_status(&dev, &st, 1000);
	ok(rc == 0 && st.cover_open, "cover open: answered");
	control("ok\nmute");
	is_int(printer_status(&dev, &st, 300), KERR_TIMEOUT, "a printer that does not answer");
	control("ok\ngarbage");
	is_int(printer_status(&dev, &st, 300), KERR_PROTO, "garbage answers: KERR_PROTO");
	control("ok\nunplug");
	rc = printer_status(&dev, &st, 1000);
	ok(rc == KERR_NODEV || rc == KERR_TIMEOUT, "unplugged: the connection drops (%s)",
	   kerr_name(rc));
	rc = printer_status(&dev, &st, 1000);
	is_int(rc, KERR_NODEV, "then KERR_NODEV");
	printer_close(&dev);
	rc = printer_open(&dev, &cfg);
	is_int(rc, 0, "plugged back: a new connection");
	if (rc == 0) {
		rc = printer_status(&dev, &st, 1000);
		ok(rc == 0 && st.online, "ready again");
		printer_close(&dev);
	}
	kbuf_free(&job);

	snprintf(cfg.printer_device, sizeof(cfg.printer_device), "127.0.0.1");
	is_int(printer_open(&dev, &cfg), KERR_CONFIG, "a device without a port: KERR_CONFIG");
}

static void
test_worker(void)
{
	struct kiosk_config cfg = make_cfg();
	struct collect c = {.n = 0};
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);
	struct print_worker *pw = NULL;
	is_int(print_start(&pw, &cfg, test_texts()), 0, "print worker on the tcp backend");
	print_set_notify(pw, on_result, &c);
	print_set_retry(pw, 30, 1000);
	struct receipt r;
	struct test_visit v = test_visit_citizen(); /* SUBMITTED, from its committed payload */
	v.kiosk_id = "KSK-TCP";
	v.seq = 1;
	is_int(test_visit_receipt(test_texts(), &v, &r), 0, "a visit receipt built to print");
	control("paper_out");
	int64_t id = print_submit(pw, &r);
	struct print_result *res = wait_result(&c, 0);
	ok(res && res->job == id && res->rc == KERR_PAPER && res->pending,
	   "paper out before the job: KERR_PAPER, kept (%s)", res ? res->detail : "no result");
	control("ok");
	res = wait_result(&c, 1);
	ok(res && res->job == id && res->rc == 0 && res->reprint, "paper back: printed (%s)",
	   res ? res->detail : "no result");
	print_stop(pw);
	for (int i = 0; i < c.n; i++)
		free(c.res[i]);
}

int
main(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	atexit(kill_kids);
	snprintf(outdir, sizeof(outdir), "%s/vprinter", tap_tmpdir());
	const char *b = getenv("KIOSK_BUILD");
	char tool[400];
	snprintf(tool, sizeof(tool), "%s/escpos-render", b && b[0] ? b : "build");
	char listen_opt[] = "--listen", addr[] = "127.0.0.1:0";
	char *argv[] = {tool, listen_opt, addr, outdir, NULL};
	int fd;
	pid_t pid = spawn(argv, NULL, &fd);
	port = pid > 0 ? wait_port(fd, "listening on") : -1;
	ok(port > 0, "escpos-render --listen started (port %d)", port);
	if (port <= 0)
		return tap_done();
	test_backend();
	control("ok");
	test_worker();
	kill_kid(pid);
	return tap_done();
}

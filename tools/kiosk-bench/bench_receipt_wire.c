/*
 * bench_receipt_wire.c - kiosk-bench: a typical receipt end to end, and the npm package
 * `receiptline` on the same content in the same run.
 *
 *   receipt (signed)   layout + raster + ESC/POS encode, with the Ed25519-signed QR payload
 *                      (a key made for the run), per receipt; bytes per receipt
 *   first byte         print_submit() -> the first byte of the job on a socket (the print
 *                      worker with the "tcp" backend to a listener thread in this process that
 *                      answers DLE EOT like a ready printer); the status check is included;
 *                      best and worst of 4 prints
 *   last byte          the same, to the job's last byte (no printer speed: the wire alone)
 *   receiptline        node tools/kiosk-bench/receiptline.js on the same fields: its SVG and its
 *                      ESC/POS transforms, sizes, and whether its Arabic is shaped. Runs when
 *                      build/bench/node_modules/receiptline exists (tests/bench/run-bench
 *                      installs it); both receipts are saved as PNG in build/bench/.
 *
 * Output folder: $KIOSK_BENCH_OUT, default build/bench.
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../app/print.h"
#include "../../app/receipt.h"
#include "../../app/receipt_sign.h"
#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../common/kbuf.h"
#include "../../drivers/clock.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../tests/receipts.h"
#include "../../text/i18n.h"
#include "../../text/text.h"

#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* The visit receipt from its committed payload (tests/receipts.h, as the unit tests make it),
 * committed now; no QR text yet. 0 or receipt_build()'s error. */
static int
fill(struct receipt *r)
{
	struct test_visit v = test_visit_citizen();
	v.created_ms = clock_wall_ms(&bench_clock);
	return test_visit_receipt(bench_i18n, &v, r);
}

static int
make_key(const char *path)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	int ok = ctx && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &k) == 1;
	EVP_PKEY_CTX_free(ctx);
	FILE *f = ok ? fopen(path, "w") : NULL;
	ok = f && PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1;
	if (f)
		fclose(f);
	EVP_PKEY_free(k);
	return ok ? 0 : -1;
}

/*
 * A printer on a socket: answers DLE EOT with "ready", and times each job's first and last byte
 * (a job = the bytes between two pauses of 300 ms, status queries excepted).
 */
#define WIRE_JOBS 4

struct wire {
	int lfd;
	pthread_mutex_t lock;
	double first_us[WIRE_JOBS], last_us[WIRE_JOBS];
	int jobs;
	pthread_t th;
};

static void *
wire_thread(void *arg)
{
	struct wire *w = arg;
	int c = accept(w->lfd, NULL, NULL);
	if (c < 0)
		return NULL;
	uint8_t buf[65536];
	size_t job = 0;
	int dle = 0;
	for (;;) {
		struct pollfd p = {.fd = c, .events = POLLIN};
		int r = poll(&p, 1, job ? 300 : 10000);
		if (r == 0 && job) { /* a pause: that job is over */
			pthread_mutex_lock(&w->lock);
			if (w->jobs < WIRE_JOBS)
				w->jobs++;
			pthread_mutex_unlock(&w->lock);
			job = 0;
			continue;
		}
		if (r <= 0)
			break;
		ssize_t n = recv(c, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		double now = bench_now_us();
		pthread_mutex_lock(&w->lock);
		int k = w->jobs < WIRE_JOBS ? w->jobs : WIRE_JOBS - 1;
		for (ssize_t i = 0; i < n; i++) {
			if (dle == 2) {
				uint8_t ok = (uint8_t)(buf[i] == 1 ? 0x16 : 0x12);
				send(c, &ok, 1, MSG_NOSIGNAL);
				dle = 0;
			} else if (dle == 1 && buf[i] == 0x04) {
				dle = 2;
			} else if (buf[i] == 0x10) {
				dle = 1; /* the raster is scrubbed: 10 04 is always a query */
			} else {
				dle = 0;
				if (job++ == 0)
					w->first_us[k] = now;
				w->last_us[k] = now;
			}
		}
		pthread_mutex_unlock(&w->lock);
	}
	close(c);
	return NULL;
}

static void
collect(struct print_result *res, void *ctx)
{
	__atomic_add_fetch((int *)ctx, 1, __ATOMIC_SEQ_CST);
	free(res);
}

static int
wire_jobs(struct wire *w)
{
	pthread_mutex_lock(&w->lock);
	int n = w->jobs;
	pthread_mutex_unlock(&w->lock);
	return n;
}

static void
wire_figures(const struct kiosk_config *base, const struct receipt *r, double full)
{
	struct wire w = {.jobs = 0};
	pthread_mutex_init(&w.lock, NULL);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	w.lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (w.lfd < 0 || bind(w.lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(w.lfd, 1) < 0 || getsockname(w.lfd, (struct sockaddr *)&sa, &len) < 0) {
		printf("first byte       (no loopback socket)\n");
		if (w.lfd >= 0)
			close(w.lfd);
		return;
	}
	pthread_create(&w.th, NULL, wire_thread, &w);
	struct kiosk_config cfg = *base;
	snprintf(cfg.printer_backend, sizeof(cfg.printer_backend), "tcp");
	snprintf(cfg.printer_profile, sizeof(cfg.printer_profile), "generic-80");
	snprintf(cfg.printer_device, sizeof(cfg.printer_device), "127.0.0.1:%d",
	         ntohs(sa.sin_port));
	struct print_worker *pw = NULL;
	int done = 0;
	double t0[WIRE_JOBS] = {0};
	if (print_start(&pw, &cfg, bench_i18n) != 0) {
		close(w.lfd);
		return;
	}
	print_set_notify(pw, collect, &done);
	usleep(300000); /* "print" is pressed on a kiosk that has been up a while */
	for (int j = 0; j < WIRE_JOBS; j++) {
		t0[j] = bench_now_us();
		print_submit(pw, r);
		for (int i = 0; i < 500 && (__atomic_load_n(&done, __ATOMIC_SEQ_CST) <= j ||
		                            wire_jobs(&w) <= j);
		     i++)
			usleep(10000);
	}
	print_stop(pw);
	shutdown(w.lfd, SHUT_RDWR);
	pthread_join(w.th, NULL);
	close(w.lfd);
	int n = wire_jobs(&w);
	if (n < 1) {
		printf("first byte       (no job seen on the wire)\n");
		return;
	}
	double best = 1e18, worst = 0, last = 1e18;
	for (int j = 0; j < n; j++) {
		double f = w.first_us[j] - t0[j];
		best = f < best ? f : best;
		worst = f > worst ? f : worst;
		double l = w.last_us[j] - t0[j];
		last = l < last ? l : last;
	}
	bench_line("first byte", best, "(layout+raster+encode)", full);
	printf("%-16s %10.2f us worst of %d prints (the first after start is the coldest)\n", "",
	       worst, n);
	bench_line("last byte", last, "(first byte)", best);
}

static void
receiptline_figures(const struct receipt *r, const char *outdir, double ours_us, size_t ours_bytes)
{
	char path[600], cmd[1600], json[8192], when[40];
	snprintf(path, sizeof(path), "%s/node_modules/receiptline/package.json", outdir);
	struct stat sb;
	if (stat(path, &sb) != 0) {
		printf("receiptline      (not installed: tests/bench/run-bench installs it with "
		       "npm)\n");
		return;
	}
	clock_format_oman(r->when_ms, when, sizeof(when));
	when[10] = ' '; /* "YYYY-MM-DD HH:MM" */
	/* the same words as ours, plain: receiptline has no isolates (the receipt is SUBMITTED:
	 * fill()); lines[0] is the name (services/svc_visit_receipt.c) */
	char name_ar[RECEIPT_TEXT_MAX], name_en[RECEIPT_TEXT_MAX], amount[32];
	text_strip_controls(r->lines[0].value.ar, name_ar, sizeof(name_ar));
	text_strip_controls(r->lines[0].value.en, name_en, sizeof(name_en));
	int64_t baisa = r->nitems > 0 ? r->items[0].amount_baisa : 0;
	snprintf(amount, sizeof(amount), "%lld.%03lld", (long long)(baisa / 1000),
	         (long long)(baisa % 1000));
	int jn = snprintf(
	        json, sizeof(json),
	        "{\"kiosk_id\":\"%s\",\"location\":\"%s\",\"title_ar\":\"%s\",\"title_en\":\"%s\","
	        "\"status\":\"%s\",\"status_ar\":\"%s\",\"reference\":\"%s\","
	        "\"when\":\"%.16s +04\",\"name_ar\":\"%s\",\"name_en\":\"%s\",\"item_ar\":\"%s\","
	        "\"item_en\":\"%s\",\"amount\":\"%s\",\"qr\":\"%s\"}",
	        r->kiosk_id, r->location, r->title.ar, r->title.en,
	        i18n_tr(bench_i18n, "en", "receipt.status.submitted"),
	        i18n_tr(bench_i18n, "ar", "receipt.status.submitted"), r->reference, when, name_ar,
	        name_en, r->items[0].label.ar, r->items[0].label.en, amount, r->qr_text);
	if (jn < 0 || (size_t)jn >= sizeof(json)) {
		printf("receiptline      (the receipt's content does not fit the comparison)\n");
		return;
	}
	snprintf(path, sizeof(path), "%s/receipt-content.json", outdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fputs(json, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
	         "NODE_PATH='%s/node_modules' node tools/kiosk-bench/receiptline.js '%s' '%s' 30",
	         outdir, path, outdir);
	FILE *p = popen(cmd, "r");
	char line[1024] = "";
	if (!p || !fgets(line, sizeof(line), p)) {
		printf("receiptline      (node failed)\n");
		if (p)
			pclose(p);
		return;
	}
	pclose(p);
	double svg_us = 0, esc_us = 0;
	long esc_bytes = 0, arabic = 0, qm = 0, lone = 0;
	const char *s;
	if ((s = strstr(line, "svg_us=")))
		svg_us = strtod(s + 7, NULL);
	if ((s = strstr(line, "escpos_us=")))
		esc_us = strtod(s + 10, NULL);
	if ((s = strstr(line, "escpos_bytes=")))
		esc_bytes = strtol(s + 13, NULL, 10);
	if ((s = strstr(line, "arabic_letters=")))
		arabic = strtol(s + 15, NULL, 10);
	if ((s = strstr(line, "escpos_question_marks=")))
		qm = strtol(s + 22, NULL, 10);
	if ((s = strstr(line, "svg_isolated_letters=")))
		lone = strtol(s + 21, NULL, 10);
	bench_line("vs receiptline", ours_us, "receiptline -> ESC/POS", esc_us);
	bench_line("vs receiptline", ours_us, "receiptline -> SVG", svg_us);
	printf("%-16s %10zu bytes ours (raster)   receiptline ESC/POS %ld bytes (text mode)\n",
	       "receipt bytes", ours_bytes, esc_bytes);
	printf("%-16s ours: shaped (HarfBuzz+FriBidi raster)   receiptline: %s\n", "arabic shaped",
	       (qm >= arabic / 2 || lone >= arabic / 2) ? "NOT shaped" : "shaped (check the PNG)");
	printf("%-16s receiptline ESC/POS: %ld of %ld Arabic letters became '?'; SVG: %ld letters "
	       "each alone in a <tspan>, left to right\n",
	       "", qm, arabic, lone);
	snprintf(cmd, sizeof(cmd),
	         "command -v rsvg-convert >/dev/null && rsvg-convert -b white -o "
	         "'%s/receiptline.png' "
	         "'%s/receiptline.svg' 2>/dev/null",
	         outdir, outdir);
	FILE *q = popen(cmd, "r");
	int rc = q ? pclose(q) : -1;
	printf("%-16s %s/kiosk-receipt.png and %s/receiptline.%s\n", "saved", outdir, outdir,
	       rc == 0 ? "png" : "svg (no rsvg-convert for a PNG)");
	printf("%-16s %s\n", "receiptline", line);
}

void
bench_receipt_wire(const struct kiosk_config *cfg)
{
	const char *outdir = getenv("KIOSK_BENCH_OUT");
	if (!outdir || !outdir[0])
		outdir = "build/bench";
	mkdir(outdir, 0755);
	char key[600];
	snprintf(key, sizeof(key), "%s/bench-signing.key", outdir);
	struct receipt_signer *signer = NULL;
	if (make_key(key) < 0 || receipt_signer_open(&signer, key) < 0) {
		printf("receipt (signed) (no Ed25519 key)\n");
		return;
	}
	const struct printer_profile *p = printer_profile_find("generic-80");
	struct text_engine *te = NULL;
	if (!p || text_open(&te, cfg->font_dir) < 0) {
		receipt_signer_free(signer);
		return;
	}
	struct receipt r;
	if (fill(&r) < 0) {
		printf("receipt (signed) (no receipt from the payload)\n");
		text_close(te);
		receipt_signer_free(signer);
		return;
	}
	struct bitmap *bm = NULL;
	struct kbuf out;
	const int n = 30;
	size_t bytes = 0;
	char payload[RECEIPT_PAYLOAD_MAX];
	double t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		bitmap_free(bm);
		bm = NULL;
		kbuf_init(&out, 8u << 20);
		if (receipt_payload(signer, &r, payload, sizeof(payload)) == 0 &&
		    receipt_qr_text(cfg->receipt_verify_url, payload, r.qr_text,
		                    sizeof(r.qr_text)) == 0 &&
		    receipt_render(te, bench_i18n, p, &r, &bm) == 0 &&
		    escpos_encode(&out, p, bm) == 0)
			bytes = out.len;
		kbuf_free(&out);
	}
	double full = (bench_now_us() - t0) / n;
	t0 = bench_now_us();
	for (int i = 0; i < n; i++)
		receipt_payload(signer, &r, payload, sizeof(payload));
	double sign = (bench_now_us() - t0) / n;
	bench_line("receipt (signed)", full, "(Ed25519 payload alone)", sign);
	printf("%-16s %10zu bytes of ESC/POS per receipt (%dx%d raster, generic-80)\n",
	       "receipt size", bytes, bm ? bm->w : 0, bm ? bm->h : 0);
	if (bm) {
		char png[700];
		snprintf(png, sizeof(png), "%s/kiosk-receipt.png", outdir);
		bitmap_write_png(bm, png);
	}
	bitmap_free(bm);
	text_close(te);
	receipt_signer_free(signer);
	unlink(key);

	struct kiosk_config wcfg = *cfg;
	wcfg.receipt_signing_key[0] = 0;
	r.qr_text[0] = 0;
	wire_figures(&wcfg, &r, full);
	fill(&r);
	test_receipt_qr(&r, cfg->receipt_verify_url);
	receiptline_figures(&r, outdir, full, bytes);
}

/*
 * print.h - the print worker: renders a receipt to a raster, encodes it as ESC/POS and sends it
 * to the printer named in kiosk.conf, checking the printer's status before and after.
 *
 * One thread, owning the printer_dev and its own text engine. Jobs are taken in order; each ends
 * with an APP_EV_PRINTED event carrying a struct print_result. A job stopped by a printer fault
 * (paper, cover, unplugged, stalled) is kept: its result has pending set, the worker polls the
 * printer, and once it is fixed prints the whole receipt again (marked REPRINT when part of it
 * had gone out) and posts a second result for the same job id. Printing never touches the
 * outbox: a failed print neither loses nor repeats a transaction.
 */
#ifndef KIOSK_PRINT_H
#define KIOSK_PRINT_H

#include <stdbool.h>
#include <stdint.h>

struct i18n;
struct kiosk_config;
struct receipt;
struct print_worker;

struct print_result {
	int64_t job;      /* the id print_submit() returned */
	int rc;           /* 0 printed; KERR_PAPER, KERR_COVER, KERR_NODEV, KERR_PRINTER ... */
	char detail[128]; /* for the technician's log; no personal data */
	bool pending;     /* rc < 0 and the job is kept: printed again once the printer is fixed */
	bool reprint;     /* rc 0 for a job that failed before (marked REPRINT if it was partial) */
};

/* Starts the worker. The receipt's words come from tx (text/i18n.h), borrowed: it must outlive
 * the worker (free it after print_stop()); any thread may read it. */
int print_start(struct print_worker **out, const struct kiosk_config *cfg, const struct i18n *tx);
/* Queues a copy of r; returns the job id (> 0) or a KERR_*. Any thread. */
int64_t print_submit(struct print_worker *pw, const struct receipt *r);
void print_stop(struct print_worker *pw); /* finishes the current job, joins; NULL no-op */

/*
 * Forgets job if it is kept (waiting for the printer to be fixed): the person it was for has
 * gone, and a receipt with their name must not come out for the next one. A job not yet failed
 * is not touched. 0, or KERR_NOTFOUND when job is not kept. Any thread.
 */
int print_cancel(struct print_worker *pw, int64_t job);

/*
 * Test hook: how often a kept job polls the printer (default 1000 ms) and how many polls before
 * it is given up (default 600: ten minutes). Call before the first print_submit().
 */
void print_set_retry(struct print_worker *pw, int poll_ms, int max_polls);

/*
 * Test hook: hands each result to fn(res, ctx) on the worker thread instead of ui_post(); fn owns
 * res (free()). Call before the first print_submit(); fn NULL restores ui_post().
 */
void print_set_notify(struct print_worker *pw, void (*fn)(struct print_result *res, void *ctx),
                      void *ctx);

#endif

/*
 * print.h - the print worker: renders a receipt to a raster, encodes it as ESC/POS and sends it
 * to the printer named in kiosk.conf, checking the printer's status before and after.
 *
 * One thread, owning the printer_dev and its own text engine. Jobs are taken in order; each ends
 * with an APP_EV_PRINTED event carrying a struct print_result.
 */
#ifndef KIOSK_PRINT_H
#define KIOSK_PRINT_H

#include <stdint.h>

struct kiosk_config;
struct receipt;
struct print_worker;

struct print_result {
	int64_t job;      /* the id print_submit() returned */
	int rc;           /* 0 printed; KERR_PAPER, KERR_COVER, KERR_NODEV, KERR_PRINTER ... */
	char detail[128]; /* for the technician's log; no personal data */
};

int print_start(struct print_worker **out, const struct kiosk_config *cfg);
/* Queues a copy of r; returns the job id (> 0) or a KERR_*. Any thread. */
int64_t print_submit(struct print_worker *pw, const struct receipt *r);
void print_stop(struct print_worker *pw); /* finishes the current job, joins; NULL no-op */

/*
 * Test hook: hands each result to fn(res, ctx) on the worker thread instead of ui_post(); fn owns
 * res (free()). Call before the first print_submit(); fn NULL restores ui_post().
 */
void print_set_notify(struct print_worker *pw, void (*fn)(struct print_result *res, void *ctx),
                      void *ctx);

#endif

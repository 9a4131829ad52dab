/*
 * print.c - the print worker (see print.h): one thread that owns the printer_dev and its own text
 * engine, and a small bounded job queue (mutex + condvar) fed by print_submit().
 *
 * Start at print_thread(). Per job (run_job()): open the printer and the fonts if not yet open
 * (a printer plugged in later is picked up at the next job) -> status check before (when the
 * backend has one) -> receipt_render() -> escpos_encode() -> printer_write() -> status check
 * after -> an APP_EV_PRINTED event with a malloc'd struct print_result. A device that vanished
 * (KERR_NODEV) is closed so the next job reopens it. The job's copy of the receipt holds personal
 * data: it is wiped when the job ends; result details never carry any. After a write that failed
 * part-way, the next job starts with a band's worth of NULs so the printer's parser is not left
 * inside the half-sent raster block.
 *
 * print_stop() lets the running job finish; jobs still queued are dropped (logged by count: the
 * main loop is shutting down and would not handle their events).
 */
#include "print.h"

#include "../common/bitmap.h"
#include "../common/config.h"
#include "../common/kbuf.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../drivers/printer.h"
#include "../drivers/printer/escpos.h"
#include "../ui/text.h"
#include "../ui/ui.h"
#include "events.h"
#include "receipt.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRINT_QUEUE_MAX         4
#define PRINT_JOB_MAX_BYTES     (4u << 20)
#define PRINT_WRITE_TIMEOUT_MS  10000
#define PRINT_STATUS_TIMEOUT_MS 2000

struct print_job {
	int64_t id;
	struct receipt r;
};

struct print_worker {
	struct kiosk_config cfg; /* a copy: the worker owns no pointer into main's data */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct print_job *q[PRINT_QUEUE_MAX]; /* ring */
	int head, count;
	int64_t next_id;
	bool stopping;
	void (*notify)(struct print_result *res, void *ctx);
	void *notify_ctx;
	/* worker thread only */
	struct printer_dev dev;
	bool dev_open;
	bool resync; /* the last write stopped part-way: flush the printer's parser first */
	struct text_engine *te;
};

static void
close_dev(struct print_worker *pw)
{
	if (pw->dev_open)
		printer_close(&pw->dev);
	pw->dev_open = false;
}

/* Status check; 0 when ready or when the backend cannot tell. */
static int
check_status(struct print_worker *pw, const char *when, struct print_result *res)
{
	struct printer_status st;
	int rc = printer_status(&pw->dev, &st, PRINT_STATUS_TIMEOUT_MS);
	if (rc == KERR_NOTSUP)
		return 0;
	if (rc < 0) {
		snprintf(res->detail, sizeof(res->detail), "status query %s the job failed: %s",
		         when, kerr_name(rc));
		return rc;
	}
	if (st.paper_near_end)
		klog(KLOG_WARN, "print", "paper near end");
	rc = printer_status_err(&st);
	if (rc < 0)
		snprintf(res->detail, sizeof(res->detail), "printer not ready %s the job: %s%s%s%s",
		         when, st.cover_open ? "cover-open " : "", st.paper_out ? "paper-out " : "",
		         st.error ? "error " : "", st.online ? "" : "offline");
	return rc;
}

static int
run_job(struct print_worker *pw, const struct print_job *job, struct print_result *res)
{
	struct bitmap *bm = NULL;
	struct kbuf out;
	int rc;
	kbuf_init(&out, PRINT_JOB_MAX_BYTES);

	if (!pw->te && (rc = text_open(&pw->te, pw->cfg.font_dir)) < 0) {
		pw->te = NULL;
		snprintf(res->detail, sizeof(res->detail), "fonts did not load: %s", kerr_name(rc));
		goto out;
	}
	if (!pw->dev_open) {
		rc = printer_open(&pw->dev, &pw->cfg);
		if (rc < 0) {
			snprintf(res->detail, sizeof(res->detail), "%s printer did not open: %s",
			         pw->cfg.printer_backend, kerr_name(rc));
			goto out;
		}
		pw->dev_open = true;
	}
	if ((rc = check_status(pw, "before", res)) < 0)
		goto out;
	if ((rc = receipt_render(pw->te, pw->dev.profile, &job->r, &bm)) < 0) {
		snprintf(res->detail, sizeof(res->detail), "receipt layout failed: %s",
		         kerr_name(rc));
		goto out;
	}
	if (pw->resync) {
		/* A half-sent GS v 0 block still waits for its bytes: NULs of the largest band
		 * complete it (as blank rows) and are ignored after that; the job's ESC @ follows.
		 */
		size_t pad = (size_t)pw->dev.profile->width_dots / 8 * pw->dev.profile->band_lines;
		uint8_t zero[512] = {0};
		for (size_t done = 0; done < pad && rc == 0; done += sizeof(zero))
			rc = kbuf_add(&out, zero, sizeof(zero));
	}
	if (rc == 0)
		rc = escpos_encode(&out, pw->dev.profile, bm);
	if (rc < 0) {
		snprintf(res->detail, sizeof(res->detail), "ESC/POS encoding failed: %s",
		         kerr_name(rc));
		goto out;
	}
	rc = printer_write(&pw->dev, out.data, out.len, PRINT_WRITE_TIMEOUT_MS);
	pw->resync = rc < 0;
	if (rc < 0) {
		snprintf(res->detail, sizeof(res->detail), "write of %zu bytes failed: %s", out.len,
		         kerr_name(rc));
		goto out;
	}
	if ((rc = check_status(pw, "after", res)) < 0)
		goto out;
	snprintf(res->detail, sizeof(res->detail), "printed %dx%d dots (%s), %zu bytes", bm->w,
	         bm->h, pw->dev.profile->name, out.len);
out:
	if (rc == KERR_NODEV || rc == KERR_TIMEOUT)
		close_dev(pw); /* reopen (and resync) at the next job */
	bitmap_free(bm);
	kbuf_free(&out);
	return rc;
}

static void
deliver(struct print_worker *pw, struct print_result *res)
{
	pthread_mutex_lock(&pw->lock);
	void (*fn)(struct print_result *, void *) = pw->notify;
	void *ctx = pw->notify_ctx;
	pthread_mutex_unlock(&pw->lock);
	if (fn) {
		fn(res, ctx);
		return;
	}
	int rc = ui_post(APP_EV_PRINTED, res);
	if (rc < 0) {
		klog(KLOG_ERR, "print", "job %lld result not delivered: %s", (long long)res->job,
		     kerr_str(rc));
		free(res);
	}
}

static void *
print_thread(void *arg)
{
	struct print_worker *pw = arg;
	/* Open early so a missing printer or font shows in the log at start-up; a failure here is
	 * retried at each job. */
	if (printer_open(&pw->dev, &pw->cfg) == 0)
		pw->dev_open = true;
	if (text_open(&pw->te, pw->cfg.font_dir) < 0)
		pw->te = NULL;
	for (;;) {
		pthread_mutex_lock(&pw->lock);
		while (!pw->count && !pw->stopping)
			pthread_cond_wait(&pw->cond, &pw->lock);
		if (pw->stopping) {
			pthread_mutex_unlock(&pw->lock);
			break;
		}
		struct print_job *job = pw->q[pw->head];
		pw->q[pw->head] = NULL;
		pw->head = (pw->head + 1) % PRINT_QUEUE_MAX;
		pw->count--;
		pthread_mutex_unlock(&pw->lock);

		struct print_result *res = xcalloc(1, sizeof(*res));
		res->job = job->id;
		res->rc = run_job(pw, job, res);
		klog(res->rc ? KLOG_WARN : KLOG_INFO, "print", "job %lld: %s", (long long)job->id,
		     res->detail);
		xwipe(job, sizeof(*job));
		free(job);
		deliver(pw, res);
	}
	text_close(pw->te);
	pw->te = NULL;
	close_dev(pw);
	return NULL;
}

int
print_start(struct print_worker **out, const struct kiosk_config *cfg)
{
	*out = NULL;
	struct print_worker *pw = xcalloc(1, sizeof(*pw));
	pw->cfg = *cfg;
	pw->next_id = 1;
	pthread_mutex_init(&pw->lock, NULL);
	pthread_cond_init(&pw->cond, NULL);
	if (pthread_create(&pw->thread, NULL, print_thread, pw) != 0) {
		klog(KLOG_ERR, "print", "cannot start the print thread");
		pthread_cond_destroy(&pw->cond);
		pthread_mutex_destroy(&pw->lock);
		free(pw);
		return KERR_INTERNAL;
	}
	*out = pw;
	return 0;
}

int64_t
print_submit(struct print_worker *pw, const struct receipt *r)
{
	if (!pw || !r)
		return KERR_INVAL;
	struct print_job *job = xmalloc(sizeof(*job));
	job->r = *r;
	int64_t id;
	pthread_mutex_lock(&pw->lock);
	if (pw->stopping || pw->count == PRINT_QUEUE_MAX) {
		id = pw->stopping ? KERR_STATE : KERR_FULL;
	} else {
		id = job->id = pw->next_id++;
		pw->q[(pw->head + pw->count) % PRINT_QUEUE_MAX] = job;
		pw->count++;
		job = NULL;
		pthread_cond_signal(&pw->cond);
	}
	pthread_mutex_unlock(&pw->lock);
	if (job) {
		xwipe(job, sizeof(*job));
		free(job);
	}
	return id;
}

void
print_set_notify(struct print_worker *pw, void (*fn)(struct print_result *res, void *ctx),
                 void *ctx)
{
	pthread_mutex_lock(&pw->lock);
	pw->notify = fn;
	pw->notify_ctx = ctx;
	pthread_mutex_unlock(&pw->lock);
}

void
print_stop(struct print_worker *pw)
{
	if (!pw)
		return;
	pthread_mutex_lock(&pw->lock);
	pw->stopping = true;
	pthread_cond_signal(&pw->cond);
	pthread_mutex_unlock(&pw->lock);
	pthread_join(pw->thread, NULL);
	if (pw->count)
		klog(KLOG_WARN, "print", "%d queued job(s) dropped at shutdown", pw->count);
	for (int i = 0; i < pw->count; i++) {
		struct print_job *job = pw->q[(pw->head + i) % PRINT_QUEUE_MAX];
		xwipe(job, sizeof(*job));
		free(job);
	}
	pthread_cond_destroy(&pw->cond);
	pthread_mutex_destroy(&pw->lock);
	free(pw);
}

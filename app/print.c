/*
 * print.c - the print worker (see print.h): one thread that owns the printer_dev and its own text
 * engine, and a small bounded job queue (mutex + condvar) fed by print_submit().
 *
 * Start at print_thread(). Per job (run_job()): open the printer and the fonts if not yet open
 * (a printer plugged in later is picked up at the next job) -> status check before (when the
 * backend has one) -> receipt_render() -> escpos_encode() -> printer_write() -> status check
 * after -> an APP_EV_PRINTED event with a malloc'd struct print_result.
 *
 * The job state machine: queued -> printing -> done | failed (not a printer matter: layout,
 * configuration) | kept. A printer fault (is_fault()) keeps the job: the result says pending,
 * the fault goes to the log for the technician, and the worker polls the printer every poll_ms
 * (reopening a device that vanished) until a status check passes; then it prints the whole
 * receipt again, marked REPRINT when any of it had gone out, and posts a second result for the
 * same job. Jobs behind a kept one wait. print_cancel() (its person has gone) or max_polls end
 * the wait. After a write that failed part-way, the next write starts with a band's worth of NULs
 * so the printer's parser is not left inside the half-sent raster block, then ESC @ and a cut that
 * separates the torn part from the reprint. Printing never touches the outbox.
 *
 * The job's copy of the receipt holds personal data: it is wiped when the job ends; result
 * details never carry any. print_stop() lets the running job finish; jobs still queued or kept
 * are dropped (logged by count).
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
#include "../text/text.h"
#include "../ui/ui.h"
#include "events.h"
#include "receipt.h"
#include "receipt_sign.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PRINT_QUEUE_MAX         4
#define PRINT_JOB_MAX_BYTES     (4u << 20)
#define PRINT_WRITE_TIMEOUT_MS  10000
#define PRINT_STATUS_TIMEOUT_MS 2000
#define PRINT_POLL_MS           1000
#define PRINT_MAX_POLLS         600

struct print_job {
	int64_t id;
	bool cancelled;
	bool partial; /* some of it went to the printer before it failed */
	struct receipt r;
};

struct print_worker {
	struct kiosk_config cfg; /* a copy: the worker owns no pointer into main's data ... */
	const struct i18n *tx;   /* ... but the texts, read-only and shared (main() frees them
	                            after print_stop()) */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct print_job *q[PRINT_QUEUE_MAX]; /* ring */
	int head, count;
	int64_t next_id;
	bool stopping;
	void (*notify)(struct print_result *res, void *ctx);
	void *notify_ctx;
	struct print_job *kept; /* stopped by a printer fault, waiting for the fix */
	int poll_ms, max_polls, polls;
	/* worker thread only */
	struct printer_dev dev;
	bool dev_open;
	bool resync; /* the last write stopped part-way: flush the printer's parser first */
	struct text_engine *te;
	struct receipt_signer *signer; /* NULL: unsigned QR payloads */
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

/* A printer matter, fixed by a person (paper, cover, cable) or by time: keep the job. */
static bool
is_fault(int rc)
{
	return rc == KERR_PAPER || rc == KERR_COVER || rc == KERR_PRINTER || rc == KERR_TIMEOUT ||
	       rc == KERR_NODEV || rc == KERR_PROTO || rc == KERR_IO || rc == KERR_BUSY;
}

static int
open_dev(struct print_worker *pw, struct print_result *res)
{
	if (pw->dev_open)
		return 0;
	int rc = printer_open(&pw->dev, &pw->cfg);
	if (rc < 0) {
		snprintf(res->detail, sizeof(res->detail), "%s printer did not open: %s",
		         pw->cfg.printer_backend, kerr_name(rc));
		return rc;
	}
	pw->dev_open = true;
	return 0;
}

/*
 * The signed payload behind the verification URL. A payload that cannot be built (a field the
 * format cannot carry) leaves the bare reference in the QR: the receipt still prints.
 */
static void
fill_qr(struct print_worker *pw, struct receipt *r)
{
	char payload[RECEIPT_PAYLOAD_MAX];
	int rc = receipt_payload(pw->signer, r, payload, sizeof(payload));
	if (rc == 0)
		rc = receipt_qr_text(pw->cfg.receipt_verify_url, payload, r->qr_text,
		                     sizeof(r->qr_text));
	if (rc < 0) {
		klog(KLOG_WARN, "print", "no signed QR payload (%s); the QR carries the reference",
		     kerr_name(rc));
		snprintf(r->qr_text, sizeof(r->qr_text), "%s", r->reference);
	}
}

static int
run_job(struct print_worker *pw, struct print_job *job, struct print_result *res)
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
	if ((rc = open_dev(pw, res)) < 0)
		goto out;
	if ((rc = check_status(pw, "before", res)) < 0)
		goto out;
	job->r.reprint = job->partial; /* a torn receipt is on paper: say this one replaces it */
	if (!job->r.qr_text[0] && !job->r.slip) /* a slip is no transaction: nothing to sign */
		fill_qr(pw, &job->r);
	if ((rc = receipt_render(pw->te, pw->tx, pw->dev.profile, &job->r, &bm)) < 0) {
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
		/* then cut the torn part off, so the reprint comes out on its own */
		if (rc == 0)
			rc = escpos_init(&out);
		if (rc == 0)
			rc = escpos_cut(&out, pw->dev.profile, ESCPOS_TAIL_FEED);
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
	if (rc < 0)
		job->partial = true; /* assume the worst: some of it is on paper */
	if (rc < 0) {
		snprintf(res->detail, sizeof(res->detail), "write of %zu bytes failed: %s", out.len,
		         kerr_name(rc));
		goto out;
	}
	if ((rc = check_status(pw, "after", res)) < 0) {
		job->partial = true; /* it may have stopped half-way: reprint the whole receipt */
		goto out;
	}
	snprintf(res->detail, sizeof(res->detail), "printed %dx%d dots (%s), %zu bytes%s", bm->w,
	         bm->h, pw->dev.profile->name, out.len, job->r.reprint ? ", marked REPRINT" : "");
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

static void
free_job(struct print_job *job)
{
	xwipe(job, sizeof(*job));
	free(job);
}

/* Is the printer fixed? 0 when a status check passes (or the backend cannot tell). */
static int
probe(struct print_worker *pw)
{
	struct print_result scratch = {0};
	int rc = open_dev(pw, &scratch);
	if (rc == 0)
		rc = check_status(pw, "before", &scratch);
	if (rc == KERR_NODEV || rc == KERR_TIMEOUT)
		close_dev(pw);
	return rc;
}

/* Waits one poll interval for the kept job; stop and cancel cut it short. Lock held. */
static void
wait_poll(struct print_worker *pw)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += pw->poll_ms / 1000;
	until.tv_nsec += (long)(pw->poll_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (!pw->stopping && pw->kept && !pw->kept->cancelled)
		if (pthread_cond_timedwait(&pw->cond, &pw->lock, &until) == ETIMEDOUT)
			break;
}

/* Takes the next thing to do: the kept job when its poll is due, else the queue's head. */
static struct print_job *
next_job(struct print_worker *pw, bool *retry)
{
	pthread_mutex_lock(&pw->lock);
	for (;;) {
		while (!pw->count && !pw->kept && !pw->stopping)
			pthread_cond_wait(&pw->cond, &pw->lock);
		if (pw->stopping)
			break;
		struct print_job *job;
		if (pw->kept) {
			wait_poll(pw);
			if (pw->stopping)
				break;
			job = pw->kept;
			*retry = true;
			if (job->cancelled)
				pw->kept = NULL;
		} else {
			job = pw->q[pw->head];
			pw->q[pw->head] = NULL;
			pw->head = (pw->head + 1) % PRINT_QUEUE_MAX;
			pw->count--;
			*retry = false;
		}
		if (job->cancelled) {
			klog(KLOG_INFO, "print", "job %lld cancelled", (long long)job->id);
			free_job(job);
			continue;
		}
		pthread_mutex_unlock(&pw->lock);
		return job;
	}
	pthread_mutex_unlock(&pw->lock);
	return NULL;
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
	if (pw->cfg.receipt_signing_key[0] &&
	    receipt_signer_open(&pw->signer, pw->cfg.receipt_signing_key) < 0)
		klog(KLOG_ERR, "print", "receipts will carry unsigned QR payloads");
	bool retry;
	struct print_job *job;
	while ((job = next_job(pw, &retry))) {
		struct print_result *res = xcalloc(1, sizeof(*res));
		res->job = job->id;
		if (!retry)
			pw->polls = 0; /* worker thread only */
		if (retry) {
			int prc = probe(pw);
			if (prc < 0 && ++pw->polls < pw->max_polls) {
				free(res); /* not fixed yet: the person already knows */
				continue;
			}
			if (prc < 0) {
				res->rc = prc;
				snprintf(res->detail, sizeof(res->detail),
				         "printer not fixed after %d polls: %s; job given up",
				         pw->polls, kerr_name(prc));
			}
		}
		if (!res->detail[0])
			res->rc = run_job(pw, job, res);
		res->reprint = retry && res->rc == 0;
		bool keep = res->rc < 0 && is_fault(res->rc) && pw->polls < pw->max_polls;
		pthread_mutex_lock(&pw->lock);
		keep = keep && !job->cancelled && !pw->stopping;
		pw->kept = keep ? job : NULL;
		pthread_mutex_unlock(&pw->lock);
		res->pending = keep;
		if (keep)
			klog(KLOG_WARN, "print", "job %lld stopped by the printer (%s): kept, %s",
			     (long long)job->id, res->detail,
			     job->partial ? "a torn receipt may be in the tray; reprint once fixed"
			                  : "print once fixed");
		else
			klog(res->rc ? KLOG_WARN : KLOG_INFO, "print", "job %lld: %s%s",
			     (long long)job->id, res->detail, res->reprint ? " (after a fix)" : "");
		if (!keep)
			free_job(job);
		deliver(pw, res);
	}
	text_close(pw->te);
	pw->te = NULL;
	receipt_signer_free(pw->signer);
	pw->signer = NULL;
	close_dev(pw);
	return NULL;
}

int
print_start(struct print_worker **out, const struct kiosk_config *cfg, const struct i18n *tx)
{
	*out = NULL;
	struct print_worker *pw = xcalloc(1, sizeof(*pw));
	pw->cfg = *cfg;
	pw->tx = tx;
	pw->next_id = 1;
	pw->poll_ms = PRINT_POLL_MS;
	pw->max_polls = PRINT_MAX_POLLS;
	pthread_mutex_init(&pw->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&pw->cond, &ca);
	pthread_condattr_destroy(&ca);
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
	struct print_job *job = xcalloc(1, sizeof(*job));
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

int
print_cancel(struct print_worker *pw, int64_t job)
{
	if (!pw || job <= 0)
		return KERR_INVAL;
	int rc = KERR_NOTFOUND;
	pthread_mutex_lock(&pw->lock);
	/* Only a kept job (also while it is being retried: it stays pw->kept). A job that has not
	 * failed yet prints: people often pull their card as soon as they press "print". */
	if (pw->kept && pw->kept->id == job && !pw->kept->cancelled) {
		pw->kept->cancelled = true;
		rc = 0;
	}
	pthread_cond_broadcast(&pw->cond);
	pthread_mutex_unlock(&pw->lock);
	return rc;
}

void
print_set_retry(struct print_worker *pw, int poll_ms, int max_polls)
{
	pthread_mutex_lock(&pw->lock);
	pw->poll_ms = poll_ms > 0 ? poll_ms : PRINT_POLL_MS;
	pw->max_polls = max_polls > 0 ? max_polls : PRINT_MAX_POLLS;
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
	for (int i = 0; i < pw->count; i++)
		free_job(pw->q[(pw->head + i) % PRINT_QUEUE_MAX]);
	if (pw->kept) {
		klog(KLOG_WARN, "print",
		     "job %lld was waiting for the printer; dropped at shutdown",
		     (long long)pw->kept->id);
		free_job(pw->kept);
	}
	pthread_cond_destroy(&pw->cond);
	pthread_mutex_destroy(&pw->lock);
	free(pw);
}

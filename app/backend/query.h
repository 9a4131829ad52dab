/*
 * query.h - the query worker: request/response calls to the ministry backend for the services
 * (sign-in, a worker's record, an establishment's licences, ...), apart from the outbox.
 *
 * One thread with its own net_dev (the [network] backend: mutual-TLS curl, or the in-process
 * sim), so a slow delivery of the outbox never delays an answer a person is waiting for, and
 * the reverse. Requests are taken in order; each ends with exactly one answer, posted to the
 * main loop as APP_EV_ANSWER (app/events.h) with a struct query_answer, unless it was
 * cancelled. Every request has a finite timeout ([backend] query_timeout_ms unless the request
 * says otherwise), so an answer always comes.
 *
 * Request bodies and answers hold personal data (civil numbers, names): both are wiped when
 * done with; the log says the path, the status and the timing, never a body.
 */
#ifndef KIOSK_QUERY_H
#define KIOSK_QUERY_H

#include <stddef.h>
#include <stdint.h>

struct kiosk_config;
struct query;

#define QUERY_PENDING_MAX 8 /* requests waiting for the worker; more is KERR_FULL */

struct query_request {
	const char *method; /* "GET" or "POST" */
	const char *path;   /* "/v1/signin"; appended to [backend] url. Paths reach access logs:
	                       [A-Za-z0-9/._-] only, no query string, no run of five or more
	                       digits (identifiers go in the body), else KERR_INVAL */
	const char *body;   /* JSON text or NULL; copied by query_send() */
	int timeout_ms;     /* 0 = [backend] query_timeout_ms */
};

struct query_answer {
	uint64_t id;     /* what query_send() returned */
	int rc;          /* 0: an HTTP answer arrived (status says which); else KERR_TIMEOUT,
	                    KERR_OFFLINE (no connection), KERR_TLS, KERR_TOOBIG (body over
	                    NET_RESP_MAX), KERR_PROTO */
	long status;     /* HTTP status when rc == 0 */
	char *body;      /* NUL-terminated (len bytes before the NUL); NULL when none */
	size_t len;      /* personal data: query_answer_free() wipes it */
	int64_t took_ms; /* time from query_send() to the answer (monotonic) */
};

/* Starts the worker and opens its net_dev in the worker (retried per request when it fails:
 * an answer says KERR_OFFLINE then). Caller owns *out: query_stop(). */
int query_start(struct query **out, const struct kiosk_config *cfg);

/* Queues r (copied) and returns its id (> 0) in *id. KERR_FULL when QUERY_PENDING_MAX wait,
 * KERR_INVAL for a bad request (method, path, a body over 64 KiB or on a GET, timeout_ms
 * outside 0..600000). Any thread. */
int query_send(struct query *q, const struct query_request *r, uint64_t *id);

/* The session that asked has ended: requests not yet sent are dropped, and the answer of the one
 * in flight is wiped when it comes instead of being posted. Once it returns, no answer of an
 * earlier request is posted; one posted just before may still wait in the main loop's queue
 * (match ids). Any thread. */
void query_cancel_all(struct query *q);

void query_stop(struct query *q); /* wakes and joins the worker; NULL is a no-op */

void query_answer_free(struct query_answer *a); /* wipes the body; NULL is a no-op */

/* Test hook: answers go to fn (which owns them) instead of ui_post(). Before the first send.
 * fn runs on the worker thread with the worker's lock held: it must not call query_*(). */
void query_set_notify(struct query *q, void (*fn)(struct query_answer *a, void *ctx), void *ctx);

/* Test hook: net_control() on the worker's net_dev (the sim backend's control is thread-safe),
 * as sync_net_control() does for the sync worker. KERR_STATE until the worker has opened it. */
int query_net_control(struct query *q, const char *cmd);

#endif

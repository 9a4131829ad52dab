/*
 * backend/query.c - the query worker (see query.h): one thread, its own net_dev, a small FIFO of
 * requests, exactly one answer per request unless it was cancelled.
 *
 * The lock guards the FIFO, the id counter, the in-flight request's id and its cancel flag, the
 * notify hook and stop. The worker takes the oldest request, sends it with the lock released,
 * then posts its answer with the lock held, so that once query_cancel_all() has returned no
 * answer of a request sent before it is posted (one already posted may still be in the main
 * loop's queue: the receiver matches ids). Request bodies and answers are personal data: the
 * FIFO's copies are wiped when sent or dropped, answer bodies by query_answer_free(); the log
 * has method, path, status (or error) and milliseconds only.
 * Where to start: query_main().
 */
#include "query.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "../../drivers/net.h"
#include "../../ui/ui.h"
#include "../events.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QUERY_PATH_MAX 128
#define QUERY_BODY_MAX (64 * 1024) /* a request body; an answer may be up to NET_RESP_MAX */

struct query_item {
	uint64_t id;
	bool post;
	char path[QUERY_PATH_MAX];
	char *body; /* NULL for none; personal data */
	size_t body_len;
	int timeout_ms;
	int64_t sent_ms; /* monotonic, at query_send() */
};

struct query {
	struct kiosk_config cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	struct query_item fifo[QUERY_PENDING_MAX];
	int head, count;
	uint64_t next_id;
	uint64_t inflight;       /* id of the request being sent, 0 = none */
	bool inflight_cancelled; /* its answer is wiped, not posted */
	void (*notify)(struct query_answer *a, void *ctx);
	void *ctx;
	bool net_ready; /* net is open: query_net_control() may use it */
	/* worker only */
	struct net_dev net;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
item_clear(struct query_item *it)
{
	if (it->body) {
		xwipe(it->body, it->body_len);
		free(it->body);
	}
	memset(it, 0, sizeof(*it));
}

void
query_answer_free(struct query_answer *a)
{
	if (!a)
		return;
	if (a->body) {
		xwipe(a->body, a->len);
		free(a->body);
	}
	free(a);
}

/* Paths reach access logs: letters, digits and "/._-" only, no query string, and no run of
 * five or more digits (an identifier belongs in the body). */
static bool
path_ok(const char *p)
{
	size_t n = p ? strlen(p) : 0;
	if (n < 2 || n >= QUERY_PATH_MAX || p[0] != '/')
		return false;
	int digits = 0;
	for (; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '.' || c == '_' || c == '-'))
			return false;
		digits = c >= '0' && c <= '9' ? digits + 1 : 0;
		if (digits >= 5)
			return false;
	}
	return true;
}

int
query_send(struct query *q, const struct query_request *r, uint64_t *id)
{
	if (!q || !r || !id || !r->method || !path_ok(r->path) || r->timeout_ms < 0 ||
	    r->timeout_ms > 600000)
		return KERR_INVAL;
	bool post = strcmp(r->method, "POST") == 0;
	if (!post && strcmp(r->method, "GET") != 0)
		return KERR_INVAL;
	size_t len = r->body ? strlen(r->body) : 0;
	if (len > QUERY_BODY_MAX || (!post && r->body))
		return KERR_INVAL;

	pthread_mutex_lock(&q->lock);
	if (q->stop || q->count == QUERY_PENDING_MAX) {
		bool stopping = q->stop;
		pthread_mutex_unlock(&q->lock);
		return stopping ? KERR_STATE : KERR_FULL;
	}
	struct query_item *it = &q->fifo[(q->head + q->count) % QUERY_PENDING_MAX];
	it->id = ++q->next_id;
	it->post = post;
	memcpy(it->path, r->path, strlen(r->path) + 1);
	it->body = r->body ? xstrndup(r->body, len) : NULL;
	it->body_len = len;
	it->timeout_ms = r->timeout_ms > 0 ? r->timeout_ms : q->cfg.query_timeout_ms;
	it->sent_ms = mono_ms();
	q->count++;
	*id = it->id;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

void
query_cancel_all(struct query *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	while (q->count) {
		item_clear(&q->fifo[q->head]);
		q->head = (q->head + 1) % QUERY_PENDING_MAX;
		q->count--;
	}
	if (q->inflight)
		q->inflight_cancelled = true;
	pthread_mutex_unlock(&q->lock);
}

void
query_set_notify(struct query *q, void (*fn)(struct query_answer *a, void *ctx), void *ctx)
{
	pthread_mutex_lock(&q->lock);
	q->notify = fn;
	q->ctx = ctx;
	pthread_mutex_unlock(&q->lock);
}

/* Worker only. */
static int
query_net_open(struct query *q)
{
	int rc = net_open(&q->net, &q->cfg);
	if (rc == 0) {
		pthread_mutex_lock(&q->lock);
		q->net_ready = true;
		pthread_mutex_unlock(&q->lock);
	}
	return rc;
}

int
query_net_control(struct query *q, const char *cmd)
{
	pthread_mutex_lock(&q->lock);
	bool ready = q->net_ready;
	pthread_mutex_unlock(&q->lock);
	return ready ? net_control(&q->net, cmd) : KERR_STATE;
}

/* Sends one request (lock not held) and makes its answer. */
static struct query_answer *
query_run(struct query *q, struct query_item *it)
{
	struct query_answer *a = xcalloc(1, sizeof(*a));
	struct net_response resp = {0};
	a->id = it->id;
	kbuf_init(&resp.body, 1);
	if (!q->net.ops && query_net_open(q) < 0) {
		a->rc = KERR_OFFLINE; /* opened again for the next request */
	} else {
		struct net_request req = {.method = it->post ? "POST" : "GET",
		                          .path = it->path,
		                          .body = it->body,
		                          .body_len = it->body_len,
		                          .timeout_ms = it->timeout_ms};
		a->rc = net_request(&q->net, &req, &resp);
	}
	a->took_ms = mono_ms() - it->sent_ms;
	if (a->rc == 0) {
		a->status = resp.status;
		a->len = resp.body.len;
		a->body = a->len ? kbuf_take(&resp.body) : NULL; /* NUL-terminated */
		klog(KLOG_INFO, "query", "%s %s: HTTP %ld, %zu bytes, %lld ms",
		     it->post ? "POST" : "GET", it->path, a->status, a->len, (long long)a->took_ms);
	} else {
		klog(KLOG_WARN, "query", "%s %s: %s after %lld ms", it->post ? "POST" : "GET",
		     it->path, kerr_name(a->rc), (long long)a->took_ms);
	}
	kbuf_free(&resp.body);
	return a;
}

static void *
query_main(void *arg)
{
	struct query *q = arg;
	query_net_open(q); /* when it fails, again for each request */
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (!q->stop && q->count == 0)
			pthread_cond_wait(&q->cond, &q->lock);
		if (q->stop)
			break;
		struct query_item it = q->fifo[q->head];
		memset(&q->fifo[q->head], 0, sizeof(q->fifo[0]));
		q->head = (q->head + 1) % QUERY_PENDING_MAX;
		q->count--;
		q->inflight = it.id;
		q->inflight_cancelled = false;
		pthread_mutex_unlock(&q->lock);

		struct query_answer *a = query_run(q, &it);
		item_clear(&it);

		pthread_mutex_lock(&q->lock);
		q->inflight = 0;
		if (q->inflight_cancelled || q->stop) {
			query_answer_free(a); /* the session that asked has ended */
		} else if (q->notify) {
			q->notify(a, q->ctx);
		} else if (ui_post(APP_EV_ANSWER, a) < 0) {
			query_answer_free(a);
		}
	}
	q->net_ready = false;
	pthread_mutex_unlock(&q->lock);
	net_close(&q->net);
	return NULL;
}

int
query_start(struct query **out, const struct kiosk_config *cfg)
{
	*out = NULL;
	struct query *q = xcalloc(1, sizeof(*q));
	q->cfg = *cfg;
	if (q->cfg.query_timeout_ms <= 0)
		q->cfg.query_timeout_ms = 8000;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	int err = pthread_create(&q->thread, NULL, query_main, q);
	if (err) {
		klog(KLOG_ERR, "query", "cannot start the worker: %s", strerror(err));
		pthread_cond_destroy(&q->cond);
		pthread_mutex_destroy(&q->lock);
		free(q);
		return KERR_INTERNAL;
	}
	*out = q;
	return 0;
}

void
query_stop(struct query *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	query_cancel_all(q); /* what was still waiting is wiped */
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/*
 * sync.c - the sync worker (see sync.h): delivers the outbox to the ministry backend.
 *
 * One thread. It owns its queue connection and its net_dev; the rest of the kiosk only kicks
 * it. Each round takes due items oldest first, POSTs them as one batch (each item carries its
 * own idempotency key; the header carries the first one) and records every per-item result.
 * Rules, from docs/backend-api.md and the reliability research:
 *  - only a well-formed 2xx answer that names an item marks it acked or rejected; anything
 *    ambiguous (transport error, timeout, 5xx, garbled body) leaves it pending and it is sent
 *    again later with the same key: the server's permanent dedupe makes that safe;
 *  - retries wait with exponential backoff and full jitter (base 1 s, cap 5 min) drawn from a
 *    seeded PRNG, and the worker sends nothing while it waits, so order is kept;
 *  - 400/413/422 on a batch: resend one item at a time, then reject only the item at fault;
 *  - notes go to the main loop with ui_post(APP_EV_SYNC) (or the test hook), ONLINE/OFFLINE
 *    only on a change.
 * Times stored in the queue are wall-clock ms from the kiosk's clock_dev (as at enqueue).
 * Where to start: sync_main().
 */
#include "sync.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../drivers/clock.h"
#include "../drivers/net.h"
#include "../offline-cache/audit.h"
#include "../offline-cache/queue.h"
#include "../offline-cache/refdata.h"
#include "../ui/ui.h"
#include "events.h"
#include "sync_hooks.h"
#include "sync_reply.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SYNC_BATCH_BYTES (256 * 1024) /* payload bytes per batch, beyond the first item */
#define SYNC_PATH        "/v1/transactions"
#define HEARTBEAT_PATH   "/v1/heartbeat"

struct sync {
	struct kiosk_config cfg;
	struct clock_dev *clock;
	struct sync_options opt;
	pthread_t thread;
	pthread_mutex_t lock; /* guards stop, kicked, stats, net_ready */
	pthread_cond_t cond;
	bool stop, kicked, net_ready;
	struct sync_stats stats;
	/* worker only */
	struct queue *q;
	struct net_dev net;
	uint64_t rng;
	int failures;       /* consecutive failed rounds */
	int64_t hold_until; /* wall ms: send nothing before this */
	int64_t next_due;   /* wall ms of the earliest retry we scheduled, 0 = none known */
	int batch_max;      /* drops to 1 after a 400 on a batch, back up after a success */
	int64_t last_beat;  /* mono ms of the last heartbeat attempt, -1 = none yet */
	int64_t last_depth; /* depth last posted, -1 = none yet */
	_Atomic int health[SYNC_DEV_COUNT_]; /* enum sync_health, set by the main thread */
};

/* splitmix64 */
static uint64_t
sync_rand(struct sync *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
static int64_t
sync_backoff(struct sync *s, int attempt)
{
	int64_t ceil = s->opt.backoff_base_ms;
	for (int i = 1; i < attempt && ceil < s->opt.backoff_cap_ms; i++)
		ceil *= 2;
	if (ceil > s->opt.backoff_cap_ms)
		ceil = s->opt.backoff_cap_ms;
	return (int64_t)(sync_rand(s) % (uint64_t)(ceil + 1));
}

static void
sync_note_post(struct sync *s, enum sync_note_kind kind, int64_t seq, const char *ref,
               const char *error)
{
	struct sync_note *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->seq = seq;
	snprintf(n->ref, sizeof(n->ref), "%s", ref ? ref : "");
	snprintf(n->error, sizeof(n->error), "%s", error ? error : "");
	if (s->opt.notify) {
		s->opt.notify(n, s->opt.ctx);
		return;
	}
	if (ui_post(APP_EV_SYNC, n) < 0)
		free(n);
}

static void
sync_set_online(struct sync *s, bool online, const char *why)
{
	pthread_mutex_lock(&s->lock);
	int was = s->stats.online;
	s->stats.online = online ? 1 : 0;
	pthread_mutex_unlock(&s->lock);
	if (was == (online ? 1 : 0))
		return;
	if (online)
		klog(KLOG_INFO, "sync", "backend reachable");
	else
		klog(KLOG_WARN, "sync", "backend unavailable: %s", why);
	sync_note_post(s, online ? SYNC_NOTE_ONLINE : SYNC_NOTE_OFFLINE, 0, NULL, why);
}

static void
sync_count(struct sync *s, int64_t *field, int64_t n)
{
	pthread_mutex_lock(&s->lock);
	*field += n;
	pthread_mutex_unlock(&s->lock);
}

static void
sync_note_due(struct sync *s, int64_t when)
{
	if (s->next_due == 0 || when < s->next_due)
		s->next_due = when;
}

/* The whole round failed: every item waits for the same backoff and nothing is sent before. */
static int
sync_fail_round(struct sync *s, const struct queue_item *items, int n, const char *why, int64_t now)
{
	s->failures++;
	s->hold_until = now + sync_backoff(s, s->failures);
	sync_count(s, &s->stats.failures, 1);
	int rc = queue_begin(s->q);
	for (int i = 0; rc == 0 && i < n; i++) {
		rc = queue_mark_retry(s->q, items[i].seq, s->hold_until, why);
		if (rc == KERR_NOTFOUND)
			rc = 0;
	}
	if (rc < 0) {
		queue_rollback(s->q);
		return rc;
	}
	if ((rc = queue_commit(s->q)) < 0)
		return rc; /* the hold still applies: nothing is sent before it */
	sync_count(s, &s->stats.retried, n);
	sync_note_due(s, s->hold_until);
	klog(KLOG_INFO, "sync", "%d item(s) from seq %lld retry in %lld ms (%s)", n,
	     (long long)items[0].seq, (long long)(s->hold_until - now), why);
	return 0;
}

/* Builds the request body for items[0..*n); may lower *n (size cap, other kiosk id). Items whose
 * stored payload is not JSON are rejected here (a local bug: they could never be delivered). */
static char *
sync_body(struct sync *s, struct queue_item *items, int *n)
{
	json_t *arr = json_array();
	size_t bytes = 0;
	int used = 0;
	for (int i = 0; i < *n; i++) {
		struct queue_item *it = &items[i];
		if (strcmp(it->kiosk_id, items[0].kiosk_id) != 0)
			break;
		size_t plen = it->payload ? strlen(it->payload) : 0;
		if (used > 0 && bytes + plen > SYNC_BATCH_BYTES)
			break;
		json_error_t jerr;
		json_t *payload = json_loads(it->payload ? it->payload : "", 0, &jerr);
		if (!json_is_object(payload)) {
			json_decref(payload);
			klog(KLOG_ERR, "sync", "seq %lld: stored payload is not a JSON object",
			     (long long)it->seq);
			if (queue_mark_rejected(s->q, it->seq, "stored payload is not JSON") == 0) {
				sync_count(s, &s->stats.rejected, 1);
				sync_note_post(s, SYNC_NOTE_REJECTED, it->seq, NULL,
				               "stored payload is not JSON");
			}
			continue;
		}
		char created[40];
		clock_format_oman(it->created_ms, created, sizeof(created));
		json_array_append_new(arr,
		                      json_pack("{s:I,s:s,s:s,s:s,s:o}", "seq", (json_int_t)it->seq,
		                                "idempotency_key", it->key, "type", it->type,
		                                "created", created, "payload", payload));
		if (used != i) { /* keep items[] aligned with what is sent */
			struct queue_item tmp = items[used];
			items[used] = *it;
			*it = tmp;
		}
		used++;
		bytes += plen;
	}
	*n = used;
	if (used == 0) {
		json_decref(arr);
		return NULL;
	}
	json_t *root = json_pack("{s:s,s:o}", "kiosk_id", items[0].kiosk_id, "items", arr);
	char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	return text;
}

/* The "error" text of an error body, for the technician; never the request. */
static void
sync_error_text(const struct net_response *resp, char *out, size_t size)
{
	json_error_t jerr;
	json_t *j = resp->body.data
	                    ? json_loadb((const char *)resp->body.data, resp->body.len, 0, &jerr)
	                    : NULL;
	const char *e = json_string_value(json_object_get(j, "error"));
	snprintf(out, size, "HTTP %ld%s%s", resp->status, e ? ": " : "", e ? e : "");
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	json_decref(j);
}

/* Applies a parsed 2xx answer: every item's new state in one commit, then the notes (a note
 * never tells of a state that is not yet durable). A failed commit leaves them all pending. */
static int
sync_apply(struct sync *s, const struct queue_item *items, int n,
           const struct sync_item_result *res, int64_t now)
{
	int missing = 0, rc;
	bool done[SYNC_BATCH_MAX] = {false};
	if ((rc = queue_begin(s->q)) < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		const struct sync_item_result *r = &res[i];
		switch (r->status) {
		case SYNC_ITEM_ACCEPTED:
		case SYNC_ITEM_DUPLICATE:
			rc = queue_mark_acked(s->q, items[i].seq, r->ref);
			break;
		case SYNC_ITEM_REJECTED:
			klog(KLOG_WARN, "sync", "seq %lld rejected by the backend",
			     (long long)items[i].seq);
			rc = queue_mark_rejected(s->q, items[i].seq, r->reason);
			break;
		case SYNC_ITEM_MISSING: {
			int64_t when = now + sync_backoff(s, items[i].attempts + 1);
			rc = queue_mark_retry(s->q, items[i].seq, when, "missing from the reply");
			if (rc == 0) {
				sync_note_due(s, when);
				missing++;
			}
			break;
		}
		}
		if (rc < 0 && rc != KERR_NOTFOUND) {
			queue_rollback(s->q);
			return rc;
		}
		done[i] = rc == 0;
	}
	if ((rc = queue_commit(s->q)) < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		const struct sync_item_result *r = &res[i];
		if (!done[i])
			continue;
		if (r->status == SYNC_ITEM_ACCEPTED || r->status == SYNC_ITEM_DUPLICATE) {
			sync_count(s, &s->stats.acked, 1);
			if (r->status == SYNC_ITEM_DUPLICATE)
				sync_count(s, &s->stats.duplicates, 1);
			sync_note_post(s, SYNC_NOTE_ACKED, items[i].seq, r->ref, NULL);
		} else if (r->status == SYNC_ITEM_REJECTED) {
			sync_count(s, &s->stats.rejected, 1);
			sync_note_post(s, SYNC_NOTE_REJECTED, items[i].seq, NULL, r->reason);
		} else {
			sync_count(s, &s->stats.retried, 1);
		}
	}
	if (missing)
		klog(KLOG_WARN, "sync", "%d item(s) missing from the reply: retried later",
		     missing);
	return 0;
}

/*
 * One batch. Returns 1 when the caller may go on with the next batch, 0 when the round should
 * end (failure, backoff), or a negative KERR_* for a local (queue) error.
 */
static int
sync_batch(struct sync *s, struct queue_item *items, int n, int64_t now)
{
	struct net_response resp;
	struct sync_item_result res[SYNC_BATCH_MAX];
	int64_t seqs[SYNC_BATCH_MAX];
	char why[128];
	int rc;

	char *body = sync_body(s, items, &n);
	if (!body)
		return n == 0 ? 1 : KERR_NOMEM;
	struct net_request req = {.method = "POST",
	                          .path = SYNC_PATH,
	                          .body = body,
	                          .body_len = strlen(body),
	                          .idempotency_key = items[0].key,
	                          .timeout_ms = 0};
	sync_count(s, &s->stats.requests, 1);
	rc = net_request(&s->net, &req, &resp);
	free(body);

	if (rc < 0) {
		snprintf(why, sizeof(why), "%s", kerr_str(rc));
		sync_set_online(s, false, why);
		rc = sync_fail_round(s, items, n, why, now);
		goto out;
	}
	if (resp.status >= 200 && resp.status < 300) {
		for (int i = 0; i < n; i++)
			seqs[i] = items[i].seq;
		if (sync_reply_parse((const char *)resp.body.data, resp.body.len, seqs, n, res) <
		    0) {
			klog(KLOG_WARN, "sync", "HTTP %ld with a malformed reply: nothing marked",
			     resp.status);
			sync_set_online(s, false, "malformed reply from the backend");
			rc = sync_fail_round(s, items, n, "malformed reply", now);
			goto out;
		}
		sync_set_online(s, true, NULL);
		s->failures = 0;
		s->hold_until = 0;
		rc = sync_apply(s, items, n, res, now);
		if (rc == 0)
			rc = 1;
		if (s->batch_max < s->opt.batch_max)
			s->batch_max++;
		goto out;
	}
	sync_error_text(&resp, why, sizeof(why));
	if (resp.status == 400 || resp.status == 413 || resp.status == 422) {
		sync_set_online(s, true, NULL);
		if (n > 1) { /* find the item at fault: one at a time */
			klog(KLOG_WARN, "sync", "%s on a batch of %d: resending one by one", why,
			     n);
			s->batch_max = 1;
			rc = 1;
			goto out;
		}
		klog(KLOG_WARN, "sync", "seq %lld refused (%s)", (long long)items[0].seq, why);
		rc = queue_mark_rejected(s->q, items[0].seq, why);
		if (rc == 0) {
			sync_count(s, &s->stats.rejected, 1);
			sync_note_post(s, SYNC_NOTE_REJECTED, items[0].seq, NULL, why);
			rc = 1;
		}
		goto out;
	}
	/* 401/403 (certificate), 408, 409, 429, 5xx, anything unexpected: later, same keys */
	sync_set_online(s, false, why);
	rc = sync_fail_round(s, items, n, why, now);
out:
	kbuf_free(&resp.body);
	return rc;
}

static bool
sync_stopping(struct sync *s)
{
	pthread_mutex_lock(&s->lock);
	bool stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

/* Sends everything due, batch after batch, until the queue has nothing due or a round fails. */
static void
sync_round(struct sync *s)
{
	struct queue_item items[SYNC_BATCH_MAX];
	int n = 0;
	if (s->next_due && s->next_due <= clock_wall_ms(s->clock))
		s->next_due = 0; /* it is due now: this round takes it */
	while (!sync_stopping(s)) {
		int64_t now = clock_wall_ms(s->clock);
		if (now < s->hold_until) {
			sync_note_due(s, s->hold_until);
			return;
		}
		int rc = queue_due(s->q, now, items, s->batch_max, &n);
		if (rc < 0 || n == 0)
			return;
		rc = sync_batch(s, items, n, now);
		for (int i = 0; i < n; i++)
			queue_item_clear(&items[i]);
		if (rc <= 0)
			return;
	}
}

/* Personal data past its retention goes; once per round is plenty (it is one UPDATE). */
static void
sync_purge(struct sync *s)
{
	int n = 0;
	if (queue_purge(s->q, &n) < 0)
		klog(KLOG_WARN, "sync",
		     "purge of acknowledged payloads failed; retried next round");
}

/* Opens what the worker owns; retried every interval until it works. */
static bool
sync_ready(struct sync *s)
{
	if (!s->q && queue_open_cfg(&s->cfg, &s->q) < 0)
		s->q = NULL;
	if (s->q && !s->net.ops) {
		if (net_open(&s->net, &s->cfg) == 0) {
			pthread_mutex_lock(&s->lock);
			s->net_ready = true;
			pthread_mutex_unlock(&s->lock);
		}
	}
	return s->q && s->net.ops;
}

/* Posts SYNC_NOTE_DEPTH when the number of waiting transactions changed. */
static void
sync_depth(struct sync *s)
{
	struct queue_counts c;
	if (queue_counts(s->q, &c) < 0 || c.pending == s->last_depth)
		return;
	s->last_depth = c.pending;
	struct sync_note *n = xcalloc(1, sizeof(*n));
	n->kind = SYNC_NOTE_DEPTH;
	n->depth = c.pending;
	if (s->opt.notify) {
		s->opt.notify(n, s->opt.ctx);
		return;
	}
	if (ui_post(APP_EV_SYNC, n) < 0)
		free(n);
}

static void sync_refdata(struct sync *s);

/* POST /v1/heartbeat when one is due: the backend hears the kiosk is alive and how far behind
 * it is; its answer (or silence) sets the online state even when there is nothing to send. */
static void
sync_heartbeat(struct sync *s)
{
	struct queue_counts c;
	char head[AUDIT_HASH_LEN + 1] = "";
	int64_t mono = clock_mono_ms(s->clock);
	int64_t every = s->opt.heartbeat_ms > 0 ? s->opt.heartbeat_ms
	                                        : (int64_t)s->cfg.sync_interval_s * 1000;
	if (s->opt.heartbeat_ms < 0 || (s->last_beat >= 0 && mono - s->last_beat < every))
		return;
	s->last_beat = mono;
	if (queue_counts(s->q, &c) < 0)
		return;
	if (audit_verify(s->q, NULL, NULL, head) < 0)
		snprintf(head, sizeof(head), "%s", "broken");
	char sent[40];
	static const char *const health_names[] = {"unknown", "ok", "fault"};
	int card = atomic_load(&s->health[SYNC_DEV_CARD]);
	int printer = atomic_load(&s->health[SYNC_DEV_PRINTER]);
	clock_format_oman(clock_wall_ms(s->clock), sent, sizeof(sent));
	json_t *j =
	        json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:{s:s,s:s}}", "kiosk_id", s->cfg.kiosk_id,
	                  "time", sent, "queue_depth", (json_int_t)c.pending, "rejected",
	                  (json_int_t)c.rejected, "acked_through", (json_int_t)c.acked_through,
	                  "last_seq", (json_int_t)c.last_seq, "audit_head", head, "devices", "card",
	                  health_names[card % 3], "printer", health_names[printer % 3]);
	char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!body)
		return;
	struct net_response resp;
	struct net_request req = {.method = "POST",
	                          .path = HEARTBEAT_PATH,
	                          .body = body,
	                          .body_len = strlen(body),
	                          .idempotency_key = NULL,
	                          .timeout_ms = 0};
	int rc = net_request(&s->net, &req, &resp);
	free(body);
	if (rc < 0) {
		sync_set_online(s, false, kerr_str(rc));
	} else if (resp.status >= 200 && resp.status < 300) {
		sync_count(s, &s->stats.heartbeats, 1);
		sync_set_online(s, true, NULL);
		kbuf_free(&resp.body);
		sync_refdata(s);
		return;
	} else {
		char why[128];
		sync_error_text(&resp, why, sizeof(why));
		sync_set_online(s, false, why);
	}
	kbuf_free(&resp.body);
}

/* A reference data key or version the kiosk will store: short, plain characters. */
static bool
sync_ref_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

/* GET /v1/refdata?version=V: stores every entry of a newer version in one commit; an answer that
 * is not what the protocol says is logged and the stored data kept. */
static void
sync_refdata(struct sync *s)
{
	char have[64] = "", path[128];
	struct net_response resp;
	if (refdata_get(s->q, "_version", have, sizeof(have), NULL, 0, NULL) != 0 ||
	    !sync_ref_name_ok(have))
		have[0] = '\0';
	snprintf(path, sizeof(path), "/v1/refdata%s%s", have[0] ? "?version=" : "", have);
	struct net_request req = {.method = "GET", .path = path};
	int rc = net_request(&s->net, &req, &resp);
	if (rc < 0 || resp.status != 200) {
		kbuf_free(&resp.body);
		return; /* the heartbeat already said whether the backend is there */
	}
	json_error_t jerr;
	json_t *j = json_loadb((const char *)resp.body.data, resp.body.len, 0, &jerr);
	kbuf_free(&resp.body);
	const char *version = json_string_value(json_object_get(j, "version"));
	json_t *entries = json_object_get(j, "entries");
	if (!version || !sync_ref_name_ok(version) ||
	    (!json_is_true(json_object_get(j, "unchanged")) && !json_is_object(entries))) {
		klog(KLOG_WARN, "sync", "reference data answer malformed: kept version '%s'", have);
		json_decref(j);
		return;
	}
	if (json_is_true(json_object_get(j, "unchanged")) || strcmp(version, have) == 0) {
		json_decref(j);
		return;
	}
	int64_t now = clock_wall_ms(s->clock);
	const char *key;
	json_t *v;
	int n = 0;
	rc = queue_begin(s->q);
	json_object_foreach(entries, key, v)
	{
		if (rc)
			break;
		if (!sync_ref_name_ok(key) || key[0] == '_')
			continue; /* not a name the kiosk uses */
		char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (text && (rc = refdata_put(s->q, key, text, version, now)) == 0)
			n++;
		free(text);
	}
	if (rc == 0)
		rc = refdata_put(s->q, "_version", version, version, now);
	if (rc == 0)
		rc = queue_commit(s->q);
	else
		queue_rollback(s->q);
	if (rc == 0)
		klog(KLOG_INFO, "sync", "reference data %s stored (%d entries)", version, n);
	else
		klog(KLOG_WARN, "sync", "reference data %s not stored: %s", version, kerr_str(rc));
	json_decref(j);
}

static void *
sync_main(void *arg)
{
	struct sync *s = arg;
	bool first = true;
	for (;;) {
		int64_t wait_ms = (int64_t)s->cfg.sync_interval_s * 1000;
		if (!first && s->q) {
			int64_t now = clock_wall_ms(s->clock);
			if (s->next_due && s->next_due - now < wait_ms)
				wait_ms = s->next_due > now ? s->next_due - now : 0;
		}
		pthread_mutex_lock(&s->lock);
		if (!first && wait_ms > 0 && !s->stop && !s->kicked) {
			struct timespec dl;
			clock_gettime(CLOCK_MONOTONIC, &dl);
			dl.tv_sec += wait_ms / 1000;
			dl.tv_nsec += (long)(wait_ms % 1000) * 1000000;
			if (dl.tv_nsec >= 1000000000) {
				dl.tv_sec++;
				dl.tv_nsec -= 1000000000;
			}
			while (!s->stop && !s->kicked &&
			       pthread_cond_timedwait(&s->cond, &s->lock, &dl) != ETIMEDOUT)
				;
		}
		bool stop = s->stop;
		s->kicked = false;
		pthread_mutex_unlock(&s->lock);
		first = false;
		if (stop)
			break;
		if (!sync_ready(s)) {
			klog(KLOG_ERR, "sync", "outbox or network not available; retrying in %d s",
			     s->cfg.sync_interval_s);
			continue;
		}
		sync_heartbeat(s);
		sync_round(s);
		sync_purge(s);
		sync_depth(s);
	}
	net_close(&s->net);
	queue_close(s->q);
	s->q = NULL;
	return NULL;
}

int
sync_start_opts(struct sync **out, const struct kiosk_config *cfg, struct clock_dev *clock,
                const struct sync_options *opts)
{
	*out = NULL;
	struct sync *s = xcalloc(1, sizeof(*s));
	s->cfg = *cfg;
	s->clock = clock;
	if (opts)
		s->opt = *opts;
	if (s->opt.backoff_base_ms <= 0)
		s->opt.backoff_base_ms = 1000;
	if (s->opt.backoff_cap_ms <= 0)
		s->opt.backoff_cap_ms = 300000;
	if (s->opt.batch_max <= 0 || s->opt.batch_max > SYNC_BATCH_MAX)
		s->opt.batch_max = SYNC_BATCH_MAX;
	s->batch_max = s->opt.batch_max;
	s->stats.online = -1;
	s->last_beat = -1;
	s->last_depth = -1;
	if (s->opt.seed) {
		s->rng = s->opt.seed;
	} else {
		/* kiosks of a fleet must not retry in step after a backend outage */
		s->rng = (uint64_t)clock_wall_ms(clock) ^ (uint64_t)clock_mono_ms(clock) << 20;
		for (const char *p = cfg->kiosk_id; *p; p++)
			s->rng = s->rng * 131 + (unsigned char)*p;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);
	int err = pthread_create(&s->thread, NULL, sync_main, s);
	if (err) {
		klog(KLOG_ERR, "sync", "cannot start the worker: %s", strerror(err));
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return KERR_INTERNAL;
	}
	*out = s;
	return 0;
}

int
sync_start(struct sync **out, const struct kiosk_config *cfg, struct clock_dev *clock)
{
	return sync_start_opts(out, cfg, clock, NULL);
}

void
sync_kick(struct sync *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->kicked = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void
sync_stop(struct sync *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	s->net_ready = false;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void
sync_get_stats(struct sync *s, struct sync_stats *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	pthread_mutex_unlock(&s->lock);
}

void
sync_set_health(struct sync *s, enum sync_device d, enum sync_health h)
{
	if (s && (unsigned)d < SYNC_DEV_COUNT_)
		atomic_store(&s->health[d], (int)h);
}

int
sync_net_control(struct sync *s, const char *cmd)
{
	int rc = KERR_STATE;
	pthread_mutex_lock(&s->lock);
	bool ready = s->net_ready;
	pthread_mutex_unlock(&s->lock);
	if (ready)
		rc = net_control(&s->net, cmd);
	return rc;
}

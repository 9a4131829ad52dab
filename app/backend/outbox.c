/*
 * backend/outbox.c - delivery of the outbox: batches, per-item results, backoff, apply.
 *
 * Each round takes due items oldest first, POSTs them as one batch (each item carries its own
 * idempotency key; the header carries the first one) and records every per-item result.
 * Rules, from docs/backend-api.md and the reliability research:
 *  - only a well-formed 2xx answer that names an item marks it acked or rejected; anything
 *    ambiguous (transport error, timeout, 5xx, garbled body) leaves it pending and it is sent
 *    again later with the same key: the server's permanent dedupe makes that safe;
 *  - retries wait with exponential backoff and full jitter (sync_backoff()), and the worker
 *    sends nothing while it waits, so order is kept;
 *  - 400/413/422 on a batch: resend one item at a time, then reject only the item at fault.
 * Times stored in the queue are wall-clock ms from the kiosk's clock_dev (as at enqueue).
 * Runs on the sync worker's thread only. Where to start: outbox_round().
 */
#include "sync_priv.h"
#include "sync_reply.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYNC_BATCH_BYTES (256 * 1024) /* payload bytes per batch, beyond the first item */
#define SYNC_PATH        "/v1/transactions"

static void
outbox_note_due(struct sync *s, int64_t when)
{
	if (s->next_due == 0 || when < s->next_due)
		s->next_due = when;
}

/* The whole round failed: every item waits for the same backoff and nothing is sent before. */
static int
outbox_fail_round(struct sync *s, const struct queue_item *items, int n, const char *why,
                  int64_t now)
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
	outbox_note_due(s, s->hold_until);
	klog(KLOG_INFO, "sync", "%d item(s) from seq %lld retry in %lld ms (%s)", n,
	     (long long)items[0].seq, (long long)(s->hold_until - now), why);
	return 0;
}

/* Builds the request body for items[0..*n); may lower *n (size cap, other kiosk id). Items whose
 * stored payload is not JSON are rejected here (a local bug: they could never be delivered). */
static char *
outbox_body(struct sync *s, struct queue_item *items, int *n)
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

/* Applies a parsed 2xx answer: every item's new state in one commit, then the notes (a note
 * never tells of a state that is not yet durable). A failed commit leaves them all pending. */
static int
outbox_apply(struct sync *s, const struct queue_item *items, int n,
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
				outbox_note_due(s, when);
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
			sync_note_post_ack(s, items[i].seq, r);
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
outbox_batch(struct sync *s, struct queue_item *items, int n, int64_t now)
{
	struct net_response resp;
	struct sync_item_result res[SYNC_BATCH_MAX];
	int64_t seqs[SYNC_BATCH_MAX];
	char why[128];
	int rc;

	char *body = outbox_body(s, items, &n);
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
		rc = outbox_fail_round(s, items, n, why, now);
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
			rc = outbox_fail_round(s, items, n, "malformed reply", now);
			goto out;
		}
		sync_set_online(s, true, NULL);
		s->failures = 0;
		s->hold_until = 0;
		rc = outbox_apply(s, items, n, res, now);
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
	rc = outbox_fail_round(s, items, n, why, now);
out:
	kbuf_free(&resp.body);
	return rc;
}

void
outbox_round(struct sync *s)
{
	struct queue_item items[SYNC_BATCH_MAX];
	int n = 0;
	if (s->next_due && s->next_due <= clock_wall_ms(s->clock))
		s->next_due = 0; /* it is due now: this round takes it */
	while (!sync_stopping(s)) {
		int64_t now = clock_wall_ms(s->clock);
		if (now < s->hold_until) {
			outbox_note_due(s, s->hold_until);
			return;
		}
		int rc = queue_due(s->q, now, items, s->batch_max, &n);
		if (rc < 0 || n == 0)
			return;
		rc = outbox_batch(s, items, n, now);
		for (int i = 0; i < n; i++)
			queue_item_clear(&items[i]);
		if (rc <= 0)
			return;
	}
}

/* Once per round is plenty: it is one UPDATE. */
void
outbox_purge(struct sync *s)
{
	int n = 0;
	if (queue_purge(s->q, &n) < 0)
		klog(KLOG_WARN, "sync",
		     "purge of acknowledged payloads failed; retried next round");
}

void
outbox_depth(struct sync *s)
{
	struct queue_counts c;
	if (queue_counts(s->q, &c) < 0 || c.pending == s->last_depth)
		return;
	s->last_depth = c.pending;
	sync_note_depth(s, c.pending);
}

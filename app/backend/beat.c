/*
 * backend/beat.c - the heartbeat: POST /v1/heartbeat at start and every sync_interval_s (or
 * sync_options.heartbeat_ms), whatever the outbox holds. The backend hears the kiosk is alive,
 * how far behind it is (depth, acknowledged-up-to watermark, rejected count), the audit log's
 * head and the devices' health; its answer (or silence) sets the online state even when there is
 * nothing to send. After an answered heartbeat the reference data is pulled (refsync.c).
 * Runs on the sync worker's thread only.
 */
#include "sync_priv.h"

#include "../../common/kerr.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/audit.h"
#include "../../offline-cache/queue.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEARTBEAT_PATH "/v1/heartbeat"

void
beat_send(struct sync *s)
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
		refsync_pull(s);
		return;
	} else {
		char why[128];
		sync_error_text(&resp, why, sizeof(why));
		sync_set_online(s, false, why);
	}
	kbuf_free(&resp.body);
}

/*
 * sync_priv.h - what the sync worker's files share (app/backend/sync.c, outbox.c, beat.c,
 * refsync.c); nothing outside app/backend/ includes it. The public API is app/sync.h and
 * app/sync_hooks.h.
 *
 * Thread: every function here runs on the worker thread, except where a field says "guarded by
 * lock". struct sync is allocated by sync_start_opts() and freed by sync_stop().
 */
#ifndef KIOSK_SYNC_PRIV_H
#define KIOSK_SYNC_PRIV_H

#include "../../common/config.h"
#include "../../drivers/net.h"
#include "../sync.h"
#include "../sync_hooks.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct queue;
struct queue_item;

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

/* sync.c: the worker's shared helpers */

/* Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))], from the worker's seeded PRNG. */
int64_t sync_backoff(struct sync *s, int attempt);
/* A note to the main loop (or the test hook); the note is built here, the receiver frees it. */
void sync_note_post(struct sync *s, enum sync_note_kind kind, int64_t seq, const char *ref,
                    const char *error);
/* An acknowledgement: the backend's reference and its payment link (or ""). */
struct sync_item_result;
void sync_note_post_ack(struct sync *s, int64_t seq, const struct sync_item_result *r);
void sync_note_depth(struct sync *s, int64_t depth);
/* The online state; a note only on a change. why: for the log and the OFFLINE note. */
void sync_set_online(struct sync *s, bool online, const char *why);
/* *field += n under the lock (the stats are read by other threads). */
void sync_count(struct sync *s, int64_t *field, int64_t n);
bool sync_stopping(struct sync *s);
/* "HTTP 503: busy" from an error answer, control characters replaced; never the request. */
void sync_error_text(const struct net_response *resp, char *out, size_t size);

/* outbox.c: delivery of the outbox */

/* Sends everything due, batch after batch, until nothing is due or a round fails. */
void outbox_round(struct sync *s);
/* Personal data past its retention goes (one UPDATE). */
void outbox_purge(struct sync *s);
/* Posts SYNC_NOTE_DEPTH when the number of waiting transactions changed. */
void outbox_depth(struct sync *s);

/* beat.c: POST /v1/heartbeat when one is due; after an answered one, refsync_pull(). */
void beat_send(struct sync *s);

/* refsync.c: GET /v1/refdata, a newer version stored in one commit. */
void refsync_pull(struct sync *s);

#endif

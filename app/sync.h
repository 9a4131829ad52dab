/*
 * sync.h - the sync worker: delivers the outbox to the ministry backend.
 *
 * One thread with its own queue connection and its own net_dev. It wakes when kicked (a new item
 * was committed) or every [backend] sync_interval_s, sends due items in a batch, records each
 * result in the queue (accepted/duplicate -> acked, rejected -> parked, transport failure ->
 * retry with exponential backoff and full jitter), and posts APP_EV_SYNC notes to the main loop.
 * At start and every sync_interval_s it also sends a heartbeat (queue depth, acknowledged-up-to
 * watermark, rejected count, audit head), so the online badge is right with an empty queue, and
 * it posts SYNC_NOTE_DEPTH whenever the number of waiting transactions changes.
 */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

#include <stdbool.h>
#include <stdint.h>

struct kiosk_config;
struct clock_dev;
struct sync;

enum sync_note_kind {
	SYNC_NOTE_ACKED, /* seq was accepted (or was a duplicate); ref holds the server reference */
	SYNC_NOTE_REJECTED, /* seq was refused; error holds the reason */
	SYNC_NOTE_ONLINE,   /* the backend answered */
	SYNC_NOTE_OFFLINE,  /* the backend could not be reached; error holds why */
	SYNC_NOTE_DEPTH,    /* the number of transactions waiting changed: depth holds it */
};

struct sync_note {
	enum sync_note_kind kind;
	int64_t seq;
	char ref[64];
	char pay_url[192]; /* SYNC_NOTE_ACKED: the backend's payment link, or "" */
	char number[32];   /* SYNC_NOTE_ACKED: a number the ministry gave (registration), or "" */
	char error[128];
	int64_t depth; /* SYNC_NOTE_DEPTH: pending transactions */
};

/*
 * Starts the worker. clock must stay open until sync_stop() returns (its ops are thread-safe).
 * Opens the queue at cfg->cache_database and the net backend cfg->net_backend in the worker.
 */
int sync_start(struct sync **out, const struct kiosk_config *cfg, struct clock_dev *clock);
void sync_kick(struct sync *s); /* any thread */

enum sync_device { SYNC_DEV_CARD = 0, SYNC_DEV_PRINTER, SYNC_DEV_COUNT_ };
enum sync_health { SYNC_HEALTH_UNKNOWN = 0, SYNC_HEALTH_OK, SYNC_HEALTH_FAULT };
/* Records a device's health for the next heartbeat (the backend's view of the kiosk fleet).
 * Any thread; NULL s is a no-op. */
void sync_set_health(struct sync *s, enum sync_device d, enum sync_health h);
void sync_stop(struct sync *s); /* joins the thread; NULL is a no-op */

#endif

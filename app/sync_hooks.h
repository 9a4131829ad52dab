/*
 * sync_hooks.h - extra ways to start and observe the sync worker, for tests and tools.
 * The kiosk itself uses sync.h only; sync_start() is sync_start_opts() with opts NULL.
 */
#ifndef KIOSK_SYNC_HOOKS_H
#define KIOSK_SYNC_HOOKS_H

#include <stdint.h>

#include "sync.h"

struct sync_options {
	/* Called on the worker thread with a malloc'd note the callee must free(), instead of
	 * ui_post(APP_EV_SYNC, note). NULL = ui_post. */
	void (*notify)(struct sync_note *note, void *ctx);
	void *ctx;
	int64_t backoff_base_ms; /* 0 = 1000 */
	int64_t backoff_cap_ms;  /* 0 = 300000 */
	uint64_t seed;           /* 0 = from the clock and the kiosk id */
	int batch_max;           /* 0 = SYNC_BATCH_MAX */
	int64_t heartbeat_ms;    /* 0 = every sync_interval_s; < 0 = no heartbeat */
};

#define SYNC_BATCH_MAX 50

struct sync_stats {
	int64_t requests; /* POSTs attempted */
	int64_t failures; /* of which ended in a transport error, non-2xx or garbled reply */
	int64_t acked;    /* items marked acked (accepted or duplicate) */
	int64_t duplicates;
	int64_t rejected;
	int64_t retried;    /* item retries scheduled */
	int online;         /* -1 unknown, 0 offline, 1 online */
	int64_t heartbeats; /* heartbeats the backend answered */
};

int sync_start_opts(struct sync **out, const struct kiosk_config *cfg, struct clock_dev *clock,
                    const struct sync_options *opts);

/* Copies the counters (any thread). */
void sync_get_stats(struct sync *s, struct sync_stats *out);

/* net_control() on the worker's net_dev (the sim backend's control is thread-safe). KERR_STATE
 * until the worker has opened it. */
int sync_net_control(struct sync *s, const char *cmd);

#endif

/*
 * backend/sync.c - the sync worker (see app/sync.h): its thread, its loop, the public API, and
 * the helpers the other parts share (backoff, notes, the online state, counters).
 *
 * One thread. It owns its queue connection and its net_dev; the rest of the kiosk only kicks
 * it. Each wake-up runs, in order: the heartbeat (beat.c, which pulls the reference data after
 * an answer: refsync.c), the delivery of what is due (outbox.c), the purge of old payloads and
 * the depth note. Notes go to the main loop with ui_post(APP_EV_SYNC) (or the test hook),
 * ONLINE/OFFLINE only on a change. Retries wait with exponential backoff and full jitter (base
 * 1 s, cap 5 min) drawn from a PRNG seeded per kiosk.
 * Where to start: sync_main(); the delivery rules are at the top of outbox.c.
 */
#include "sync_priv.h"
#include "sync_reply.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"
#include "../../drivers/clock.h"
#include "../../drivers/net.h"
#include "../../offline-cache/queue.h"
#include "../../ui/ui.h"
#include "../events.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* splitmix64 */
static uint64_t
sync_rand(struct sync *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t
sync_backoff(struct sync *s, int attempt)
{
	int64_t ceil = s->opt.backoff_base_ms;
	for (int i = 1; i < attempt && ceil < s->opt.backoff_cap_ms; i++)
		ceil *= 2;
	if (ceil > s->opt.backoff_cap_ms)
		ceil = s->opt.backoff_cap_ms;
	return (int64_t)(sync_rand(s) % (uint64_t)(ceil + 1));
}

/* Hands n over: to the test hook, or to the main loop (freed here when it cannot be posted). */
static void
sync_post(struct sync *s, struct sync_note *n)
{
	if (s->opt.notify) {
		s->opt.notify(n, s->opt.ctx);
		return;
	}
	if (ui_post(APP_EV_SYNC, n) < 0)
		free(n);
}

static struct sync_note *
note_new(enum sync_note_kind kind, int64_t seq, const char *ref, const char *error)
{
	struct sync_note *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->seq = seq;
	snprintf(n->ref, sizeof(n->ref), "%s", ref ? ref : "");
	snprintf(n->error, sizeof(n->error), "%s", error ? error : "");
	return n;
}

void
sync_note_post(struct sync *s, enum sync_note_kind kind, int64_t seq, const char *ref,
               const char *error)
{
	sync_post(s, note_new(kind, seq, ref, error));
}

void
sync_note_post_ack(struct sync *s, int64_t seq, const struct sync_item_result *r)
{
	struct sync_note *n = note_new(SYNC_NOTE_ACKED, seq, r->ref, NULL);
	snprintf(n->pay_url, sizeof(n->pay_url), "%s", r->pay_url);
	snprintf(n->number, sizeof(n->number), "%s", r->number);
	sync_post(s, n);
}

void
sync_note_depth(struct sync *s, int64_t depth)
{
	struct sync_note *n = xcalloc(1, sizeof(*n));
	n->kind = SYNC_NOTE_DEPTH;
	n->depth = depth;
	sync_post(s, n);
}

void
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

void
sync_count(struct sync *s, int64_t *field, int64_t n)
{
	pthread_mutex_lock(&s->lock);
	*field += n;
	pthread_mutex_unlock(&s->lock);
}

bool
sync_stopping(struct sync *s)
{
	pthread_mutex_lock(&s->lock);
	bool stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	return stop;
}

void
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
		beat_send(s);
		outbox_round(s);
		outbox_purge(s);
		outbox_depth(s);
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

/*
 * cardmon.c - the card worker thread (see cardmon.h): card_wait() loop, identity read on
 * insertion, notes posted to the main loop. It alone touches the card_dev after start, except
 * card_control()/card_cancel(), which backends make thread-safe.
 */
#define _DEFAULT_SOURCE
#include "cardmon.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../drivers/card.h"
#include "../ui/ui.h"
#include "events.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cardmon {
	struct card_dev dev;
	pthread_t thread;
	atomic_bool stop;
	void (*notify)(void *ctx, struct card_note *n);
	void *notify_ctx;
};

static void
post(struct cardmon *cm, enum card_note_kind kind, int rc, const struct card_identity *id)
{
	struct card_note *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->rc = rc;
	if (id)
		n->id = *id;
	if (cm->notify) {
		cm->notify(cm->notify_ctx, n);
		return;
	}
	if (ui_post(APP_EV_CARD, n) != 0) {
		klog(KLOG_WARN, "card", "event queue full: card note dropped");
		cardmon_note_free(n);
	}
}

static void
read_card(struct cardmon *cm)
{
	uint8_t atr[CARD_ATR_MAX];
	size_t alen = sizeof(atr);
	struct card_identity id;
	int rc;

	post(cm, CARD_NOTE_READING, 0, NULL);
	rc = card_connect(&cm->dev, atr, &alen);
	if (rc == 0)
		rc = card_read_identity(&cm->dev, &card_demo_profile, &id);
	card_disconnect(&cm->dev);
	if (rc) {
		klog(KLOG_WARN, "card", "card read failed: %s", kerr_str(rc));
		post(cm, CARD_NOTE_FAILED, rc, NULL);
		return;
	}
	klog(KLOG_INFO, "card", "identity read");
	post(cm, CARD_NOTE_READ, 0, &id);
	card_identity_wipe(&id);
}

static void *
run(void *arg)
{
	struct cardmon *cm = arg;
	int last_rc = 0;
	while (!atomic_load(&cm->stop)) {
		enum card_event ev;
		int rc = card_wait(&cm->dev, 500, &ev);
		if (rc && rc != KERR_TIMEOUT) {
			if (rc != last_rc)
				post(cm, CARD_NOTE_READER, rc, NULL);
			last_rc = rc;
			usleep(500 * 1000); /* pcscd down or reader gone: retry gently */
			continue;
		}
		if (last_rc) {
			post(cm, CARD_NOTE_READER, 0, NULL);
			last_rc = 0;
		}
		if (ev == CARD_EV_INSERTED)
			read_card(cm);
		else if (ev == CARD_EV_REMOVED)
			post(cm, CARD_NOTE_REMOVED, 0, NULL);
	}
	return NULL;
}

int
cardmon_start(struct cardmon **out, const struct kiosk_config *cfg)
{
	struct cardmon *cm = xcalloc(1, sizeof(*cm));
	int rc = card_open(&cm->dev, cfg);
	*out = NULL;
	if (rc) {
		free(cm);
		return rc;
	}
	if (pthread_create(&cm->thread, NULL, run, cm) != 0) {
		card_close(&cm->dev);
		free(cm);
		return KERR_INTERNAL;
	}
	*out = cm;
	return 0;
}

int
cardmon_control(struct cardmon *cm, const char *cmd)
{
	return card_control(&cm->dev, cmd);
}

void
cardmon_set_notify(struct cardmon *cm, void (*fn)(void *ctx, struct card_note *n), void *ctx)
{
	cm->notify_ctx = ctx;
	cm->notify = fn;
}

void
cardmon_stop(struct cardmon *cm)
{
	if (!cm)
		return;
	atomic_store(&cm->stop, true);
	card_cancel(&cm->dev);
	pthread_join(cm->thread, NULL);
	card_close(&cm->dev);
	free(cm);
}

void
cardmon_note_free(struct card_note *n)
{
	if (!n)
		return;
	card_identity_wipe(&n->id);
	free(n);
}

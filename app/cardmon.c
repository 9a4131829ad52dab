/*
 * cardmon.c - the card worker thread (see cardmon.h): card_wait() loop, identity read +
 * authenticity + PIN tries on insertion, PIN verification on request, notes posted to the main
 * loop. It alone touches the card_dev after start, except card_control()/card_cancel(), which
 * backends make thread-safe. The PIN request slot is the one thing shared, under a mutex.
 */
#define _DEFAULT_SOURCE
#include "cardmon.h"

#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../drivers/card.h"
#include "../drivers/clock.h"
#include "../ui/ui.h"
#include "events.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cardmon {
	struct card_dev dev;
	struct card_profiles profiles;
	struct card_trust *trust;
	struct clock_dev clock;
	pthread_t thread;
	atomic_bool stop;
	void (*notify)(void *ctx, struct card_note *n);
	void *notify_ctx;
	/* the card session (worker thread only) */
	const struct card_profile *prof;
	bool connected;
	/* PIN request slot (any thread, under lock) */
	pthread_mutex_t lock;
	bool session; /* a card is read and connected: PIN requests are accepted */
	bool req;
	char pin[17];
	size_t pin_len;
};

static void
post(struct cardmon *cm, enum card_note_kind kind, int rc, const struct card_identity *id,
     enum card_auth_result auth, int tries)
{
	struct card_note *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->rc = rc;
	n->auth = auth;
	n->tries = tries;
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
set_session(struct cardmon *cm, bool on)
{
	pthread_mutex_lock(&cm->lock);
	cm->session = on;
	if (!on) {
		cm->req = false;
		xwipe(cm->pin, sizeof(cm->pin));
		cm->pin_len = 0;
	}
	pthread_mutex_unlock(&cm->lock);
}

static void
end_card(struct cardmon *cm)
{
	set_session(cm, false);
	if (cm->connected)
		card_disconnect(&cm->dev);
	cm->connected = false;
	cm->prof = NULL;
}

static void
read_card(struct cardmon *cm)
{
	uint8_t atr[CARD_ATR_MAX];
	size_t alen = sizeof(atr);
	struct card_identity id;
	enum card_auth_result auth = CARD_AUTH_UNKNOWN;
	int rc, tries = -2;

	end_card(cm);
	post(cm, CARD_NOTE_READING, 0, NULL, CARD_AUTH_UNKNOWN, -1);
	rc = card_connect(&cm->dev, atr, &alen);
	if (rc)
		goto out_fail;
	cm->connected = true;
	cm->prof = profile_match(&cm->profiles, atr, alen);
	if (!cm->prof) {
		klog(KLOG_WARN, "card", "unknown card: no profile matches its ATR (%zu bytes)",
		     alen);
		rc = KERR_BADCARD;
		goto out_fail;
	}
	if ((rc = card_read_identity(&cm->dev, cm->prof, &id)))
		goto out_fail;
	int64_t now_s = clock_wall_ms(&cm->clock) / 1000;
	if ((rc = card_authenticate(&cm->dev, cm->prof, cm->trust, now_s, &auth))) {
		card_identity_wipe(&id);
		goto out_fail;
	}
	if (cm->prof->has_pin) {
		rc = card_pin_tries(&cm->dev, cm->prof, &tries);
		if (rc && rc != KERR_BLOCKED && rc != KERR_CARD && rc != KERR_NOTFOUND) {
			card_identity_wipe(&id); /* gone or broken mid-session */
			goto out_fail;
		}
		if (rc && rc != KERR_BLOCKED)
			tries = -1; /* the card would not say: the screen shows no count */
	}
	klog(KLOG_INFO, "card", "identity read (profile %s, card %s)", cm->prof->id,
	     card_auth_result_name(auth));
	set_session(cm, true);
	post(cm, CARD_NOTE_READ, 0, &id, auth, tries);
	card_identity_wipe(&id);
	return;
out_fail:
	klog(KLOG_WARN, "card", "card read failed: %s", kerr_str(rc));
	post(cm, CARD_NOTE_FAILED, rc, NULL, cm->prof ? CARD_AUTH_RECOGNISED : CARD_AUTH_UNKNOWN,
	     -1);
	end_card(cm);
}

/* Serves a pending PIN request, if any. */
static void
serve_pin(struct cardmon *cm)
{
	char pin[17];
	size_t len;
	int tries = -1, rc;

	pthread_mutex_lock(&cm->lock);
	if (!cm->req) {
		pthread_mutex_unlock(&cm->lock);
		return;
	}
	memcpy(pin, cm->pin, sizeof(pin));
	len = cm->pin_len;
	xwipe(cm->pin, sizeof(cm->pin));
	cm->req = false;
	pthread_mutex_unlock(&cm->lock);

	rc = cm->connected && cm->prof ? card_pin_verify(&cm->dev, cm->prof, pin, len, &tries)
	                               : KERR_STATE;
	xwipe(pin, sizeof(pin));
	/* a right PIN resets the card's counter: say what it is now ("check my PIN" shows it) */
	if (rc == 0 && card_pin_tries(&cm->dev, cm->prof, &tries) < 0)
		tries = -1;
	klog(KLOG_INFO, "card", "holder verification: %s", rc == 0 ? "accepted" : kerr_name(rc));
	post(cm, CARD_NOTE_PIN, rc, NULL, CARD_AUTH_UNKNOWN, tries);
}

static void *
run(void *arg)
{
	struct cardmon *cm = arg;
	int last_rc = 0;
	while (!atomic_load(&cm->stop)) {
		enum card_event ev;
		serve_pin(cm);
		int rc = card_wait(&cm->dev, 500, &ev);
		if (rc && rc != KERR_TIMEOUT) {
			if (rc != last_rc)
				post(cm, CARD_NOTE_READER, rc, NULL, CARD_AUTH_UNKNOWN, -1);
			if (cm->connected) { /* pcscd or the reader went away mid-session */
				end_card(cm);
				post(cm, CARD_NOTE_REMOVED, 0, NULL, CARD_AUTH_UNKNOWN, -1);
			}
			last_rc = rc;
			usleep(200 * 1000); /* pcscd down or reader gone: retry gently */
			continue;
		}
		if (last_rc) {
			post(cm, CARD_NOTE_READER, 0, NULL, CARD_AUTH_UNKNOWN, -1);
			last_rc = 0;
		}
		if (ev == CARD_EV_INSERTED) {
			read_card(cm);
		} else if (ev == CARD_EV_REMOVED) {
			end_card(cm);
			post(cm, CARD_NOTE_REMOVED, 0, NULL, CARD_AUTH_UNKNOWN, -1);
		} else if (ev == CARD_EV_READER_ADDED || ev == CARD_EV_READER_GONE) {
			post(cm, CARD_NOTE_READER, ev == CARD_EV_READER_GONE ? KERR_NODEV : 0, NULL,
			     CARD_AUTH_UNKNOWN, -1);
		}
	}
	end_card(cm);
	return NULL;
}

int
cardmon_start(struct cardmon **out, const struct kiosk_config *cfg)
{
	struct cardmon *cm = xcalloc(1, sizeof(*cm));
	int rc;
	*out = NULL;
	pthread_mutex_init(&cm->lock, NULL);
	if ((rc = profile_load_dir(cfg->card_profiles, &cm->profiles)))
		goto out_free;
	if (cfg->card_issuer_ca[0] && (rc = card_trust_load(cfg->card_issuer_ca, &cm->trust)))
		goto out_free;
	if ((rc = clock_open(&cm->clock, cfg)))
		goto out_free;
	if ((rc = card_open(&cm->dev, cfg)))
		goto out_clock;
	if (pthread_create(&cm->thread, NULL, run, cm) != 0) {
		rc = KERR_INTERNAL;
		card_close(&cm->dev);
		goto out_clock;
	}
	*out = cm;
	return 0;
out_clock:
	clock_close(&cm->clock);
out_free:
	card_trust_free(cm->trust);
	profile_set_free(&cm->profiles);
	pthread_mutex_destroy(&cm->lock);
	free(cm);
	return rc;
}

int
cardmon_control(struct cardmon *cm, const char *cmd)
{
	return card_control(&cm->dev, cmd);
}

int
cardmon_verify_pin(struct cardmon *cm, const char *pin, size_t len)
{
	int rc = 0;
	if (len >= sizeof(cm->pin))
		return KERR_INVAL;
	pthread_mutex_lock(&cm->lock);
	if (!cm->session) {
		rc = KERR_STATE;
	} else if (cm->req) {
		rc = KERR_BUSY;
	} else {
		memcpy(cm->pin, pin, len);
		cm->pin_len = len;
		cm->req = true;
	}
	pthread_mutex_unlock(&cm->lock);
	if (rc == 0)
		card_cancel(&cm->dev); /* wake the worker out of card_wait() */
	return rc;
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
	clock_close(&cm->clock);
	card_trust_free(cm->trust);
	profile_set_free(&cm->profiles);
	pthread_mutex_destroy(&cm->lock);
	xwipe(cm->pin, sizeof(cm->pin));
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

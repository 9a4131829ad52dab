/*
 * flow.c - the screen state machine (see flow.h). Start at flow_on_action(). The rule that
 * matters most: the transaction is committed to the outbox (txn_submit_visit) before anything
 * about it is printed or shown; printing and sending then proceed on their own.
 */
#include "flow.h"

#include "../common/date.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../drivers/clock.h"
#include "../offline-cache/queue.h"
#include "../offline-cache/refdata.h"
#include "../text/i18n.h"
#include "cardmon.h"
#include "hijri.h"
#include "kiosk.h"
#include "print.h"
#include "receipt.h"
#include "sync.h"
#include "txn.h"

#include <stdio.h>
#include <string.h>

static const char *const screen_names[UI_SCR_COUNT_] = {
        [UI_SCR_ATTRACT] = "attract",     [UI_SCR_READING] = "reading",
        [UI_SCR_WELCOME] = "welcome",     [UI_SCR_WORKING] = "working",
        [UI_SCR_RESULT] = "result",       [UI_SCR_ERROR] = "error",
        [UI_SCR_IDLE_WARN] = "idle-warn", [UI_SCR_PIN] = "pin",
};

const char *
flow_screen_name(enum ui_screen s)
{
	return (unsigned)s < UI_SCR_COUNT_ ? screen_names[s] : "?";
}

static void
go(struct kiosk *k, enum ui_screen s)
{
	if (k->view.screen != s)
		klog(KLOG_DEBUG, "flow", "screen %s -> %s", flow_screen_name(k->view.screen),
		     flow_screen_name(s));
	k->view.screen = s;
}

static void
touch(struct kiosk *k)
{
	k->s.last_input_ms = clock_mono_ms(&k->clock);
}

/* The backend hears the devices' health with the next heartbeat (app/sync.c). */
static void
report_health(struct kiosk *k)
{
	static const enum sync_health map[] = {[UI_DEV_UNKNOWN] = SYNC_HEALTH_UNKNOWN,
	                                       [UI_DEV_OK] = SYNC_HEALTH_OK,
	                                       [UI_DEV_FAULT] = SYNC_HEALTH_FAULT};
	sync_set_health(k->sync, SYNC_DEV_CARD, map[k->view.card_state]);
	sync_set_health(k->sync, SYNC_DEV_PRINTER, map[k->view.printer_state]);
}

void
flow_init(struct kiosk *k)
{
	memset(&k->view, 0, sizeof(k->view));
	memset(&k->s, 0, sizeof(k->s));
	snprintf(k->view.lang, sizeof(k->view.lang), "%s", k->cfg.language);
	k->view.sim_controls = strcmp(k->cfg.card_backend, "sim") == 0;
	k->view.card_state = UI_DEV_OK;
	k->view.printer_state = UI_DEV_UNKNOWN;
	go(k, UI_SCR_ATTRACT);
	touch(k);
	if (k->out_of_service) {
		k->view.msg = UI_MSG_OUT_OF_SERVICE;
		go(k, UI_SCR_ERROR);
	}
}

void
flow_end_session(struct kiosk *k)
{
	if (k->printer && k->s.print_job > 0 && !k->s.printed)
		print_cancel(k->printer, k->s.print_job); /* not for the next person's eyes */
	card_identity_wipe(&k->s.id);
	xwipe(k->s.pin, sizeof(k->s.pin));
	memset(&k->s, 0, sizeof(k->s));
	k->view.pin_len = 0;
	memset(k->view.name_ar, 0, sizeof(k->view.name_ar));
	memset(k->view.name_en, 0, sizeof(k->view.name_en));
	memset(k->view.reference, 0, sizeof(k->view.reference));
	k->view.msg = UI_MSG_NONE;
	k->view.countdown_s = 0;
	/* the next person starts in the kiosk's default language */
	snprintf(k->view.lang, sizeof(k->view.lang), "%s", k->cfg.language);
	if (k->out_of_service) {
		k->view.msg = UI_MSG_OUT_OF_SERVICE;
		go(k, UI_SCR_ERROR);
	} else {
		go(k, UI_SCR_ATTRACT);
	}
	touch(k);
}

void
flow_set_out_of_service(struct kiosk *k, bool out)
{
	if (k->out_of_service == out)
		return;
	k->out_of_service = out;
	flow_end_session(k);
}

static void
fill_receipt(struct kiosk *k, struct receipt *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->kiosk_id, sizeof(r->kiosk_id), "%s", k->cfg.kiosk_id);
	snprintf(r->location, sizeof(r->location), "%.127s", k->cfg.location);
	snprintf(r->title_ar, sizeof(r->title_ar), "%s",
	         i18n_tr(k->i18n, "ar", "receipt.title.visit"));
	snprintf(r->title_en, sizeof(r->title_en), "%s",
	         i18n_tr(k->i18n, "en", "receipt.title.visit"));
	snprintf(r->status, sizeof(r->status), "%s",
	         k->s.sent ? "SUBMITTED" : "QUEUED - NOT YET SENT");
	snprintf(r->reference, sizeof(r->reference), "%s", k->s.reference);
	r->when_ms = clock_wall_ms(&k->clock);
	snprintf(r->name_ar, sizeof(r->name_ar), "%s", k->s.id.name_ar);
	snprintf(r->name_en, sizeof(r->name_en), "%s", k->s.id.name_en);
	card_identity_mask_civil(&k->s.id, r->civil_masked, sizeof(r->civil_masked));
	snprintf(r->items[0].label_ar, sizeof(r->items[0].label_ar), "%s",
	         i18n_tr(k->i18n, "ar", "receipt.item.service_fee"));
	snprintf(r->items[0].label_en, sizeof(r->items[0].label_en), "%s",
	         i18n_tr(k->i18n, "en", "receipt.item.service_fee"));
	r->items[0].amount_baisa = 0;
	r->nitems = 1;
	snprintf(r->type, sizeof(r->type), "%s", "visit-receipt"); /* QR signed by the worker */
	struct civil_date day; /* the backend's Hijri date for this Oman day, if it sent one */
	struct hijri_date h;
	date_oman(r->when_ms, &day);
	if (hijri_for_day(k->queue, &day, &h) == 0)
		snprintf(r->hijri, sizeof(r->hijri), "%04d-%02d-%02d", h.y, h.m, h.d);
}

static void
submit(struct kiosk *k)
{
	struct queue_item it;
	struct receipt r;

	if (k->s.seq) /* already submitted in this session: never twice */
		return;
	char why[96];
	if (!k->view.online &&
	    refdata_offline_allowed(k->queue, "visit-receipt", true, clock_wall_ms(&k->clock), why,
	                            sizeof(why)) == KERR_OFFLINE) {
		klog(KLOG_WARN, "flow", "transaction refused while offline: %s", why);
		k->view.msg = UI_MSG_OUT_OF_SERVICE;
		go(k, UI_SCR_ERROR);
		return;
	}
	int rc = txn_submit_visit(k, &k->s.id, &it);
	if (rc) {
		k->view.msg = UI_MSG_SAVE_FAILED;
		go(k, UI_SCR_ERROR);
		return;
	}
	k->s.seq = it.seq;
	txn_reference(k->cfg.kiosk_id, it.seq, k->s.reference, sizeof(k->s.reference));
	snprintf(k->view.reference, sizeof(k->view.reference), "%s", k->s.reference);
	queue_item_clear(&it);
	if (k->sync)
		sync_kick(k->sync);

	fill_receipt(k, &r);
	int64_t job = k->printer ? print_submit(k->printer, &r) : KERR_NODEV;
	memset(&r, 0, sizeof(r));
	if (job < 0) {
		klog(KLOG_ERR, "flow", "receipt not queued for printing: %s", kerr_str((int)job));
		k->view.msg = UI_MSG_PRINTER_FAULT;
		go(k, UI_SCR_ERROR);
		return;
	}
	k->s.print_job = job;
	go(k, UI_SCR_WORKING);
}

/* The card cannot be used: its holder's data go at once, the message stays until the card is
 * taken out or the person taps finish. */
static void
card_failed(struct kiosk *k, enum ui_msg msg)
{
	flow_end_session(k);
	k->view.msg = msg;
	go(k, UI_SCR_ERROR);
}

void
flow_on_action(struct kiosk *k, enum ui_action a)
{
	touch(k);
	switch (a) {
	case UI_ACT_LANG_TOGGLE:
		snprintf(k->view.lang, sizeof(k->view.lang), "%s",
		         strcmp(k->view.lang, "ar") == 0 ? "en" : "ar");
		break;
	case UI_ACT_PRINT:
		if (k->view.screen == UI_SCR_WELCOME)
			submit(k);
		break;
	case UI_ACT_FINISH:
		if (k->view.screen != UI_SCR_ATTRACT && k->view.screen != UI_SCR_WORKING)
			flow_end_session(k);
		break;
	case UI_ACT_CONTINUE:
		if (k->view.screen == UI_SCR_IDLE_WARN) {
			k->view.countdown_s = 0;
			go(k, k->screen_before_warning);
		}
		break;
	case UI_ACT_SIM_INSERT:
		if (k->cardmon)
			cardmon_control(k->cardmon, "insert");
		break;
	case UI_ACT_SIM_REMOVE:
		if (k->cardmon)
			cardmon_control(k->cardmon, "remove");
		break;
	case UI_ACT_CONTRAST:
		k->view.high_contrast = !k->view.high_contrast;
		break;
	case UI_ACT_LARGE_TEXT:
		k->view.large_text = !k->view.large_text;
		break;
	case UI_ACT_PIN_DIGIT:
		break;    /* digits come through flow_on_pin_digit() */
	case UI_ACT_KEY:  /* on-screen keyboard (ev.key) and list rows: no screen of the */
	case UI_ACT_LIST: /* flow uses them yet (ui/widgets.c, docs/ui.md "Widgets") */
		break;
	case UI_ACT_PIN_BACK:
		if (k->view.screen == UI_SCR_PIN && k->s.pin_len > 0 && !k->s.pin_pending) {
			k->s.pin[--k->s.pin_len] = 0;
			k->view.pin_len = k->s.pin_len;
		}
		break;
	case UI_ACT_PIN_OK:
		if (k->view.screen == UI_SCR_PIN && k->s.pin_len > 0 && !k->s.pin_pending) {
			int rc = k->cardmon ? cardmon_verify_pin(k->cardmon, k->s.pin,
			                                         (size_t)k->s.pin_len)
			                    : KERR_NODEV;
			xwipe(k->s.pin, sizeof(k->s.pin)); /* the worker has its own copy */
			k->s.pin_len = 0;
			k->view.pin_len = 0;
			k->s.pin_pending = rc == 0;
			if (rc)
				card_failed(k, UI_MSG_CARD_UNREADABLE);
		}
		break;
	case UI_ACT_NONE:
		break;
	}
}

void
flow_on_input(struct kiosk *k)
{
	touch(k);
}

void
flow_on_pin_digit(struct kiosk *k, int digit)
{
	touch(k);
	if (k->view.screen != UI_SCR_PIN || k->s.pin_pending || digit < 0 || digit > 9 ||
	    k->s.pin_len >= (int)sizeof(k->s.pin) - 1)
		return;
	k->s.pin[k->s.pin_len++] = (char)('0' + digit);
	k->view.pin_len = k->s.pin_len;
	if (k->view.msg == UI_MSG_PIN_WRONG)
		k->view.msg = UI_MSG_NONE;
}

/* After a card was read: what the person sees next (checks first, then PIN, then welcome). */
static void
card_read(struct kiosk *k, const struct card_note *n)
{
	struct civil_date today;
	date_oman(clock_wall_ms(&k->clock), &today); /* the Oman day, not the UTC one */
	k->s.active = true;
	k->s.id = n->id;
	snprintf(k->view.name_ar, sizeof(k->view.name_ar), "%s", n->id.name_ar);
	snprintf(k->view.name_en, sizeof(k->view.name_en), "%s", n->id.name_en);
	touch(k);
	if (n->auth == CARD_AUTH_NOT_GENUINE) {
		card_failed(k, UI_MSG_CARD_NOT_GENUINE);
	} else if (n->auth == CARD_AUTH_EXPIRED || card_identity_expired(&n->id, &today)) {
		card_failed(k, UI_MSG_CARD_EXPIRED);
	} else if (n->tries == 0) {
		card_failed(k, UI_MSG_PIN_BLOCKED);
	} else if (n->tries != -2) { /* the card has a PIN: ask for it */
		k->view.pin_len = 0;
		k->view.pin_tries_left = n->tries;
		k->view.msg = UI_MSG_NONE;
		go(k, UI_SCR_PIN);
	} else {
		go(k, UI_SCR_WELCOME);
	}
}

static void
pin_answer(struct kiosk *k, const struct card_note *n)
{
	k->s.pin_pending = false;
	if (k->view.screen != UI_SCR_PIN)
		return; /* the session moved on (timeout, card out) */
	if (n->rc == 0) {
		k->view.msg = UI_MSG_NONE;
		go(k, UI_SCR_WELCOME);
	} else if (n->rc == KERR_PIN || n->rc == KERR_INVAL) {
		if (n->rc == KERR_PIN)
			k->view.pin_tries_left = n->tries;
		k->view.msg = UI_MSG_PIN_WRONG;
	} else if (n->rc == KERR_BLOCKED) {
		card_failed(k, UI_MSG_PIN_BLOCKED);
	} else {
		card_failed(k,
		            n->rc == KERR_REMOVED ? UI_MSG_CARD_REMOVED : UI_MSG_CARD_UNREADABLE);
	}
}

void
flow_on_card(struct kiosk *k, const struct card_note *n)
{
	if (k->out_of_service && n->kind != CARD_NOTE_READER)
		return; /* nothing could be recorded: no session starts (the note is wiped by
		           caller) */
	switch (n->kind) {
	case CARD_NOTE_READING:
		if (k->s.active)
			flow_end_session(k); /* a new card: the previous person's data goes first */
		touch(k);
		go(k, UI_SCR_READING);
		break;
	case CARD_NOTE_READ:
		card_read(k, n);
		break;
	case CARD_NOTE_PIN:
		pin_answer(k, n);
		break;
	case CARD_NOTE_FAILED:
		k->view.msg = n->rc == KERR_REMOVED ? UI_MSG_CARD_REMOVED : UI_MSG_CARD_UNREADABLE;
		go(k, UI_SCR_ERROR);
		break;
	case CARD_NOTE_REMOVED:
		flow_end_session(k);
		break;
	case CARD_NOTE_READER:
		k->view.card_state = n->rc ? UI_DEV_FAULT : UI_DEV_OK;
		report_health(k);
		break;
	}
}

void
flow_on_printed(struct kiosk *k, const struct print_result *r)
{
	k->view.printer_state = r->rc ? UI_DEV_FAULT : UI_DEV_OK;
	report_health(k);
	bool waiting = k->view.screen == UI_SCR_WORKING ||
	               (k->view.screen == UI_SCR_ERROR && (k->view.msg == UI_MSG_PRINTER_PAPER ||
	                                                   k->view.msg == UI_MSG_PRINTER_FAULT));
	if (r->pending && r->job != k->s.print_job && k->printer)
		print_cancel(k->printer, r->job); /* kept for a person who has gone: forget it */
	if (r->job != k->s.print_job || !waiting)
		return; /* a session that already ended: nothing on screen to change */
	if (r->rc) {
		k->view.msg = r->rc == KERR_PAPER ? UI_MSG_PRINTER_PAPER : UI_MSG_PRINTER_FAULT;
		go(k, UI_SCR_ERROR);
		return;
	}
	k->s.printed = true;
	k->view.msg = k->s.sent ? UI_MSG_SENT : UI_MSG_QUEUED;
	go(k, UI_SCR_RESULT);
}

void
flow_on_sync(struct kiosk *k, const struct sync_note *n)
{
	switch (n->kind) {
	case SYNC_NOTE_ONLINE:
		k->view.online = true;
		break;
	case SYNC_NOTE_OFFLINE:
		k->view.online = false;
		break;
	case SYNC_NOTE_ACKED:
		k->view.online = true;
		if (k->s.seq && n->seq == k->s.seq) {
			k->s.sent = true;
			if (k->view.screen == UI_SCR_RESULT)
				k->view.msg = UI_MSG_SENT;
		}
		break;
	case SYNC_NOTE_REJECTED:
		break; /* parked for the technician; the person keeps their receipt */
	case SYNC_NOTE_DEPTH:
		k->view.queue_depth = n->depth > 100000 ? 100000 : (int)n->depth;
		break;
	}
}

void
flow_tick(struct kiosk *k)
{
	if (k->view.screen == UI_SCR_ATTRACT)
		return;
	int64_t idle = clock_mono_ms(&k->clock) - k->s.last_input_ms;
	int64_t timeout = (int64_t)k->cfg.idle_timeout_s * 1000;
	int64_t warn_at = timeout - (int64_t)k->cfg.idle_warning_s * 1000;
	if (k->view.screen == UI_SCR_WORKING)
		return; /* never interrupt a print in progress */
	if (idle >= timeout) {
		klog(KLOG_INFO, "flow", "session ended after %d s without input",
		     k->cfg.idle_timeout_s);
		flow_end_session(k);
	} else if (idle >= warn_at) {
		if (k->view.screen != UI_SCR_IDLE_WARN)
			k->screen_before_warning = k->view.screen;
		k->view.countdown_s = (int)((timeout - idle + 999) / 1000);
		go(k, UI_SCR_IDLE_WARN);
	}
}

/*
 * cardmon.h - the card worker: one thread that owns the card_dev, waits for card events, reads
 * the holder's identity when a card arrives, and posts APP_EV_CARD notes to the main loop.
 */
#ifndef KIOSK_CARDMON_H
#define KIOSK_CARDMON_H

#include "../drivers/card/identity.h"

struct kiosk_config;
struct cardmon;

enum card_note_kind {
	CARD_NOTE_READING, /* a card arrived; the read started */
	CARD_NOTE_READ,    /* identity read: note->id holds it */
	CARD_NOTE_FAILED,  /* the card could not be read: note->rc says why */
	CARD_NOTE_REMOVED, /* the card left the reader */
	CARD_NOTE_READER,  /* reader state changed: note->rc 0 = available, else why not */
};

struct card_note {
	enum card_note_kind kind;
	int rc;
	struct card_identity id; /* personal data: cardmon_note_free() wipes it */
};

/* Opens the card backend (errors here are configuration errors: start-up stops) and starts the
 * thread. Caller owns *out: cardmon_stop(). */
int cardmon_start(struct cardmon **out, const struct kiosk_config *cfg);
/* Simulator control ("insert", "remove", ...): any thread. KERR_NOTSUP on a real reader. */
int cardmon_control(struct cardmon *cm, const char *cmd);
void cardmon_stop(struct cardmon *cm);       /* wakes and joins the thread; NULL is a no-op */
void cardmon_note_free(struct card_note *n); /* wipes and frees; NULL is a no-op */

/* Test hook: deliver notes to fn instead of ui_post() (fn takes ownership). */
void cardmon_set_notify(struct cardmon *cm, void (*fn)(void *ctx, struct card_note *n), void *ctx);

#endif

/*
 * cardmon.h - the card worker: one thread that owns the card_dev, waits for card events (reader
 * hotplug and pcscd restarts included), reads the holder's identity when a card arrives (profile
 * chosen by ATR), checks authenticity, asks how many PIN tries are left, keeps the card connected
 * for the session, verifies the PIN on request, and posts APP_EV_CARD notes to the main loop.
 */
#ifndef KIOSK_CARDMON_H
#define KIOSK_CARDMON_H

#include <stddef.h>

#include "../drivers/card/cardsec.h"
#include "../drivers/card/identity.h"

struct kiosk_config;
struct cardmon;

enum card_note_kind {
	CARD_NOTE_READING, /* a card arrived; the read started */
	CARD_NOTE_READ,    /* identity read: id, auth, tries */
	CARD_NOTE_FAILED,  /* the card could not be read: rc says why (auth UNKNOWN: no profile) */
	CARD_NOTE_REMOVED, /* the card left the reader */
	CARD_NOTE_READER,  /* reader state changed: rc 0 = available, else why not */
	CARD_NOTE_PIN, /* answer to cardmon_verify_pin(): rc 0 / KERR_PIN / KERR_BLOCKED; tries */
};

struct card_note {
	enum card_note_kind kind;
	int rc;
	struct card_identity id;    /* personal data: cardmon_note_free() wipes it */
	enum card_auth_result auth; /* CARD_NOTE_READ / FAILED */
	int tries; /* PIN tries left (READ: before typing; PIN: after); -1 unknown, -2 no PIN */
};

/* Opens the card backend and loads the card profiles and issuer CAs (errors here are
 * configuration errors: start-up stops) and starts the thread. Caller owns *out: cardmon_stop(). */
int cardmon_start(struct cardmon **out, const struct kiosk_config *cfg);
/* Simulator control ("insert", "remove", ...): any thread. KERR_NOTSUP on a real reader. */
int cardmon_control(struct cardmon *cm, const char *cmd);
/* Asks the worker to VERIFY pin (len digits) on the card of the current session; the answer
 * comes as CARD_NOTE_PIN. The PIN is copied and the copy wiped after use; the caller wipes its
 * own buffer. KERR_STATE when no card session is open, KERR_BUSY when a request is pending. */
int cardmon_verify_pin(struct cardmon *cm, const char *pin, size_t len);
void cardmon_stop(struct cardmon *cm);       /* wakes and joins the thread; NULL is a no-op */
void cardmon_note_free(struct card_note *n); /* wipes and frees; NULL is a no-op */

/* Test hook: deliver notes to fn instead of ui_post() (fn takes ownership). */
void cardmon_set_notify(struct cardmon *cm, void (*fn)(void *ctx, struct card_note *n), void *ctx);

#endif

/*
 * session.h - the person (or two people) in front of the kiosk, from the first card read to the
 * end of the session, and the bag of values a service collects.
 *
 * A session holds up to two parties: party 0 signed in with their card and PIN; party 1 is the
 * second person a SECOND_PARTY step asks for (a worker consenting to a transfer). Each party has
 * the identity from their card, whether their PIN was verified, and their roles. The bag is one
 * JSON object with the shape services/svc.h describes ("party", "signin", "establishment",
 * "form", answers); the engine and the services read it by path.
 *
 * Everything here is personal data. session_end() wipes it all: the identities, the typed PIN,
 * and every string and number in the bag, zeroed before the memory is freed (so nothing of the
 * person survives in freed heap either); session_json_alloc_init() makes jansson zero every
 * block it frees, which also covers its parser's scratch buffers. Never log a field.
 *
 * Thread: the main thread (the engine) only.
 */
#ifndef KIOSK_SESSION_H
#define KIOSK_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "../../drivers/card/cardsec.h"
#include "../../drivers/card/identity.h"

#define SESSION_PARTIES 2
#define SESSION_PIN_MAX 16

struct session_party {
	struct card_identity id;
	enum card_auth_result auth;
	bool pin_ok;    /* the card's PIN was verified (or the card has none) */
	unsigned roles; /* SVC_ROLE_* from the sign-in; 0 until then */
};

struct session {
	bool active; /* a card was read: a session is under way */
	int nparties;
	struct session_party party[SESSION_PARTIES];
	json_t *bag;                   /* owned; NULL when not active */
	char pin[SESSION_PIN_MAX + 1]; /* digits typed on the keypad, wiped when sent */
	int pin_len;
	char lang[4]; /* "ar" or "en": the person's language */
};

/* Makes jansson zero every block before freeing it (process-wide; call once before any JSON
 * is made, from main() or a test). */
void session_json_alloc_init(void);

/* Starts a session in lang with an empty bag. A session still active is ended first. */
void session_start(struct session *s, const char *lang);

/* Adds the next party from their card (copied; also into the bag's "party" array). Returns its
 * index (0 or 1), or KERR_FULL when both parties are there. */
int session_add_party(struct session *s, const struct card_identity *id,
                      enum card_auth_result auth);

/* Removes the last party (a second person who took their card back): wiped. */
void session_drop_party(struct session *s);

/* Records party i's roles (SVC_ROLE_* bits) and role names in the bag ("party.<i>.roles"). */
void session_set_roles(struct session *s, int i, unsigned roles, const char *const *names,
                       int nnames);

/* Puts value (stolen) under key in the bag, replacing (and wiping) what was there. */
int session_put(struct session *s, const char *key, json_t *value);

/* Removes key from the bag, wiping it. */
void session_del(struct session *s, const char *key);

/* The value at path in the bag (svc_get()), NULL when absent. Borrowed until it changes. */
const json_t *session_get(const struct session *s, const char *path);

/* A string at path, or NULL. */
const char *session_str(const struct session *s, const char *path);

/* Ends the session: every personal byte zeroed, the bag wiped and freed, active false. */
void session_end(struct session *s);

/* Zeroes every string and integer inside j (in place, keys left), before it is released. */
void json_wipe(json_t *j);

/* json_decref() after json_wipe(). NULL is a no-op. */
void json_wipe_decref(json_t *j);

#endif

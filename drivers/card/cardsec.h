/*
 * cardsec.h - the card's PIN and authenticity, per its profile (profile.h). Used by the card
 * worker thread on a connected card; the trust store may be shared read-only between threads.
 *
 * PIN: VERIFY with the profile's reference and padding. The PIN is never stored, logged or kept:
 * the padded copy is wiped before return; the caller wipes its own buffer.
 *
 * Authenticity (offline): the card certificate (a file named by the profile) is verified against
 * the configured issuer CA certificates with OpenSSL at the given time, then the card signs a
 * fresh random challenge with INTERNAL AUTHENTICATE (SHA-256, ECDSA or RSA), checked with the
 * certificate's public key. A card can only prove what its profile knows how to ask.
 */
#ifndef KIOSK_CARDSEC_H
#define KIOSK_CARDSEC_H

#include <stddef.h>
#include <stdint.h>

struct card_dev;
struct card_profile;
struct card_trust;

enum card_auth_result {
	CARD_AUTH_UNKNOWN = 0, /* no profile matches this card */
	CARD_AUTH_RECOGNISED,  /* a profile matches, but no proof is possible (no method or CA) */
	CARD_AUTH_GENUINE,     /* certificate chains to an issuer CA and the card signed */
	CARD_AUTH_EXPIRED,     /* the chain is right but the card certificate has expired */
	CARD_AUTH_NOT_GENUINE, /* bad chain, bad signature, or the card refused */
};

const char *card_auth_result_name(enum card_auth_result r); /* "genuine", "not-genuine", ... */

/* Tries left before the PIN blocks (VERIFY without data). *tries = -1 when the PIN is already
 * verified in this card session. 0, KERR_BLOCKED (*tries = 0), KERR_NOTSUP (the profile has no
 * PIN), or a transport/card error. */
int card_pin_tries(struct card_dev *dev, const struct card_profile *p, int *tries);

/* VERIFY pin (len digits). 0 = right; KERR_PIN = wrong, *tries = tries left; KERR_BLOCKED;
 * KERR_INVAL = length outside the profile's range or non-digits (nothing sent to the card). */
int card_pin_verify(struct card_dev *dev, const struct card_profile *p, const char *pin, size_t len,
                    int *tries);

/* Loads issuer CA certificates (a PEM bundle). Caller frees with card_trust_free(). */
int card_trust_load(const char *pem_path, struct card_trust **out);
void card_trust_free(struct card_trust *t); /* NULL is a no-op */

/* Checks the card is genuine at time now_s (seconds since the epoch; the kiosk's clock). p NULL
 * gives UNKNOWN; trust NULL or a profile without a method gives RECOGNISED. Returns 0 with
 * *res set, or a transport error (card removed, reader gone). */
int card_authenticate(struct card_dev *dev, const struct card_profile *p,
                      const struct card_trust *trust, int64_t now_s, enum card_auth_result *res);

#endif

/*
 * receipt_sign.h - the signed QR payload of a receipt: compact fields (reference, type, time,
 * kiosk id, status) signed with the kiosk's Ed25519 key (OpenSSL EVP), so a receipt can be
 * checked offline (`kiosk-receipt verify`, the kiosk's public key) and online (the verification
 * URL in front of the payload).
 *
 *   payload  MOL1~<reference>~<type>~<unix seconds>~<kiosk id>~<status code>~<signature>
 *   QR text  <verify_url>?p=<payload>       (or the bare payload when verify_url is empty)
 *
 * Fields hold only [A-Za-z0-9_-] (so '~' separates and the payload needs no URL escaping); the
 * signature is base64url without padding of Ed25519 over every byte before the last '~', and
 * "-" when the kiosk has no key (an unsigned payload never verifies). Status codes: S submitted,
 * Q queued, F failed, R rejected, A accepted, X other.
 *
 * A receipt_signer is used by one thread (the print worker); the functions keep no state.
 */
#ifndef KIOSK_RECEIPT_SIGN_H
#define KIOSK_RECEIPT_SIGN_H

#include <stddef.h>
#include <stdint.h>

struct receipt;
struct receipt_signer;

#define RECEIPT_PAYLOAD_MAX 240

/* Loads a PEM Ed25519 private key. KERR_NOTFOUND (no file), KERR_CONFIG (not Ed25519 / bad). */
int receipt_signer_open(struct receipt_signer **out, const char *key_path);
void receipt_signer_free(struct receipt_signer *s); /* NULL no-op */

/*
 * The payload of r into out (size >= RECEIPT_PAYLOAD_MAX), signed when s is not NULL.
 * KERR_INVAL when a field is empty or holds a character outside [A-Za-z0-9_-], KERR_TOOBIG.
 */
int receipt_payload(struct receipt_signer *s, const struct receipt *r, char *out, size_t size);

/* "<url>?p=<payload>", or the payload alone for an empty url. KERR_TOOBIG. */
int receipt_qr_text(const char *url, const char *payload, char *out, size_t size);

/* What a checked payload says. */
struct receipt_claims {
	char reference[32];
	char type[32];
	int64_t when_s;
	char kiosk_id[64];
	char status; /* 'S', 'Q', ... */
};

/*
 * Checks text (a QR text: a payload, alone or after "...?p=") against the PEM public key at
 * pub_path (a private key file works too: its public half is used). 0 and *claims filled when
 * the signature is good; KERR_REJECTED for a bad or missing signature (claims still filled from
 * the fields), KERR_INVAL for a malformed payload, KERR_NOTFOUND/KERR_CONFIG for the key.
 */
int receipt_verify(const char *pub_path, const char *text, struct receipt_claims *claims);

#endif

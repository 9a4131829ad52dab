/*
 * vcard.h - a virtual ID card: a card image file (INI) and the APDU responder that answers for it.
 *
 * Used in process by the "sim" card backend and by tools/virtual-card behind vsmartcard's vpcd.
 * The image names a card profile (profile.h); its files are built from the image's identity
 * values laid out and encoded as that profile says. It answers like a T=0 card: SELECT by AID and
 * by file id (FCP with the file size when P2=00), READ BINARY, GET RESPONSE (61xx when data is
 * waiting and no Le was sent, or always in "chunk61" mode), VERIFY with a tries counter (63Cx,
 * 6983), INTERNAL AUTHENTICATE signed with the card key (ECDSA/RSA, SHA-256), 6A82 for unknown
 * files, 6B00 past the end, 6D00 unknown instructions. Images hold invented demo people only.
 *
 * Image format (see docs/card.md):
 *   [card]     label, atr, profile (profile id)
 *   [identity] civil_number name_ar name_en nationality sex birth expiry card_serial
 *              (UTF-8 text, dates YYYYMMDD)
 *   [pin]      value, tries (left now), max_tries
 *   [auth]     key, certificate (PEM files, relative to the image's folder)
 *
 * A vcard is not thread-safe: its owner serialises calls.
 */
#ifndef KIOSK_VCARD_H
#define KIOSK_VCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vcard;
struct card_profiles;

/* Loads an image, laying its data out per the profile it names (looked up in profiles). Errors
 * (with line numbers) are logged. Caller frees with vcard_free(). */
int vcard_load(const char *path, const struct card_profiles *profiles, struct vcard **out);
void vcard_free(struct vcard *vc); /* wipes the data; NULL is a no-op */

const char *vcard_label(const struct vcard *vc); /* borrowed while vc lives */
/* Copies the ATR; *len in/out. */
int vcard_atr(const struct vcard *vc, uint8_t *atr, size_t *len);
/* Power-on/reset: forgets the selection, the verified PIN and pending data. */
void vcard_reset(struct vcard *vc);
/* Answers one C-APDU with data + SW1 SW2 into resp (cap *rlen >= 258). */
int vcard_apdu(struct vcard *vc, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen);

/*
 * Behaviour switches (fault injection), by name:
 *   "chunk61 N"     every answer with data comes as 61xx, then GET RESPONSE in chunks of N
 *   "fci off"       SELECT gives no FCP (the reader must read to the end of the file)
 *   "wrong_length"  READ BINARY answers one byte more than asked
 *   "garbage"       every APDU is answered with junk bytes (a deterministic sequence)
 *   "normal"        all of the above off
 * KERR_INVAL for an unknown switch.
 */
int vcard_behave(struct vcard *vc, const char *spec);
/* PIN tries left now (for tests and the tool's log). */
int vcard_pin_tries(const struct vcard *vc);

#endif

/*
 * vcard.h - a virtual ID card: a card image file (INI) and the APDU responder that answers for it.
 *
 * Used in process by the "sim" card backend, and later by tools/virtual-card behind vsmartcard's
 * vpcd. It implements just what the identity read needs (SELECT by AID, SELECT EF, READ BINARY,
 * GET RESPONSE), answering like a real card: 6A82 for unknown files, 6B00 past the end, 6D00 for
 * unknown instructions. The image holds invented demo people only.
 */
#ifndef KIOSK_VCARD_H
#define KIOSK_VCARD_H

#include <stddef.h>
#include <stdint.h>

struct vcard;

/* Loads an image file; errors (with line numbers) are logged. Caller frees with vcard_free(). */
int vcard_load(const char *path, struct vcard **out);
void vcard_free(struct vcard *vc); /* wipes the data; NULL is a no-op */

const char *vcard_label(const struct vcard *vc); /* borrowed while vc lives */
/* Copies the ATR; *len in/out. */
int vcard_atr(const struct vcard *vc, uint8_t *atr, size_t *len);
/* Power-on/reset: forgets the selection. */
void vcard_reset(struct vcard *vc);
/* Answers one C-APDU with data + SW1 SW2 into resp (cap *rlen >= 258). */
int vcard_apdu(struct vcard *vc, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen);

#endif

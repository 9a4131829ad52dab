/*
 * tlv.h - a strict BER-TLV reader for card data (outside input: everything is bounds-checked).
 * Tags up to 3 bytes, lengths in short form or 0x81/0x82 long form. Truncation, overlong lengths,
 * indefinite lengths and trailing garbage are errors (KERR_BADCARD), never guesses.
 */
#ifndef KIOSK_TLV_H
#define KIOSK_TLV_H

#include <stddef.h>
#include <stdint.h>

struct tlv {
	uint32_t tag;       /* e.g. 0x5F20 */
	const uint8_t *val; /* borrowed from the input buffer */
	size_t len;
};

/* Reads the TLV at buf[*pos]; advances *pos past it. 0, or KERR_BADCARD when malformed. */
int tlv_next(const uint8_t *buf, size_t len, size_t *pos, struct tlv *out);

/* Checks that buf is a well-formed sequence of TLVs with no tag repeated (top level only). */
int tlv_validate(const uint8_t *buf, size_t len);

/* Finds tag at the top level. KERR_NOTFOUND when absent, KERR_BADCARD when buf is malformed. */
int tlv_find(const uint8_t *buf, size_t len, uint32_t tag, struct tlv *out);

#endif

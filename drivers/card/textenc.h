/*
 * textenc.h - text encodings found on ID cards, converted to and from UTF-8 with small fixed
 * tables (no iconv, no locale): ASCII, digits, UTF-8 (strictly validated), Windows-1256,
 * ISO-8859-6 and UCS-2 big-endian. Card text is outside input: every decoder rejects control
 * characters, unmapped bytes, malformed sequences and surrogates with KERR_BADCARD.
 * Pure functions; any thread.
 */
#ifndef KIOSK_TEXTENC_H
#define KIOSK_TEXTENC_H

#include <stddef.h>
#include <stdint.h>

enum textenc {
	TEXTENC_ASCII = 0, /* printable ASCII */
	TEXTENC_DIGITS,    /* '0'..'9' only */
	TEXTENC_UTF8,
	TEXTENC_CP1256,    /* Windows-1256 (Arabic) */
	TEXTENC_ISO8859_6, /* ISO-8859-6 (Arabic) */
	TEXTENC_UCS2BE,    /* UCS-2, big-endian, BMP only */
};

/* "utf-8" -> TEXTENC_UTF8 etc.; -1 when unknown. Names: ascii digits utf-8 windows-1256
 * iso-8859-6 ucs-2 (aliases cp1256, ucs-2be). */
int textenc_by_name(const char *name);
const char *textenc_name(enum textenc e);

/* Decodes n bytes to NUL-terminated UTF-8 in out (size bytes). Trailing 0x00/0xFF/space padding
 * (0x0000/0xFFFF for UCS-2) is dropped first. KERR_BADCARD on invalid input, KERR_TOOBIG when the
 * text does not fit. An empty result is allowed (the caller decides whether it is required). */
int textenc_decode(enum textenc e, const uint8_t *in, size_t n, char *out, size_t size);

/* Encodes NUL-terminated UTF-8 into e (for the virtual card). KERR_INVAL when a character has no
 * code in e, KERR_TOOBIG when cap is too small. */
int textenc_encode(enum textenc e, const char *utf8, uint8_t *out, size_t cap, size_t *n);

#endif

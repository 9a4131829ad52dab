/*
 * textenc.c - card text encodings <-> UTF-8 (see textenc.h). The two Arabic single-byte tables
 * cover 0x80..0xFF (Windows-1256) and 0xA0..0xFF (ISO-8859-6); 0 marks an unassigned byte.
 */
#include "textenc.h"

#include "../../common/kerr.h"
#include "../../common/utf8.h"

#include <stdbool.h>
#include <string.h>

static const uint16_t cp1256_hi[128] = {
        0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0679,
        0x2039, 0x0152, 0x0686, 0x0698, 0x0688, 0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA, 0x00A0,
        0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x06BE, 0x00AB,
        0x00AC, 0x00AD, 0x00AE, 0x00AF, 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6,
        0x00B7, 0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F, 0x06C1, 0x0621,
        0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B, 0x062C,
        0x062D, 0x062E, 0x062F, 0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7,
        0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643, 0x00E0, 0x0644, 0x00E2,
        0x0645, 0x0646, 0x0647, 0x0648, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A,
        0x00EE, 0x00EF, 0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7, 0x0651,
        0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2,
};

static const uint16_t iso8859_6_hi[96] = {
        0x00A0, 0x0000, 0x0000, 0x0000, 0x00A4, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x060C, 0x00AD, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x061B, 0x0000, 0x0000, 0x0000, 0x061F, 0x0000,
        0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B,
        0x062C, 0x062D, 0x062E, 0x062F, 0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636,
        0x0637, 0x0638, 0x0639, 0x063A, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0640, 0x0641,
        0x0642, 0x0643, 0x0644, 0x0645, 0x0646, 0x0647, 0x0648, 0x0649, 0x064A, 0x064B, 0x064C,
        0x064D, 0x064E, 0x064F, 0x0650, 0x0651, 0x0652, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
};

static const char *const names[] = {
        [TEXTENC_ASCII] = "ascii",          [TEXTENC_DIGITS] = "digits",
        [TEXTENC_UTF8] = "utf-8",           [TEXTENC_CP1256] = "windows-1256",
        [TEXTENC_ISO8859_6] = "iso-8859-6", [TEXTENC_UCS2BE] = "ucs-2",
};

int
textenc_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	if (strcmp(name, "cp1256") == 0)
		return TEXTENC_CP1256;
	if (strcmp(name, "ucs-2be") == 0)
		return TEXTENC_UCS2BE;
	return -1;
}

const char *
textenc_name(enum textenc e)
{
	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

/* Appends code point cp as UTF-8; false when it does not fit (room for the NUL kept). */
static bool
put_utf8(uint32_t cp, char *out, size_t size, size_t *o)
{
	char b[UTF8_MAX];
	int k = utf8_encode(cp, b);
	if (k < 0 || size - *o <= (size_t)k)
		return false;
	memcpy(out + *o, b, (size_t)k);
	*o += (size_t)k;
	return true;
}

/* Reads one UTF-8 code point at s[*i] (strict: no overlongs, surrogates or > U+10FFFF). */
static int
get_utf8(const uint8_t *s, size_t n, size_t *i, uint32_t *out)
{
	size_t used;
	if (utf8_next((const char *)s + *i, n - *i, out, &used) < 0)
		return KERR_BADCARD;
	*i += used;
	return 0;
}

static uint32_t
single_byte(enum textenc e, uint8_t b)
{
	if (b < 0x80)
		return b;
	if (e == TEXTENC_CP1256)
		return cp1256_hi[b - 0x80];
	if (e == TEXTENC_ISO8859_6 && b >= 0xA0)
		return iso8859_6_hi[b - 0xA0];
	return 0;
}

int
textenc_decode(enum textenc e, const uint8_t *in, size_t n, char *out, size_t size)
{
	size_t i = 0, o = 0;
	uint32_t cp;

	if (size == 0)
		return KERR_TOOBIG;
	out[0] = 0;
	if (e == TEXTENC_UCS2BE) {
		if (n % 2)
			return KERR_BADCARD;
		while (n >= 2 && ((in[n - 2] == 0 && in[n - 1] == 0) ||
		                  (in[n - 2] == 0xFF && in[n - 1] == 0xFF)))
			n -= 2;
	} else {
		while (n && (in[n - 1] == 0 || in[n - 1] == 0xFF || in[n - 1] == ' '))
			n--;
	}
	while (i < n) {
		switch (e) {
		case TEXTENC_UCS2BE:
			cp = (uint32_t)in[i] << 8 | in[i + 1];
			i += 2;
			if (cp >= 0xD800 && cp <= 0xDFFF)
				goto out_bad;
			break;
		case TEXTENC_UTF8:
			if (get_utf8(in, n, &i, &cp))
				goto out_bad;
			break;
		case TEXTENC_ASCII:
		case TEXTENC_DIGITS:
			cp = in[i++];
			if (cp > 0x7E || (e == TEXTENC_DIGITS && (cp < '0' || cp > '9')))
				goto out_bad;
			break;
		default:
			cp = single_byte(e, in[i++]);
			if (cp == 0)
				goto out_bad;
			break;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			goto out_bad; /* no control characters in card text */
		if (!put_utf8(cp, out, size, &o)) {
			out[0] = 0;
			return KERR_TOOBIG;
		}
	}
	out[o] = 0;
	return 0;
out_bad:
	memset(out, 0, size);
	return KERR_BADCARD;
}

int
textenc_encode(enum textenc e, const char *utf8, uint8_t *out, size_t cap, size_t *n)
{
	const uint8_t *s = (const uint8_t *)utf8;
	size_t len = strlen(utf8), i = 0, o = 0;
	uint32_t cp;

	*n = 0;
	while (i < len) {
		if (get_utf8(s, len, &i, &cp))
			return KERR_INVAL;
		if (e == TEXTENC_UTF8) {
			char tmp[5];
			size_t k = 0;
			put_utf8(cp, tmp, sizeof(tmp), &k);
			if (cap - o < k)
				return KERR_TOOBIG;
			memcpy(out + o, tmp, k);
			o += k;
			continue;
		}
		if (e == TEXTENC_UCS2BE) {
			if (cp > 0xFFFF)
				return KERR_INVAL;
			if (cap - o < 2)
				return KERR_TOOBIG;
			out[o++] = (uint8_t)(cp >> 8);
			out[o++] = (uint8_t)cp;
			continue;
		}
		int b = -1;
		if (cp < 0x80)
			b = (int)cp;
		for (int c = 0x80; b < 0 && c < 0x100; c++)
			if (single_byte(e, (uint8_t)c) == cp)
				b = c;
		if (b < 0 || ((e == TEXTENC_ASCII || e == TEXTENC_DIGITS) && b > 0x7E))
			return KERR_INVAL;
		if (cap - o < 1)
			return KERR_TOOBIG;
		out[o++] = (uint8_t)b;
	}
	*n = o;
	return 0;
}

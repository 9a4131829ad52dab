/*
 * textedit.c - append / backspace-by-cluster / digit normalisation for keyboard-typed fields
 * (see textedit.h). The cluster rule is the part of UAX #29 a kiosk meets: a base followed by
 * Extend characters (combining marks, harakat, ZWJ/ZWNJ, variation selectors, emoji skin-tone
 * modifiers), and ZWJ sequences (emoji). No Hangul or regional-indicator rules: the keyboards
 * cannot type those.
 */
#include "textedit.h"

#include "common/kerr.h"
#include "common/utf8.h"

#include <string.h>

int
textedit_append(char *buf, size_t size, uint32_t cp)
{
	char enc[UTF8_MAX];
	if (!buf || !size || cp < 0x20 || cp == 0x7F)
		return KERR_INVAL;
	int k = utf8_encode(cp, enc); /* refuses surrogates and > U+10FFFF */
	if (k < 0)
		return KERR_INVAL;
	size_t n = strlen(buf);
	if (n + (size_t)k + 1 > size)
		return KERR_FULL;
	memcpy(buf + n, enc, (size_t)k);
	buf[n + (size_t)k] = '\0';
	return 0;
}

/* The code point that ends at buf[end) and where it starts; a malformed byte is itself. */
static uint32_t
last_cp(const char *buf, size_t end, size_t *start)
{
	size_t s = end - 1, used;
	uint32_t c;
	while (s > 0 && end - s < UTF8_MAX && ((unsigned char)buf[s] & 0xC0) == 0x80)
		s--;
	if (utf8_next(buf + s, end - s, &c, &used) < 0 || used != end - s) {
		*start = end - 1; /* malformed: take one byte */
		return 0xFFFD;
	}
	*start = s;
	return c;
}

static bool
is_extend(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) ||
	       (c >= 0x0591 && c <= 0x05BD) || (c >= 0x0610 && c <= 0x061A) ||
	       (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
	       (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8 ||
	       (c >= 0x06EA && c <= 0x06ED) || (c >= 0x08D3 && c <= 0x08FF && c != 0x08E2) ||
	       c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) ||
	       (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x1F3FB && c <= 0x1F3FF) ||
	       (c >= 0xE0100 && c <= 0xE01EF);
}

size_t
textedit_backspace(char *buf)
{
	if (!buf || !buf[0])
		return 0;
	size_t len = strlen(buf), end = len, s;
	for (;;) {
		/* trailing extenders, then the base they belong to */
		uint32_t c = last_cp(buf, end, &s);
		while (is_extend(c) && s > 0) {
			end = s;
			c = last_cp(buf, end, &s);
		}
		end = s; /* the base */
		if (end == 0)
			break;
		/* joined to the previous character by a ZWJ (an emoji sequence): take that too */
		size_t s2;
		if (last_cp(buf, end, &s2) == 0x200D && s2 > 0) {
			end = s2;
			continue;
		}
		break;
	}
	buf[end] = '\0';
	return len - end;
}

int
textedit_ascii_digits(const char *in, char *out, size_t size)
{
	size_t o = 0;
	int digits = 0;
	if (!out || !size)
		return KERR_TOOBIG;
	for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p;) {
		/* U+0660..0669 = D9 A0..A9; U+06F0..06F9 = DB B0..B9 */
		if ((p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9) ||
		    (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9)) {
			if (o + 1 >= size)
				goto out_full;
			out[o++] = (char)('0' + (p[1] & 0x0F));
			digits++;
			p += 2;
			continue;
		}
		if (o + 1 >= size)
			goto out_full;
		digits += *p >= '0' && *p <= '9';
		out[o++] = (char)*p++;
	}
	out[o] = '\0';
	return digits;

out_full:
	out[0] = '\0';
	return KERR_TOOBIG;
}

bool
textedit_is_number(const char *s, int min_len, int max_len)
{
	char ascii[128];
	int n = textedit_ascii_digits(s, ascii, sizeof(ascii));
	if (n < 0 || (size_t)n != strlen(ascii))
		return false;
	return n >= min_len && n <= max_len;
}

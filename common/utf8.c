/*
 * utf8.c - the strict UTF-8 decoder, validator and encoder (see utf8.h).
 *
 * The decoder reads the lead byte's announced length, takes continuation bytes while they come,
 * and only then judges the value (overlong, surrogate, > U+10FFFF), so one bad sequence is
 * skipped as one unit: that is what the text engine has always shown as a single U+FFFD.
 */
#include "utf8.h"

#include "kerr.h"

#include <string.h>

int
utf8_next(const char *s, size_t len, uint32_t *cp, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[0], min;
	size_t more, i;

	*cp = 0xFFFD;
	*used = 1;
	if (c < 0x80) {
		*cp = c;
		return 0;
	}
	if ((c & 0xE0) == 0xC0) {
		more = 1;
		c &= 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		more = 2;
		c &= 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		more = 3;
		c &= 0x07;
		min = 0x10000;
	} else {
		return KERR_INVAL; /* a continuation byte, or 0xF8..0xFF */
	}
	for (i = 1; i <= more && i < len && (p[i] & 0xC0) == 0x80; i++)
		c = c << 6 | (p[i] & 0x3F);
	*used = i;
	if (i <= more || c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return KERR_INVAL;
	*cp = c;
	return 0;
}

bool
utf8_valid(const char *s, size_t len)
{
	uint32_t cp;
	size_t used;
	for (size_t i = 0; i < len; i += used)
		if (utf8_next(s + i, len - i, &cp, &used) < 0)
			return false;
	return true;
}

int
utf8_encode(uint32_t cp, char out[UTF8_MAX])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return KERR_INVAL;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

size_t
utf8_count(const char *s)
{
	size_t n = 0, len = strlen(s);
	while (len > 0) {
		uint32_t cp;
		size_t used;
		utf8_next(s, len, &cp, &used);
		s += used;
		len -= used;
		n++;
	}
	return n;
}

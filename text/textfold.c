/*
 * textfold.c - folding text for finding by typing (see textfold.h): one code point at a time,
 * mapped or dropped, spaces squeezed.
 */
#include "textfold.h"

#include "../common/utf8.h"

#include <stdint.h>
#include <string.h>

/* The folded code point of cp, or 0 to drop it. */
static uint32_t
fold_cp(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + ('a' - 'A');
	if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640)
		return 0; /* tashkeel, superscript alef, tatweel */
	switch (cp) {
	case 0x0622: /* آ */
	case 0x0623: /* أ */
	case 0x0625: /* إ */
	case 0x0671: /* ٱ */
		return 0x0627;
	case 0x0629: /* ة */
		return 0x0647;
	case 0x0649: /* ى */
	case 0x0626: /* ئ */
		return 0x064A;
	case 0x0624: /* ؤ */
		return 0x0648;
	case '\t':
	case '\n':
	case 0x00A0:
		return ' ';
	default:
		break;
	}
	if (cp >= 0x0660 && cp <= 0x0669)
		return '0' + (cp - 0x0660);
	if (cp >= 0x06F0 && cp <= 0x06F9)
		return '0' + (cp - 0x06F0);
	return cp;
}

size_t
text_fold(const char *in, char *out, size_t size)
{
	size_t len = strlen(in), at = 0, o = 0;
	bool space = true; /* leading spaces go too */
	if (size == 0)
		return 0;
	while (at < len) {
		uint32_t cp = 0;
		size_t used = 1;
		if (utf8_next(in + at, len - at, &cp, &used) < 0) {
			at += used ? used : 1;
			continue;
		}
		at += used;
		cp = fold_cp(cp);
		if (cp == 0 || (cp == ' ' && space))
			continue;
		space = cp == ' ';
		char enc[UTF8_MAX];
		int n = utf8_encode(cp, enc);
		if (n <= 0 || o + (size_t)n >= size)
			break;
		memcpy(out + o, enc, (size_t)n);
		o += (size_t)n;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

bool
text_fold_contains(const char *text, const char *needle)
{
	char t[512], n[256];
	text_fold(text, t, sizeof(t));
	text_fold(needle, n, sizeof(n));
	return strstr(t, n) != NULL;
}

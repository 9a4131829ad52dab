/*
 * kparse.c - whole-string number and hex byte parsers (see kparse.h). Hand-written digit loops
 * rather than strtol(): strtol skips leading blanks, takes "0x" in base 16, and reports overflow
 * only through errno, which each caller used to check (or forget) in its own way.
 */
#include "kparse.h"

#include "kerr.h"

#include <limits.h>
#include <stdbool.h>

static int
digit(int c, int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16)
		return kparse_hexdigit(c);
	return KERR_INVAL;
}

/* Digits only, at least one, value at most lim. */
static int
digits(const char *s, int base, unsigned long long lim, unsigned long long *out)
{
	unsigned long long v = 0;
	if (!*s)
		return KERR_INVAL;
	for (; *s; s++) {
		int d = digit((unsigned char)*s, base);
		if (d < 0 || (unsigned)d > lim || v > (lim - (unsigned)d) / (unsigned)base)
			return KERR_INVAL;
		v = v * (unsigned)base + (unsigned)d;
	}
	*out = v;
	return 0;
}

int
kparse_ll(const char *s, long long lo, long long hi, long long *out)
{
	unsigned long long v, lim = LLONG_MAX;
	long long n;
	bool neg = false;

	if (!s)
		return KERR_INVAL;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (neg)
		lim = (unsigned long long)LLONG_MAX + 1;
	if (digits(s, 10, lim, &v) < 0)
		return KERR_INVAL;
	if (!neg)
		n = (long long)v;
	else if (v == lim)
		n = LLONG_MIN;
	else
		n = -(long long)v;
	if (n < lo || n > hi)
		return KERR_INVAL;
	*out = n;
	return 0;
}

int
kparse_int(const char *s, int lo, int hi, int *out)
{
	long long v;
	if (kparse_ll(s, lo, hi, &v) < 0)
		return KERR_INVAL;
	*out = (int)v;
	return 0;
}

int
kparse_ull(const char *s, int base, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	if (!s || (base != 10 && base != 16) || digits(s, base, max, &v) < 0)
		return KERR_INVAL;
	*out = v;
	return 0;
}

int
kparse_hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return KERR_INVAL;
}

int
kparse_hex(const char *s, uint8_t *out, uint8_t *mask, size_t cap, size_t *n)
{
	size_t k = 0;

	*n = 0;
	if (!s)
		return KERR_INVAL;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == ':') {
			s++;
			continue;
		}
		if (k >= cap || !s[1])
			return KERR_INVAL;
		if (mask && s[0] == '?' && s[1] == '?') {
			out[k] = 0;
			mask[k++] = 0;
			s += 2;
			continue;
		}
		int hi = kparse_hexdigit((unsigned char)s[0]),
		    lo = kparse_hexdigit((unsigned char)s[1]);
		if (hi < 0 || lo < 0)
			return KERR_INVAL;
		out[k] = (uint8_t)(hi << 4 | lo);
		if (mask)
			mask[k] = 0xFF;
		k++;
		s += 2;
	}
	*n = k;
	return 0;
}

/*
 * kparse.h - small parsers for text from outside (config files, card images, profiles, command
 * lines): whole numbers with a range check, and hex byte strings.
 *
 * Every function reads the whole string: no leading or trailing blanks, no trailing garbage, no
 * empty string. Success is 0 and writes *out; failure is KERR_INVAL and leaves *out untouched.
 * No allocation, no locale, no errno; safe from any thread.
 */
#ifndef KIOSK_KPARSE_H
#define KIOSK_KPARSE_H

#include <stddef.h>
#include <stdint.h>

/* A decimal integer, optional leading '+' or '-', in [lo, hi]. Overflow is KERR_INVAL. */
int kparse_ll(const char *s, long long lo, long long hi, long long *out);

/* kparse_ll() for an int field. */
int kparse_int(const char *s, int lo, int hi, int *out);

/* An unsigned integer in base 10 or 16 (digits only: no sign, no "0x"), at most max. */
int kparse_ull(const char *s, int base, unsigned long long max, unsigned long long *out);

/* The value 0..15 of one hex digit (either case), or KERR_INVAL. */
int kparse_hexdigit(int c);

/*
 * Hex bytes, two digits each, separated by optional spaces, tabs or colons: "3B 7A 97", "3b:7a",
 * "3B7A97". When mask is not NULL, "??" is a wildcard byte: out 00, mask 00 (mask FF for the
 * others). At most cap bytes; *n gets the count (0 for an empty or blank string). KERR_INVAL on
 * an odd digit, a non-hex character or more than cap bytes, with *n = 0.
 */
int kparse_hex(const char *s, uint8_t *out, uint8_t *mask, size_t cap, size_t *n);

#endif

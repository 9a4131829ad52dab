/*
 * test_common.c - the shared parsers in common/: kparse.h (whole numbers with a range, hex byte
 * strings) and utf8.h (the strict decoder, validator, encoder and cut), edge cases first:
 * overflow, empty strings, trailing garbage, overlong forms, surrogates, truncated sequences.
 */
#include "../../common/kerr.h"
#include "../../common/kparse.h"
#include "../../common/utf8.h"
#include "../tap.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

static void
test_ll(void)
{
	long long v = 7;

	is_int(kparse_ll("42", 0, 100, &v), 0, "ll: 42");
	is_int(v, 42, "ll: 42 value");
	is_int(kparse_ll("-5", -10, 10, &v), 0, "ll: negative");
	is_int(v, -5, "ll: negative value");
	is_int(kparse_ll("+5", 0, 10, &v), 0, "ll: leading plus");
	is_int(v, 5, "ll: leading plus value");
	is_int(kparse_ll("0", 0, 0, &v), 0, "ll: range of one");
	is_int(kparse_ll("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), 0, "ll: LLONG_MAX");
	ok(v == LLONG_MAX, "ll: LLONG_MAX value");
	is_int(kparse_ll("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), 0, "ll: LLONG_MIN");
	ok(v == LLONG_MIN, "ll: LLONG_MIN value");

	v = 7;
	is_int(kparse_ll("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), KERR_INVAL,
	       "ll: overflow by one");
	is_int(kparse_ll("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v), KERR_INVAL,
	       "ll: negative overflow by one");
	is_int(kparse_ll("99999999999999999999999", LLONG_MIN, LLONG_MAX, &v), KERR_INVAL,
	       "ll: far overflow");
	is_int(kparse_ll("", 0, 10, &v), KERR_INVAL, "ll: empty");
	is_int(kparse_ll(NULL, 0, 10, &v), KERR_INVAL, "ll: NULL");
	is_int(kparse_ll("-", -10, 10, &v), KERR_INVAL, "ll: sign alone");
	is_int(kparse_ll("12x", 0, 100, &v), KERR_INVAL, "ll: trailing garbage");
	is_int(kparse_ll("12 ", 0, 100, &v), KERR_INVAL, "ll: trailing blank");
	is_int(kparse_ll(" 12", 0, 100, &v), KERR_INVAL, "ll: leading blank");
	is_int(kparse_ll("1.5", 0, 100, &v), KERR_INVAL, "ll: decimal point");
	is_int(kparse_ll("0x10", 0, 100, &v), KERR_INVAL, "ll: hex prefix");
	is_int(kparse_ll("--1", -10, 10, &v), KERR_INVAL, "ll: two signs");
	is_int(kparse_ll("101", 0, 100, &v), KERR_INVAL, "ll: above hi");
	is_int(kparse_ll("-1", 0, 100, &v), KERR_INVAL, "ll: below lo");
	is_int(v, 7, "ll: *out untouched on failure");
}

static void
test_int(void)
{
	int v = 3;

	is_int(kparse_int("2147483647", INT_MIN, INT_MAX, &v), 0, "int: INT_MAX");
	is_int(v, INT_MAX, "int: INT_MAX value");
	is_int(kparse_int("-2147483648", INT_MIN, INT_MAX, &v), 0, "int: INT_MIN");
	is_int(v, INT_MIN, "int: INT_MIN value");
	v = 3;
	is_int(kparse_int("2147483648", INT_MIN, INT_MAX, &v), KERR_INVAL, "int: past INT_MAX");
	is_int(kparse_int("4294967299", INT_MIN, INT_MAX, &v), KERR_INVAL,
	       "int: 2^32 + 3 does not wrap to 3");
	is_int(kparse_int("65536", 0, 65535, &v), KERR_INVAL, "int: port out of range");
	is_int(kparse_int("", 0, 10, &v), KERR_INVAL, "int: empty");
	is_int(kparse_int("8abc", 0, 10, &v), KERR_INVAL, "int: trailing garbage");
	is_int(v, 3, "int: *out untouched on failure");
}

static void
test_ull(void)
{
	unsigned long long v = 9;

	is_int(kparse_ull("5F21", 16, 0xFFFFFF, &v), 0, "ull: hex");
	is_int(v, 0x5F21, "ull: hex value");
	is_int(kparse_ull("5f21", 16, 0xFFFFFF, &v), 0, "ull: lower-case hex");
	is_int(kparse_ull("256", 10, 256, &v), 0, "ull: decimal at max");
	is_int(v, 256, "ull: decimal value");
	is_int(kparse_ull("ffffffffffffffff", 16, ULLONG_MAX, &v), 0, "ull: ULLONG_MAX");
	ok(v == ULLONG_MAX, "ull: ULLONG_MAX value");
	v = 9;
	is_int(kparse_ull("10000000000000000", 16, ULLONG_MAX, &v), KERR_INVAL, "ull: overflow");
	is_int(kparse_ull("257", 10, 256, &v), KERR_INVAL, "ull: above max");
	is_int(kparse_ull("5", 10, 0, &v), KERR_INVAL, "ull: above a max of 0");
	is_int(kparse_ull("1A", 10, 256, &v), KERR_INVAL, "ull: hex digit in base 10");
	is_int(kparse_ull("0x1A", 16, 256, &v), KERR_INVAL, "ull: 0x prefix");
	is_int(kparse_ull("+1", 10, 256, &v), KERR_INVAL, "ull: sign");
	is_int(kparse_ull("-1", 10, 256, &v), KERR_INVAL, "ull: minus does not wrap");
	is_int(kparse_ull("", 16, 256, &v), KERR_INVAL, "ull: empty");
	is_int(kparse_ull("12", 8, 256, &v), KERR_INVAL, "ull: base 8 refused");
	is_int(v, 9, "ull: *out untouched on failure");
}

static void
test_hex(void)
{
	uint8_t out[8], mask[8];
	size_t n = 99;

	is_int(kparse_hexdigit('0'), 0, "hexdigit 0");
	is_int(kparse_hexdigit('f'), 15, "hexdigit f");
	is_int(kparse_hexdigit('A'), 10, "hexdigit A");
	is_int(kparse_hexdigit('g'), KERR_INVAL, "hexdigit g");

	is_int(kparse_hex("3B 7a:97\t01", out, NULL, sizeof(out), &n), 0, "hex: separators");
	is_int(n, 4, "hex: four bytes");
	ok(out[0] == 0x3B && out[1] == 0x7A && out[2] == 0x97 && out[3] == 0x01,
	   "hex: byte values");
	is_int(kparse_hex("3B7A97", out, NULL, sizeof(out), &n), 0, "hex: no separators");
	is_int(n, 3, "hex: three bytes");
	is_int(kparse_hex("", out, NULL, sizeof(out), &n), 0, "hex: empty string");
	is_int(n, 0, "hex: empty is zero bytes");
	is_int(kparse_hex("3B ?? 97", out, mask, sizeof(out), &n), 0, "hex: wildcard with mask");
	ok(n == 3 && out[1] == 0 && mask[0] == 0xFF && mask[1] == 0 && mask[2] == 0xFF,
	   "hex: wildcard gives mask 00, others FF");
	is_int(kparse_hex("3B ?? 97", out, NULL, sizeof(out), &n), KERR_INVAL,
	       "hex: wildcard refused without a mask");
	is_int(n, 0, "hex: count 0 on failure");
	is_int(kparse_hex("3B 7", out, NULL, sizeof(out), &n), KERR_INVAL, "hex: odd digit");
	is_int(kparse_hex("3 B", out, NULL, sizeof(out), &n), KERR_INVAL, "hex: split byte");
	is_int(kparse_hex("3B zz", out, NULL, sizeof(out), &n), KERR_INVAL, "hex: not hex");
	is_int(kparse_hex("3B-7A", out, NULL, sizeof(out), &n), KERR_INVAL,
	       "hex: trailing garbage separator");
	is_int(kparse_hex("0102", out, NULL, 1, &n), KERR_INVAL, "hex: more than cap");
	is_int(kparse_hex("01", out, NULL, 1, &n), 0, "hex: exactly cap");
}

/* decodes one sequence: rc, code point and bytes used */
static void
next_is(const char *s, size_t len, int rc, uint32_t cp, size_t used, const char *what)
{
	uint32_t c;
	size_t u;
	int r = utf8_next(s, len, &c, &u);
	ok(r == rc && c == cp && u == used, "utf8_next: %s", what);
	if (r != rc || c != cp || u != used)
		printf("#   got rc %d cp U+%04X used %zu\n", r, (unsigned)c, u);
}

static void
test_utf8_next(void)
{
	next_is("A", 1, 0, 'A', 1, "ASCII");
	next_is("\0", 1, 0, 0, 1, "NUL is U+0000");
	next_is("\xC3\xA9", 2, 0, 0xE9, 2, "2 bytes");
	next_is("\xD8\xB3", 2, 0, 0x633, 2, "Arabic seen");
	next_is("\xE2\x82\xAC", 3, 0, 0x20AC, 3, "3 bytes");
	next_is("\xF0\x9F\x98\x80", 4, 0, 0x1F600, 4, "4 bytes");
	next_is("\xF4\x8F\xBF\xBF", 4, 0, 0x10FFFF, 4, "U+10FFFF");
	next_is("\xEF\xBF\xBD", 3, 0, 0xFFFD, 3, "U+FFFD itself");
	next_is("\xC2\x80", 2, 0, 0x80, 2, "smallest 2-byte");
	next_is("\xE0\xA0\x80", 3, 0, 0x800, 3, "smallest 3-byte");
	next_is("\xF0\x90\x80\x80", 4, 0, 0x10000, 4, "smallest 4-byte");

	next_is("\xC0\xAF", 2, KERR_INVAL, 0xFFFD, 2, "overlong '/' (C0 AF)");
	next_is("\xC1\xBF", 2, KERR_INVAL, 0xFFFD, 2, "overlong C1 BF");
	next_is("\xE0\x80\xAF", 3, KERR_INVAL, 0xFFFD, 3, "overlong 3-byte");
	next_is("\xF0\x8F\xBF\xBF", 4, KERR_INVAL, 0xFFFD, 4, "overlong 4-byte");
	next_is("\xED\xA0\x80", 3, KERR_INVAL, 0xFFFD, 3, "surrogate U+D800");
	next_is("\xED\xBF\xBF", 3, KERR_INVAL, 0xFFFD, 3, "surrogate U+DFFF");
	next_is("\xED\x9F\xBF", 3, 0, 0xD7FF, 3, "U+D7FF just below surrogates");
	next_is("\xF4\x90\x80\x80", 4, KERR_INVAL, 0xFFFD, 4, "U+110000");
	next_is("\xF5\x80\x80\x80", 4, KERR_INVAL, 0xFFFD, 4, "lead F5");
	next_is("\xF8\x88\x80\x80\x80", 5, KERR_INVAL, 0xFFFD, 1, "5-byte form: lead alone");
	next_is("\xFF", 1, KERR_INVAL, 0xFFFD, 1, "byte FF");
	next_is("\x80", 1, KERR_INVAL, 0xFFFD, 1, "lone continuation");

	next_is("\xE2\x82", 2, KERR_INVAL, 0xFFFD, 2, "truncated at end of input");
	next_is("\xE2\x82\xAC", 2, KERR_INVAL, 0xFFFD, 2, "len cuts the sequence");
	next_is("\xE2\x82\x41", 3, KERR_INVAL, 0xFFFD, 2, "truncated before ASCII 'A'");
	next_is("\xC3\x41", 2, KERR_INVAL, 0xFFFD, 1, "lead then ASCII 'A'");
	next_is("\xF0\x9F\x98", 3, KERR_INVAL, 0xFFFD, 3, "4-byte missing its last");
}

static void
test_utf8_valid(void)
{
	ok(utf8_valid("", 0), "valid: empty");
	const char *mixed = "Salim \xD8\xB3\xD8\xA7\xD9\x84\xD9\x85 \xF0\x9F\x98\x80";
	ok(utf8_valid(mixed, strlen(mixed)), "valid: mixed");
	ok(!utf8_valid("ab\xC0\xAF", 4), "valid: overlong refused");
	ok(!utf8_valid("ab\xED\xA0\x80", 5), "valid: surrogate refused");
	ok(!utf8_valid("ab\xE2\x82", 4), "valid: truncated at the end refused");
	ok(!utf8_valid("\xE2\x82\xAC", 2), "valid: length cuts a sequence");
	ok(!utf8_valid("\xF4\x90\x80\x80", 4), "valid: past U+10FFFF refused");
}

static void
test_utf8_encode(void)
{
	char b[UTF8_MAX];
	uint32_t c;
	size_t u;
	int bad = 0;

	is_int(utf8_encode('A', b), 1, "encode: ASCII");
	is_int(utf8_encode(0x633, b), 2, "encode: Arabic");
	ok(memcmp(b, "\xD8\xB3", 2) == 0, "encode: Arabic bytes");
	is_int(utf8_encode(0x20AC, b), 3, "encode: euro");
	is_int(utf8_encode(0x10FFFF, b), 4, "encode: U+10FFFF");
	is_int(utf8_encode(0xD800, b), KERR_INVAL, "encode: surrogate refused");
	is_int(utf8_encode(0x110000, b), KERR_INVAL, "encode: past U+10FFFF refused");

	/* every boundary value round-trips through the decoder */
	static const uint32_t cps[] = {0,      0x7F,   0x80,    0x7FF,    0x800,   0xD7FF,
	                               0xE000, 0xFFFF, 0x10000, 0x10FFFF, 0x1F600, 0xFFFD};
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		int k = utf8_encode(cps[i], b);
		if (k < 1 || utf8_next(b, (size_t)k, &c, &u) != 0 || c != cps[i] || u != (size_t)k)
			bad++;
	}
	is_int(bad, 0, "encode/decode round trip at the boundaries");
}

static void
test_utf8_cut(void)
{
	const char *s = "a\xD8\xB3\xE2\x82\xAC"; /* a, U+0633 (2 bytes), U+20AC (3 bytes) */
	is_int(utf8_cut(s, 0), 0, "cut: 0");
	is_int(utf8_cut(s, 1), 1, "cut: after ASCII");
	is_int(utf8_cut(s, 2), 1, "cut: inside a 2-byte sequence backs off");
	is_int(utf8_cut(s, 3), 3, "cut: on a boundary");
	is_int(utf8_cut(s, 5), 3, "cut: inside a 3-byte sequence backs off");
	is_int(utf8_cut(s, 6), 6, "cut: at the NUL");
}

int
main(void)
{
	test_ll();
	test_int();
	test_ull();
	test_hex();
	test_utf8_next();
	test_utf8_valid();
	test_utf8_encode();
	test_utf8_cut();
	return tap_done();
}

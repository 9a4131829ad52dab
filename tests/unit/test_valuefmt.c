/*
 * test_valuefmt.c - values written for people (app/engine/valuefmt.h), the same on screen and on
 * paper: amounts, "OMR 12.500" in English, the amount then the rial's abbreviation in Arabic; 0,
 * negative and very large amounts, no thousands separator.
 */
#include "../tap.h"
#include "../texts.h"

#include "app/engine/valuefmt.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

#define FSI "\u2068"
#define PDI "\u2069"

/* The plain text of s (bidi controls dropped), for comparing with what a person reads. */
static const char *
plain(const char *s, char *out, size_t size)
{
	text_strip_controls(s, out, size);
	return out;
}

static void
amounts(void)
{
	const struct i18n *tx = test_texts();
	char out[128], p[128];
	static const struct {
		int64_t baisa;
		const char *en, *ar;
	} cases[] = {
	        {12500, "OMR 12.500", "12.500 ر.ع."},
	        {0, "OMR 0.000", "0.000 ر.ع."},
	        {5, "OMR 0.005", "0.005 ر.ع."},
	        {-12500, "OMR -12.500", "-12.500 ر.ع."},
	        {-5, "OMR -0.005", "-0.005 ر.ع."},
	        {1234567890123, "OMR 1234567890.123", "1234567890.123 ر.ع."},
	        {INT64_MAX, "OMR 9223372036854775.807", "9223372036854775.807 ر.ع."},
	        {INT64_MIN, "OMR -9223372036854775.808", "-9223372036854775.808 ر.ع."},
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		valuefmt_amount(tx, "en", cases[k].baisa, out, sizeof(out));
		is_str(plain(out, p, sizeof(p)), cases[k].en, "en: %lld baisa",
		       (long long)cases[k].baisa);
		valuefmt_amount(tx, "ar", cases[k].baisa, out, sizeof(out));
		is_str(plain(out, p, sizeof(p)), cases[k].ar, "ar: %lld baisa",
		       (long long)cases[k].baisa);
	}
	valuefmt_amount(tx, "ar", 12500, out, sizeof(out));
	is_str(out, FSI "12.500" PDI " ر.ع.", "ar: the amount is isolated, then the abbreviation");
}

int
main(void)
{
	amounts();
	return tap_done();
}

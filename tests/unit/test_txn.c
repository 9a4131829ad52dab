/*
 * test_txn.c - transaction references: format and check digit (a mistyped reference is caught).
 */
#include "../../app/txn.h"
#include "../../common/kerr.h"
#include "../tap.h"

#include <string.h>

int
main(void)
{
	char ref[64];
	txn_reference("KIOSK-DEMO-001", 42, ref, sizeof(ref));
	ok(strncmp(ref, "KIOSK-DEMO-001-000042-", 22) == 0, "format %s", ref);
	is_int(txn_reference_check(ref), 0, "own reference checks");
	int caught = 0, total = 0;
	for (int pos = 15; pos < 21; pos++) { /* change each digit of the sequence */
		for (char d = '0'; d <= '9'; d++) {
			char bad[64];
			memcpy(bad, ref, sizeof(bad));
			if (bad[pos] == d)
				continue;
			bad[pos] = d;
			total++;
			caught += txn_reference_check(bad) != 0;
		}
	}
	is_int(caught, total, "every single-digit error is caught (%d)", total);
	char swapped[64];
	txn_reference("K", 12, ref, sizeof(ref));
	memcpy(swapped, ref, sizeof(swapped));
	swapped[6] = ref[7]; /* "K-000012-x" -> swap the last two sequence digits */
	swapped[7] = ref[6];
	ok(txn_reference_check(swapped) != 0, "adjacent swap caught (%s)", swapped);
	is_int(txn_reference_check("nonsense"), KERR_INVAL, "garbage refused");
	is_int(txn_reference_check("K-12a-3"), KERR_INVAL, "letters refused");

	/* a reference typed back: its sequence, this kiosk's only */
	int64_t seq = 0;
	txn_reference("KIOSK-DEMO-001", 42, ref, sizeof(ref));
	is_int(txn_reference_parse("KIOSK-DEMO-001", ref, &seq), 0, "parse %s", ref);
	is_int(seq, 42, "its sequence");
	char lower[64];
	for (size_t i = 0; i <= strlen(ref); i++)
		lower[i] = (char)(ref[i] >= 'A' && ref[i] <= 'Z' ? ref[i] - 'A' + 'a' : ref[i]);
	seq = 0;
	ok(txn_reference_parse("KIOSK-DEMO-001", lower, &seq) == 0 && seq == 42,
	   "typed in lower case: the same");
	is_int(txn_reference_parse("KIOSK-DEMO-002", ref, &seq), KERR_NOTFOUND,
	       "another kiosk's: not found here");
	is_int(txn_reference_parse("KIOSK-DEMO", ref, &seq), KERR_INVAL,
	       "a kiosk id that is only a prefix of it: not a reference of that kiosk");
	memcpy(lower, ref, sizeof(lower));
	lower[strlen(lower) - 1] =
	        lower[strlen(lower) - 1] == '9' ? '0' : lower[strlen(lower) - 1] + 1;
	is_int(txn_reference_parse("KIOSK-DEMO-001", lower, &seq), KERR_INVAL,
	       "a wrong check digit: refused");
	return tap_done();
}

/*
 * txn.c - transaction references (see txn.h): the kiosk's reference with its check digit.
 */
#include "txn.h"

#include "../common/kerr.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int
luhn_digit(const char *digits)
{
	int sum = 0, dbl = 1;
	for (int i = (int)strlen(digits) - 1; i >= 0; i--) {
		int d = digits[i] - '0';
		if (dbl) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return (10 - sum % 10) % 10;
}

void
txn_reference(const char *kiosk_id, int64_t seq, char *out, size_t size)
{
	char digits[24];
	snprintf(digits, sizeof(digits), "%06lld", (long long)seq);
	snprintf(out, size, "%s-%s-%d", kiosk_id, digits, luhn_digit(digits));
}

int
txn_reference_check(const char *ref)
{
	const char *dash = strrchr(ref, '-');
	if (!dash || dash == ref || !dash[1] || dash[2])
		return KERR_INVAL;
	const char *start = dash - 1;
	while (start > ref && start[-1] != '-')
		start--;
	char digits[24];
	size_t n = (size_t)(dash - start);
	if (n == 0 || n >= sizeof(digits))
		return KERR_INVAL;
	memcpy(digits, start, n);
	digits[n] = 0;
	for (size_t i = 0; i < n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return KERR_INVAL;
	return luhn_digit(digits) == dash[1] - '0' ? 0 : KERR_INVAL;
}

int
txn_reference_parse(const char *kiosk_id, const char *ref, int64_t *seq)
{
	size_t k = strlen(kiosk_id);
	if (txn_reference_check(ref) < 0)
		return KERR_INVAL;
	/* typed on a kiosk keyboard, a reference may come in lower case */
	if (strncasecmp(ref, kiosk_id, k) != 0 || ref[k] != '-')
		return KERR_NOTFOUND;
	const char *d = ref + k + 1;
	int64_t n = 0;
	for (; *d >= '0' && *d <= '9'; d++) {
		if (n > INT64_MAX / 10 - 1)
			return KERR_INVAL;
		n = n * 10 + (*d - '0');
	}
	if (*d != '-' || !d[1] || d[2] || n < 1)
		return KERR_INVAL; /* the kiosk id is only a prefix of the one in ref */
	*seq = n;
	return 0;
}

/*
 * txn.c - transactions (see txn.h): payload JSON (jansson), outbox commit, references.
 */
#include "txn.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../drivers/card/identity.h"
#include "../drivers/clock.h"
#include "../offline-cache/queue.h"
#include "kiosk.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
txn_submit_visit(struct kiosk *k, const struct card_identity *id, struct queue_item *out)
{
	char when[32];
	int rc;
	int64_t now = clock_wall_ms(&k->clock);

	clock_format_oman(now, when, sizeof(when));
	json_t *p = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:s}", "service",
	                      "visit-receipt", "kiosk_location", k->cfg.location, "person",
	                      "civil_number", id->civil_number, "name_ar", id->name_ar, "name_en",
	                      id->name_en, "nationality", id->nationality, "created", when, "lang",
	                      k->view.lang);
	if (!p)
		return KERR_INVAL; /* jansson refuses invalid UTF-8: the card read already checked
		                      it */
	char *text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	if (!text)
		return KERR_NOMEM;
	rc = queue_enqueue(k->queue, k->cfg.kiosk_id, "visit-receipt", text, now, out);
	memset(text, 0, strlen(text));
	free(text);
	if (rc)
		klog(KLOG_ERR, "txn", "could not commit the transaction: %s", kerr_str(rc));
	else
		klog(KLOG_INFO, "txn", "transaction %lld committed", (long long)out->seq);
	return rc;
}
